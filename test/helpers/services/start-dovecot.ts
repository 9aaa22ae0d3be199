// Starts a real Dovecot (Debian's dovecot-imapd and dovecot-pop3d) in the foreground with its own
// config, base and state dirs and log in a temp dir, on free loopback ports: IMAP and POP3 (with
// STARTTLS/STLS when `tls`), and with `tls` also IMAPS and POP3S. A passwd-file with one user that
// can never log in lets it start; the tests never log in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { findClosedPort } from '../loopback-server.ts';
import { collectOutput, type Pems, stopDaemon, waitUntilListening } from './mail-service-process.ts';

const DOVECOT = '/usr/sbin/dovecot';

export interface DovecotServer {
  imapPort: number;
  pop3Port: number;
  /** With `tls` only. */
  imapsPort?: number;
  pop3sPort?: number;
  stop: () => Promise<void>;
}

export interface DovecotOptions {
  /** Offer STARTTLS/STLS and listen for IMAPS/POP3S with this certificate; without it, plain text only. */
  pems?: Pems;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  for (const binary of [DOVECOT, '/usr/lib/dovecot/imap-login', '/usr/lib/dovecot/pop3-login']) {
    if (!existsSync(binary))
      throw new Error(`${binary} is missing: install the Debian packages dovecot-imapd and dovecot-pop3d`);
  }
  if (userInfo().uid !== 0)
    throw new Error('startDovecot: dovecot drops privilege to its own users; run as root');
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-dovecot-'));
  await chmod(dir, 0o755);
  const imapPort = await findClosedPort();
  const pop3Port = await findClosedPort();
  const tlsPorts =
    options.pems === undefined ? undefined : { imaps: await findClosedPort(), pop3s: await findClosedPort() };
  if (options.pems !== undefined) {
    await writeFile(path.join(dir, 'cert.pem'), options.pems.cert);
    await writeFile(path.join(dir, 'key.pem'), options.pems.private, { mode: 0o600 });
  }
  // A password no scheme can match: the user exists so the userdb loads, and nobody logs in.
  await writeFile(path.join(dir, 'passwd'), 'vigil:{PLAIN}!locked::::::\n');
  await writeFile(path.join(dir, 'dovecot.conf'), makeConfig(dir, { imapPort, pop3Port, tlsPorts }));
  const daemon = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(daemon);
  const server: DovecotServer = {
    imapPort,
    pop3Port,
    ...(tlsPorts === undefined ? {} : { imapsPort: tlsPorts.imaps, pop3sPort: tlsPorts.pop3s }),
    stop: async () => {
      await stopDaemon(daemon);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  const ports = [imapPort, pop3Port, ...(tlsPorts === undefined ? [] : [tlsPorts.imaps, tlsPorts.pop3s])];
  try {
    await waitUntilListening(daemon, 'dovecot', ports, async () => {
      const log = await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '');
      return `${output()}${log}`;
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

interface Ports {
  imapPort: number;
  pop3Port: number;
  tlsPorts: { imaps: number; pop3s: number } | undefined;
}

function makeConfig(dir: string, { imapPort, pop3Port, tlsPorts }: Ports): string {
  const ssl =
    tlsPorts === undefined
      ? 'ssl = no'
      : `ssl = yes\nssl_cert = <${path.join(dir, 'cert.pem')}\nssl_key = <${path.join(dir, 'key.pem')}`;
  const secureListener = (name: string, port: number | undefined) =>
    port === undefined ? '' : `  inet_listener ${name} {\n    port = ${port}\n    ssl = yes\n  }\n`;
  return `base_dir = ${path.join(dir, 'run')}
state_dir = ${path.join(dir, 'state')}
log_path = ${path.join(dir, 'dovecot.log')}
listen = 127.0.0.1
protocols = imap pop3
${ssl}
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:${path.join(dir, 'mail')}/%u
passdb {
  driver = passwd-file
  args = ${path.join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = ${path.join(dir, 'passwd')}
  default_fields = uid=nobody gid=nogroup home=${path.join(dir, 'home')}/%u
}
service imap-login {
  inet_listener imap {
    port = ${imapPort}
  }
${secureListener('imaps', tlsPorts?.imaps)}}
service pop3-login {
  inet_listener pop3 {
    port = ${pop3Port}
  }
${secureListener('pop3s', tlsPorts?.pop3s)}}
`;
}
