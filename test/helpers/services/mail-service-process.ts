// What start-exim.ts and start-dovecot.ts share: waiting for a daemon's ports, stopping it, and
// the self-signed certificates the tests make for them.
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { generate } from 'selfsigned';

const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 10_000;
const DAY_MS = 86_400_000;

/** A certificate and its key, PEM. */
export interface Pems {
  cert: string;
  private: string;
}

/** A self-signed certificate for `commonName` valid from `fromDays` to `toDays` days around now. */
export async function makeSelfSignedPems(
  commonName: string,
  fromDays: number,
  toDays: number,
): Promise<Pems> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now + fromDays * DAY_MS),
    notAfterDate: new Date(now + toDays * DAY_MS),
  });
  return { cert: pems.cert, private: pems.private };
}

/** Resolves once every port accepts a connection; throws with the daemon's own words if it exits or never does. */
export async function waitUntilListening(
  daemon: ChildProcess,
  name: string,
  ports: readonly number[],
  output: () => Promise<string>,
): Promise<void> {
  for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
    if (daemon.exitCode !== null) break;
    const open = await Promise.all(ports.map((port) => canConnect(port)));
    if (open.every(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${name} did not start (exit ${daemon.exitCode ?? 'none yet'}); it said:\n${await output()}`,
  );
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM, then SIGKILL after STOP_WAIT_MS; resolves when the daemon has exited. */
export async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_WAIT_MS);
  await exited;
  clearTimeout(timer);
}

/** The last 4000 characters the daemon printed, for a start failure's message. */
export function collectOutput(daemon: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = `${output}${chunk.toString('utf8')}`.slice(-4000);
  };
  daemon.stdout?.on('data', keep);
  daemon.stderr?.on('data', keep);
  return () => output;
}
