import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeImap } from '../../../../collectors/probes/imap/probe-imap.ts';
import { probePop3 } from '../../../../collectors/probes/pop3/probe-pop3.ts';
import type { Observation } from '../../../../collectors/probes/probe-types.ts';
import { probeSmtp } from '../../../../collectors/probes/smtp/probe-smtp.ts';
import { probeTls } from '../../../../collectors/probes/tls/probe-tls.ts';
import {
  ImapCheckSchema,
  Pop3CheckSchema,
  SmtpCheckSchema,
  TlsCheckSchema,
} from '../../../../core/model/index.ts';
import {
  findClosedPort,
  type LoopbackServer,
  listenTcpOnLoopback,
} from '../../../helpers/loopback-server.ts';
import { makeProbeContext } from '../../../helpers/probe-context.ts';
import { expectReadable, readFixture } from './expect-readable.ts';

// The mail and tls probes against loopback servers that replay conversations captured from Exim
// and Dovecot (test/fixtures/mail/), up and down: what they return must read back with their
// result schemas, unchanged. The TLS results are read back the same way in the integration tests.

interface Conversation {
  steps: { send: string | null; receive: string }[];
}

/** Answers each line the probe sends with the next captured reply; the first is the greeting. */
async function replay(name: string): Promise<LoopbackServer> {
  const { steps } = JSON.parse(readFixture(`mail/${name}.json`)) as Conversation;
  return listenTcpOnLoopback(
    createServer((socket) => {
      let next = 1;
      socket.write(steps[0]?.receive ?? '');
      socket.on('data', (chunk) => {
        for (const _line of chunk.toString('utf8').split('\r\n').slice(0, -1)) {
          const step = steps[next++];
          if (step === undefined) socket.end();
          else socket.write(step.receive);
        }
      });
    }),
  );
}

const servers: Record<string, LoopbackServer> = {};
let closedPort = 0;
beforeAll(async () => {
  for (const name of ['exim-no-starttls', 'dovecot-imap-no-tls', 'dovecot-pop3-no-tls'])
    servers[name] = await replay(name);
  closedPort = await findClosedPort();
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

const at = (name: string) => servers[name]?.port ?? 0;
const base = { id: 'mail', host: '127.0.0.1' };

describe('smtp, imap, pop3 and tls results read with their schemas', () => {
  it.each([
    [
      'smtp, greeting only',
      'smtp' as const,
      () =>
        probeSmtp(
          SmtpCheckSchema.parse({ ...base, type: 'smtp', port: at('exim-no-starttls'), tls: 'none' }),
          makeProbeContext(),
        ),
      'up',
    ],
    [
      'smtp, STARTTLS not offered',
      'smtp' as const,
      () =>
        probeSmtp(
          SmtpCheckSchema.parse({ ...base, type: 'smtp', port: at('exim-no-starttls') }),
          makeProbeContext(),
        ),
      'down',
    ],
    [
      'imap, STARTTLS not offered',
      'imap' as const,
      () =>
        probeImap(
          ImapCheckSchema.parse({ ...base, type: 'imap', port: at('dovecot-imap-no-tls') }),
          makeProbeContext(),
        ),
      'down',
    ],
    [
      'pop3, STLS not offered',
      'pop3' as const,
      () =>
        probePop3(
          Pop3CheckSchema.parse({ ...base, type: 'pop3', port: at('dovecot-pop3-no-tls') }),
          makeProbeContext(),
        ),
      'down',
    ],
    [
      'pop3, refused',
      'pop3' as const,
      () => probePop3(Pop3CheckSchema.parse({ ...base, type: 'pop3', port: closedPort }), makeProbeContext()),
      'down',
    ],
    [
      'tls, refused',
      'tls' as const,
      () => probeTls(TlsCheckSchema.parse({ ...base, type: 'tls', port: closedPort }), makeProbeContext()),
      'down',
    ],
  ] as [string, 'smtp' | 'imap' | 'pop3' | 'tls', () => Promise<Observation>, string][])(
    '%s',
    async (_name, type, observe, status) => {
      const observation = await observe();
      expect(observation.status).toBe(status);
      expectReadable(type, observation);
    },
  );
});
