import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loginProbe } from '../../../../../collectors/probes/login/probe-login.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { LoginCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

function probe(fields: Record<string, unknown>, timeoutMs = 5000) {
  const check = LoginCheckSchema.parse({ id: 'login1', type: 'login', ...fields });
  return loginProbe.probe(check, makeProbeContext({ run: runCommand, timeoutMs }));
}

/** Why a program these tests run is missing here, or undefined when each answers. */
function whyCannotRun(program: string, args: string[]): string | undefined {
  try {
    execFileSync(program, args, { stdio: 'ignore', timeout: 5000 });
    return undefined;
  } catch (error) {
    return `${program} ${args.join(' ')} failed (${(error as Error).message.split('\n')[0]}); install ${program === 'ssh' ? 'openssh-client' : 'procps'}`;
  }
}
const noUptime = whyCannotRun('uptime', []);
const noSsh = whyCannotRun('ssh', ['-V']);
for (const problem of [noUptime, noSsh]) {
  if (problem !== undefined && process.env.CI)
    throw new Error(`the login probe's integration test cannot run on CI: ${problem}`);
}

const servers: Server[] = [];
const sockets: Socket[] = [];

/** A loopback TCP server that does `onConnection` with each client; its port. */
async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const ssh = (port: number, connectSeconds = 1) => [
  'ssh',
  '-o',
  'BatchMode=yes',
  '-o',
  `ConnectTimeout=${connectSeconds}`,
  '-p',
  String(port),
  '127.0.0.1',
  'uptime',
];

describe('login probe running real programs', () => {
  it.skipIf(noUptime !== undefined)("reads this machine's own uptime", async () => {
    const observation = await probe({});
    expect(observation.status, observation.message).toBe('up');
    const metrics = observation.metrics as Record<string, number>;
    for (const name of ['load1', 'load5', 'load15']) expect(metrics[name]).toBeGreaterThanOrEqual(0);
    // procps counts the sessions in utmp: none in a container, but always a whole number.
    if (metrics.users !== undefined) expect(Number.isInteger(metrics.users)).toBe(true);
    expect(observation.detail?.uptimeLine).toMatch(/load average/);
  });

  it('is down, timed out, for a command that hangs, and the command is ended', async () => {
    const observation = await probe({ command: ['sleep', '31.337'] }, 1000);
    expect(observation).toEqual({ status: 'down', message: 'timed out after 1 s' });
    // pgrep exits 1 when no process matches: the runner ended the hung program with its group.
    expect(() => execFileSync('pgrep', ['-f', 'sleep 31.337'])).toThrow();
  });

  it('is down, reading only the start, for a command that prints megabytes that are no uptime line', async () => {
    const observation = await probe({ command: ['seq', '1', '3000000'] }, 10_000);
    expect(observation).toEqual({ status: 'down', message: 'no load average in the output: "1"' });
  });

  it.skipIf(noSsh !== undefined)(
    'is down for an ssh server that accepts and never answers: ssh gives up at its ConnectTimeout',
    async () => {
      const port = await listen(() => {});
      const observation = await probe({ command: ssh(port) }, 5000);
      expect(observation).toEqual({
        status: 'down',
        message: 'ssh exited with status 255: Connection timed out during banner exchange',
      });
    },
  );

  it.skipIf(noSsh !== undefined)('is down, timed out, when the check times out before ssh does', async () => {
    const port = await listen(() => {});
    const observation = await probe({ command: ssh(port, 60) }, 2000);
    expect(observation).toEqual({ status: 'down', message: 'timed out after 2 s' });
  });

  it.skipIf(noSsh !== undefined)(
    'is down with ssh’s own words for a server that closes mid-greeting',
    async () => {
      const port = await listen((socket) => socket.end('SSH-2.0-Open'));
      const observation = await probe({ command: ssh(port) }, 5000);
      expect(observation.status).toBe('down');
      expect(observation.message).toMatch(/^ssh exited with status 255: .*(closed|reset)/i);
    },
  );
});
