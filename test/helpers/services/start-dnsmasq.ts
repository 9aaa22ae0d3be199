// Starts a real dnsmasq (Debian's dnsmasq package) on 127.0.0.1 and a free port, answering only from
// its command line: no /etc/resolv.conf, no /etc/hosts, no config file, no upstream. `records` are
// dnsmasq options that define the answers (`--host-record=…`, `--txt-record=…`, `--auth-zone=…`).
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findClosedPort } from '../loopback-server.ts';

const DNSMASQ = '/usr/sbin/dnsmasq';
const START_WAIT_MS = 20_000;
const STOP_WAIT_MS = 10_000;

export interface DnsmasqServer {
  address: '127.0.0.1';
  port: number;
  /** What dnsmasq logged so far (its queries too, with `logQueries`). */
  output: () => string;
  stop: () => Promise<void>;
}

export interface DnsmasqOptions {
  /** dnsmasq options that define what it answers, e.g. `--host-record=svc.test,127.0.0.5`. */
  records: readonly string[];
  /** Log every query (--log-queries) to `output()`. */
  logQueries?: boolean;
}

/** True when dnsmasq is installed; a test that needs it fails on CI without it, and may skip locally. */
export function hasDnsmasq(): boolean {
  return existsSync(DNSMASQ);
}

export async function startDnsmasq(options: DnsmasqOptions): Promise<DnsmasqServer> {
  if (!hasDnsmasq()) throw new Error(`${DNSMASQ} is missing: install the Debian package dnsmasq`);
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-dnsmasq-'));
  const port = await findClosedPort();
  const daemon = spawn(
    DNSMASQ,
    [
      '--keep-in-foreground',
      '--no-resolv',
      '--no-hosts',
      `--port=${port}`,
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      '--conf-file=/dev/null',
      `--pid-file=${path.join(dir, 'dnsmasq.pid')}`,
      '--log-facility=-',
      // Run as whoever started it: as root it would switch to the "dnsmasq" user it may not have.
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ...(options.logQueries ? ['--log-queries'] : []),
      ...options.records,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = `${output}${chunk.toString('utf8')}`.slice(-20_000);
  };
  daemon.stdout?.on('data', keep);
  daemon.stderr?.on('data', keep);
  const server: DnsmasqServer = {
    address: '127.0.0.1',
    port,
    output: () => output,
    stop: async () => {
      await stopDaemon(daemon);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilAnswering(daemon, port, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Asks the root's SOA over udp (any answer, REFUSED included, proves the socket is bound) until one comes. */
async function waitUntilAnswering(daemon: ChildProcess, port: number, output: () => string): Promise<void> {
  // id 0x5151, no flags, one question: ". SOA IN".
  const query = Buffer.from('515100000001000000000000' + '00' + '0006' + '0001', 'hex');
  for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
    if (daemon.exitCode !== null) break;
    if (await askOnce(port, query)) return;
  }
  throw new Error(`dnsmasq did not start (exit ${daemon.exitCode ?? 'none yet'}); it said:\n${output()}`);
}

function askOnce(port: number, query: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.on('error', () => {
      // Nothing bound yet (ECONNREFUSED): try again after the timer.
    });
    socket.on('message', () => done(true));
    socket.send(query, port, '127.0.0.1');
  });
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_WAIT_MS);
  await exited;
  clearTimeout(timer);
}
