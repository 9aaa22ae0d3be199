// Starts a real Exim (Debian's exim4-daemon-light, /usr/sbin/exim4) in the foreground with its own
// config, spool and logs in a temp dir, on three free loopback ports: SMTP that offers STARTTLS,
// SMTP that offers no TLS at all, and SMTPS (TLS from the first byte). It accepts no mail (every
// RCPT is denied). Run as root (CI is): exim keeps root for -C only then, and needs it for the spool.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { findClosedPort } from '../loopback-server.ts';
import { collectOutput, type Pems, stopDaemon, waitUntilListening } from './mail-service-process.ts';

const EXIM = '/usr/sbin/exim4';
const EXIM_USER = 'Debian-exim';
export const EXIM_HOSTNAME = 'mail.vigil-test.example';

export interface EximServer {
  /** SMTP with STARTTLS offered in the EHLO reply. */
  starttlsPort: number;
  /** SMTP without TLS: EHLO offers no STARTTLS. */
  plainPort: number;
  /** SMTPS: TLS from the first byte. */
  implicitPort: number;
  stop: () => Promise<void>;
}

/** Starts Exim with `pems` as its certificate; fails with what Exim said when it does not start. */
export async function startExim(pems: Pems): Promise<EximServer> {
  if (!existsSync(EXIM)) throw new Error(`${EXIM} is missing: install the Debian package exim4-daemon-light`);
  if (userInfo().uid !== 0)
    throw new Error('startExim: exim runs its own config (-C) with root privilege only; run as root');
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-exim-'));
  const [starttlsPort, plainPort, implicitPort] = [
    await findClosedPort(),
    await findClosedPort(),
    await findClosedPort(),
  ];
  await mkdir(path.join(dir, 'spool'));
  await mkdir(path.join(dir, 'log'));
  await writeFile(path.join(dir, 'cert.pem'), pems.cert);
  await writeFile(path.join(dir, 'key.pem'), pems.private, { mode: 0o640 });
  const config = makeConfig(dir, { starttlsPort, plainPort, implicitPort });
  await writeFile(path.join(dir, 'exim.conf'), config);
  // Exim writes its spool and logs, and reads the key, as its own user.
  const { uid, gid } = await findUser(EXIM_USER);
  for (const name of ['', 'spool', 'log', 'key.pem']) await chown(path.join(dir, name), uid, gid);
  await chmod(dir, 0o755);
  const daemon = spawn(EXIM, ['-C', path.join(dir, 'exim.conf'), '-bdf'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(daemon);
  const server: EximServer = {
    starttlsPort,
    plainPort,
    implicitPort,
    stop: async () => {
      await stopDaemon(daemon);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  try {
    await waitUntilListening(daemon, 'exim', [starttlsPort, plainPort, implicitPort], async () => {
      const log = await readFile(path.join(dir, 'log', 'mainlog'), 'utf8').catch(() => '');
      const panic = await readFile(path.join(dir, 'log', 'paniclog'), 'utf8').catch(() => '');
      return `${output()}${log}${panic}`;
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function makeConfig(
  dir: string,
  ports: { starttlsPort: number; plainPort: number; implicitPort: number },
): string {
  return `primary_hostname = ${EXIM_HOSTNAME}
keep_environment =
spool_directory = ${path.join(dir, 'spool')}
log_file_path = ${path.join(dir, 'log')}/%slog
pid_file_path = ${path.join(dir, 'exim.pid')}
local_interfaces = 127.0.0.1
daemon_smtp_ports = ${ports.starttlsPort} : ${ports.plainPort} : ${ports.implicitPort}
tls_on_connect_ports = ${ports.implicitPort}
tls_certificate = ${path.join(dir, 'cert.pem')}
tls_privatekey = ${path.join(dir, 'key.pem')}
# STARTTLS on every port but the plain one (SMTPS speaks TLS before EHLO anyway).
tls_advertise_hosts = \${if eq{$received_port}{${ports.plainPort}}{}{*}}
host_lookup =
rfc1413_hosts =
acl_smtp_rcpt = deny_all
begin acl
deny_all:
  deny message = this test server accepts no mail
`;
}

async function findUser(name: string): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === name);
  if (fields === undefined)
    throw new Error(`user ${name} is missing: install the Debian package exim4-daemon-light`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
