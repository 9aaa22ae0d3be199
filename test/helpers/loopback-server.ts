import type { IncomingMessage, Server } from 'node:http';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';

export interface LoopbackServer {
  port: number;
  /** Stops listening and cuts every open connection, so a test never waits on a hung client. */
  close: () => Promise<void>;
}

/** Starts an HTTP(S) server on 127.0.0.1 at a free port. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a raw TCP server on 127.0.0.1 at a free port. */
export async function listenTcpOnLoopback(server: TcpServer): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening: bound once to claim it, then closed. */
export async function findClosedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Whether a request to a test's receiver came from `vigil init` in another test file, which probes
 * every listener a node process holds on this machine (a GET of `/` or JupyterHub's `/hub/api`).
 * A receiver that counts what a collector sent answers those with 404 and leaves them out.
 */
export function isInitProbe(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.url === '/' || req.url === '/hub/api');
}
