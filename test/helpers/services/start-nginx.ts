// Starts a real nginx (Debian's nginx-light, /usr/sbin/nginx) in the foreground on a free loopback
// port, with its own prefix, config, pid file, logs and temp dirs in a temp dir; optionally https
// with a self-signed certificate made out to a name, not to the address.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { $ } from 'zx';
import { findClosedPort } from '../loopback-server.ts';

const NGINX = '/usr/sbin/nginx';
const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 10_000;
/** What `GET /` answers with. */
export const NGINX_GREETING = 'vigil test nginx\n';

export interface NginxServer {
  port: number;
  /** The master process (workers share its listening sockets). */
  pid: number;
  /** `http://127.0.0.1:port/`, or https. */
  url: string;
  stop: () => Promise<void>;
}

export interface NginxOptions {
  /** Addresses to listen on (each with the same port); default 127.0.0.1 only. */
  addresses?: readonly string[];
  /** Serve https with a self-signed certificate for "vigil-test.example". */
  tls?: boolean;
  /**
   * The server block's contents after listen (e.g. `root …; include vigil.conf;`), with Debian's
   * mime.types loaded; default: `GET /` answers NGINX_GREETING.
   */
  serverBlock?: string;
}

export async function startNginx(options: NginxOptions = {}): Promise<NginxServer> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: install the Debian package nginx-light`);
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-nginx-'));
  const port = await findClosedPort();
  const tls = options.tls === true;
  if (tls) {
    await $({
      quiet: true,
      cwd: dir,
      timeout: '30s',
    })`openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -subj /CN=vigil-test.example -days 2`;
  }
  const addresses = options.addresses ?? ['127.0.0.1'];
  await writeFile(path.join(dir, 'nginx.conf'), makeConfig(dir, port, addresses, tls, options.serverBlock));
  const daemon = spawn(
    NGINX,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = `${output}${chunk.toString('utf8')}`.slice(-4000);
  };
  daemon.stdout?.on('data', keep);
  daemon.stderr?.on('data', keep);
  const server: NginxServer = {
    port,
    pid: daemon.pid ?? 0,
    url: `${tls ? 'https' : 'http'}://${formatHost(addresses[0] ?? '127.0.0.1')}:${port}/`,
    stop: async () => {
      await stopDaemon(daemon);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  try {
    await waitUntilListening(daemon, addresses[0] ?? '127.0.0.1', port, async () => {
      const log = await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
      return `${output}${log}`;
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function makeConfig(
  dir: string,
  port: number,
  addresses: readonly string[],
  tls: boolean,
  serverBlock?: string,
): string {
  const listen = addresses
    .map((address) => `    listen ${formatHost(address)}:${port}${tls ? ' ssl' : ''};`)
    .join('\n');
  const certificate = tls
    ? `    ssl_certificate ${path.join(dir, 'cert.pem')};\n    ssl_certificate_key ${path.join(dir, 'key.pem')};\n`
    : '';
  const body =
    serverBlock ??
    `    location / { default_type text/plain; return 200 ${JSON.stringify(NGINX_GREETING)}; }`;
  return `daemon off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
${serverBlock === undefined ? '' : '  include /etc/nginx/mime.types;\n'}  access_log off;
  client_body_temp_path ${path.join(dir, 'client_body')};
  proxy_temp_path ${path.join(dir, 'proxy')};
  fastcgi_temp_path ${path.join(dir, 'fastcgi')};
  server {
${listen}
${certificate}${body}
  }
}
`;
}

async function waitUntilListening(
  daemon: ChildProcess,
  host: string,
  port: number,
  output: () => Promise<string>,
): Promise<void> {
  for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
    if (daemon.exitCode !== null) break;
    if (await canConnect(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not start (exit ${daemon.exitCode ?? 'none yet'}); it said:\n${await output()}`);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  // SIGQUIT is nginx's graceful stop; SIGTERM its fast one, enough for a test.
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_WAIT_MS);
  await exited;
  clearTimeout(timer);
}

function formatHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
