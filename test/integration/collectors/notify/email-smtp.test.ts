// The email provider against a real SMTP server on loopback (smtp-server, the protocol peer nodemailer
// is tested against): STARTTLS required, AUTH only after it, the certificate checked against its CA.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../../collectors/notify/alert.ts';
import { deliverAlert } from '../../../../collectors/notify/deliver-alert.ts';
import { collectOnce } from '../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { AlertProviderSchema } from '../../../../core/model/alerts-schema.ts';
import { listenTcpOnLoopback } from '../../../helpers/loopback-server.ts';

interface Mail {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  isSecure: boolean;
  raw: string;
}

let dir: string;
let caFile: string;
let smtp: SMTPServer;
let port: number;
let mails: Mail[] = [];
/** A reply code the server gives the next RCPT TO instead of accepting it. */
let refuseNextWith: number | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-smtp-'));
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, pems.cert);
  smtp = new SMTPServer({
    secure: false,
    key: pems.private,
    cert: pems.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'vigil' && auth.password === 'mail-s3cret')
        return callback(null, { user: 'vigil' });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const code = refuseNextWith;
      refuseNextWith = undefined;
      if (code !== undefined)
        return callback(Object.assign(new Error(`refused with ${code}`), { responseCode: code }));
      return callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user as string | undefined,
          isSecure: session.secure,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as { port: number }).port;
});
beforeEach(() => {
  mails = [];
  refuseNextWith = undefined;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const header = (mail: Mail | undefined, name: string) =>
  mail?.raw.match(new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'im'))?.[1]?.replace(/\r?\n[ \t]+/g, ' ');

const emailProvider = (over: Record<string, unknown> = {}) =>
  AlertProviderSchema.parse({
    id: 'ops-mail',
    type: 'email',
    host: '127.0.0.1',
    port,
    security: 'starttls',
    username: 'vigil',
    password: 'mail-s3cret',
    caFile,
    from: 'Vigil <vigil@example.org>',
    to: ['ops@example.org'],
    retries: 0,
    timeout: '3s',
    ...over,
  });

const testAlert: Alert = {
  key: 'vigil/test/1',
  event: 'test',
  action: 'info',
  isReminder: false,
  severity: 'info',
  site: 'Example',
  title: 'Example: test alert',
  text: 'If you can read this, alerts reach you.',
  subject: { kind: 'test', id: 'ops-mail', name: 'ops-mail' },
  at: '2026-12-01T10:00:00.000Z',
};

const deliver = (provider: ReturnType<typeof emailProvider>) =>
  deliverAlert(provider, testAlert, {
    signal: AbortSignal.timeout(20_000),
    deadlineAtMs: Date.now() + 20_000,
    now: () => new Date(),
    backoffBaseMs: 5,
  });

describe('email provider over SMTP', () => {
  it('sends over STARTTLS with AUTH, the certificate checked against its CA', async () => {
    expect(await deliver(emailProvider())).toEqual({ status: 'sent', attempts: 1 });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      from: 'vigil@example.org',
      to: ['ops@example.org'],
      user: 'vigil',
      isSecure: true,
    });
    expect(header(mails[0], 'Subject')).toBe('Example: test alert');
  });

  it('a 4xx reply is kept for later; a 5xx reply and a wrong password are not retried', async () => {
    refuseNextWith = 451;
    expect(await deliver(emailProvider())).toMatchObject({ status: 'failed', isRetryable: true });
    refuseNextWith = 550;
    expect(await deliver(emailProvider())).toMatchObject({ status: 'failed', isRetryable: false });
    expect(await deliver(emailProvider({ password: 'wrong' }))).toMatchObject({
      status: 'failed',
      isRetryable: false,
    });
    expect(mails).toEqual([]);
  });

  it('refuses a server whose certificate it cannot verify', async () => {
    const outcome = await deliver(emailProvider({ caFile: undefined }));
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(mails).toEqual([]);
  });

  it('gives up on a server that never greets, within its timeout', async () => {
    const silent = await listenTcpOnLoopback(createTcpServer(() => {}));
    try {
      const outcome = await deliver(emailProvider({ port: silent.port, timeout: '300ms' }));
      expect(outcome).toMatchObject({ status: 'failed', isRetryable: true });
    } finally {
      await silent.close();
    }
  });

  it('a down check reaches the mailbox once, and its recovery replies to that mail', async () => {
    const dataDir = join(dir, 'data');
    const flag = join(dir, 'service-is-up');
    const config = parseConfigText(
      `
site: { title: Example, url: "https://status.example.org" }
collect: { failuresBeforeDown: 1 }
alerts:
  providers:
    - id: ops-mail
      type: email
      host: 127.0.0.1
      port: ${port}
      username: vigil
      password: "\${SMTP_PASSWORD}"
      caFile: ${JSON.stringify(caFile)}
      from: "Vigil <vigil@example.org>"
      to: [ops@example.org]
checks:
  - { id: web, name: Web, type: command, command: [test, -e, ${JSON.stringify(flag)}], retries: 0 }
`,
      'status.config.yaml',
      { SMTP_PASSWORD: 'mail-s3cret' },
    );
    const logs: string[] = [];
    const run = () =>
      collectOnce({
        config: config.config,
        secrets: config.secrets,
        interpolated: config.interpolated,
        dataDir,
        source: 'local',
        inProcess: true,
        log: (line) => logs.push(line),
      });
    await writeFile(flag, '');
    await run();
    await rm(flag);
    await run();
    await run();
    expect(mails).toHaveLength(1);
    await writeFile(flag, '');
    await run();
    expect(mails).toHaveLength(2);
    const [down, resolved] = mails;
    expect(header(down, 'Subject')).toBe('Example: Web is down');
    expect(header(resolved, 'Subject')).toBe('[Resolved] Example: Web is up again');
    expect(header(resolved, 'In-Reply-To')).toBe(header(down, 'Message-ID'));
    // Quoted-printable folds long lines with a soft break ("=" at the end).
    expect(down?.raw.replace(/=\r?\n/g, '')).toContain('https://status.example.org/components/web/');
    expect(logs.filter((line) => line.startsWith('vigil alert:'))).toEqual([
      'vigil alert: ops-mail: web down sent (1 attempt)',
      'vigil alert: ops-mail: web recovered sent (1 attempt)',
    ]);
    expect(logs.join('\n')).not.toContain('mail-s3cret');
  });

  it("an incident's mail to a list carries its updates so far, newest first", async () => {
    const dataDir = join(dir, 'data');
    const config = parseConfigText(
      `
site: { title: Example, url: "https://status.example.org" }
alerts:
  providers:
    - id: announce
      type: email
      host: 127.0.0.1
      port: ${port}
      username: vigil
      password: "\${SMTP_PASSWORD}"
      caFile: ${JSON.stringify(caFile)}
      from: "Vigil <vigil@example.org>"
      to: [status-announce@example.org]
      events: [incident.opened, incident.updated, incident.resolved]
      subscribe: { address: status-announce@example.org }
checks:
  - { id: web, name: Web, type: command, command: ["true"], retries: 0 }
`,
      'status.config.yaml',
      { SMTP_PASSWORD: 'mail-s3cret' },
    );
    const run = (at: string) =>
      collectOnce({
        config: config.config,
        secrets: config.secrets,
        interpolated: config.interpolated,
        dataDir,
        source: 'local',
        inProcess: true,
        now: () => new Date(at),
        log: () => {},
      });
    await run('2026-12-01T08:00:00Z');
    await mkdir(join(dataDir, 'incidents'), { recursive: true });
    await writeFile(
      join(dataDir, 'incidents', 'web-slow.md'),
      `---
title: Web is slow
impact: minor
status: identified
affected: [web]
start: "2026-12-01T08:00:00Z"
updates:
  - { at: "2026-12-01T08:02:00Z", status: investigating, text: "Pages take seconds to load." }
  - { at: "2026-12-01T08:04:00Z", status: identified, text: "A full disk on the cache." }
---
Details.
`,
    );
    await run('2026-12-01T08:05:00Z');
    expect(mails).toHaveLength(1);
    // Quoted-printable: soft breaks joined, "·" (=C2=B7) decoded.
    const text = (mails[0]?.raw ?? '')
      .replace(/=\r?\n/g, '')
      .replace(/\r\n/g, '\n')
      .replaceAll('=C2=B7', '·');
    expect(header(mails[0], 'Subject')).toBe('Example: Incident: Web is slow');
    expect(text).toContain(
      'Updates (newest first):\n\n2026-12-01 08:04 UTC · identified\nA full disk on the cache.\n\n2026-12-01 08:02 UTC · investigating\nPages take seconds to load.',
    );
  });
});
