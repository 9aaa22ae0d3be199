import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeImap } from '../../../../../collectors/probes/imap/probe-imap.ts';
import { probePop3 } from '../../../../../collectors/probes/pop3/probe-pop3.ts';
import { probeSmtp } from '../../../../../collectors/probes/smtp/probe-smtp.ts';
import { probeTls } from '../../../../../collectors/probes/tls/probe-tls.ts';
import {
  ImapCheckSchema,
  Pop3CheckSchema,
  SmtpCheckSchema,
  TlsCheckSchema,
} from '../../../../../core/model/index.ts';
import { RESULT_SCHEMAS } from '../../../../../core/results/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { makeSelfSignedPems } from '../../../../helpers/services/mail-service-process.ts';
import { type DovecotServer, startDovecot } from '../../../../helpers/services/start-dovecot.ts';
import { EXIM_HOSTNAME, type EximServer, startExim } from '../../../../helpers/services/start-exim.ts';

const base = { id: 'mail', host: '127.0.0.1' };

// Real servers, started by the test on free loopback ports: Exim (SMTP with STARTTLS, SMTP
// without TLS, SMTPS) and Dovecot (IMAP/POP3 with STARTTLS, IMAPS, POP3S; and one without TLS).
let exim: EximServer;
let dovecot: DovecotServer;
let plainDovecot: DovecotServer;
let expiringDovecot: DovecotServer;
let expiredExim: EximServer;

beforeAll(async () => {
  const fresh = await makeSelfSignedPems(EXIM_HOSTNAME, -1, 90);
  [exim, dovecot, plainDovecot, expiringDovecot, expiredExim] = await Promise.all([
    startExim(fresh),
    startDovecot({ pems: fresh }),
    startDovecot(),
    startDovecot({ pems: await makeSelfSignedPems(EXIM_HOSTNAME, -80, 5) }),
    startExim(await makeSelfSignedPems(EXIM_HOSTNAME, -90, -3)),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all(
    [exim, dovecot, plainDovecot, expiringDovecot, expiredExim].map((server) => server?.stop()),
  );
});

/** The observation reads back with its type's result schema, unchanged. */
function expectStorable(
  type: keyof typeof RESULT_SCHEMAS,
  observation: { detail?: unknown; metrics?: unknown },
) {
  const schemas = RESULT_SCHEMAS[type];
  expect(schemas.detail.parse(observation.detail)).toEqual(observation.detail);
  expect(schemas.metrics.parse(observation.metrics)).toEqual(observation.metrics);
}

describe('smtp against Exim', () => {
  it('greets, finds STARTTLS in the EHLO reply, upgrades and reads the certificate', async () => {
    const check = SmtpCheckSchema.parse({
      ...base,
      type: 'smtp',
      port: exim.starttlsPort,
      insecure: true,
      banner: 'ESMTP Exim',
    });
    const observation = await probeSmtp(check, makeProbeContext());
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(
        /^connected in .+, greeting "220 mail\.vigil-test\.example ESMTP Exim 4\.\d+.*", STARTTLS TLSv1\.[23], certificate expires in (89|90) days \(self-signed certificate, accepted: insecure\)$/,
      ),
      detail: {
        tls: 'starttls',
        banner: expect.stringMatching(/^220 mail\.vigil-test\.example ESMTP Exim/),
        capabilities: expect.arrayContaining(['STARTTLS', 'PIPELINING']),
        tlsProtocol: expect.stringMatching(/^TLSv1\.[23]$/),
        certSubject: `CN=${EXIM_HOSTNAME}`,
        certIssuer: `CN=${EXIM_HOSTNAME}`,
        certProblem: 'self-signed certificate',
      },
    });
    expect(observation.metrics?.certDaysLeft).toBeGreaterThan(89);
    expect(observation.metrics?.connectMs).toEqual(expect.any(Number));
    expectStorable('smtp', observation);
  });

  it('is down for a self-signed certificate unless insecure, and still records its days left', async () => {
    const check = SmtpCheckSchema.parse({ ...base, type: 'smtp', port: exim.starttlsPort });
    const observation = await probeSmtp(check, makeProbeContext());
    expect(observation).toMatchObject({
      status: 'down',
      message: 'certificate rejected: self-signed certificate',
    });
    expect(observation.metrics?.certDaysLeft).toBeGreaterThan(89);
  });

  it('is down when EHLO does not offer STARTTLS, and says what it offered', async () => {
    const check = SmtpCheckSchema.parse({ ...base, type: 'smtp', port: exim.plainPort });
    const observation = await probeSmtp(check, makeProbeContext());
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(
      /^STARTTLS not offered \(EHLO: SIZE, 8BITMIME, PIPELINING, .*HELP\)$/,
    );
    expect(observation.detail).toMatchObject({ capabilities: expect.not.arrayContaining(['STARTTLS']) });
  });

  it('with tls: none, is up on the greeting alone', async () => {
    const check = SmtpCheckSchema.parse({ ...base, type: 'smtp', port: exim.plainPort, tls: 'none' });
    const observation = await probeSmtp(check, makeProbeContext());
    expect(observation).toMatchObject({ status: 'up', message: expect.stringMatching(/, no TLS$/) });
    expect(observation.metrics).not.toHaveProperty('certDaysLeft');
  });

  it('speaks TLS from the first byte on SMTPS (tls: implicit)', async () => {
    const check = SmtpCheckSchema.parse({
      ...base,
      type: 'smtp',
      port: exim.implicitPort,
      tls: 'implicit',
      insecure: true,
    });
    const observation = await probeSmtp(check, makeProbeContext());
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/, TLS TLSv1\.[23], certificate expires in (89|90) days/),
      detail: { tls: 'implicit', banner: expect.stringMatching(/^220 /) },
    });
  });

  it('is down "certificate expired 3 days ago" on an expired certificate; insecure still records the days', async () => {
    const strict = await probeSmtp(
      SmtpCheckSchema.parse({ ...base, type: 'smtp', port: expiredExim.starttlsPort }),
      makeProbeContext(),
    );
    // GnuTLS checks nothing about its own certificate's dates; the verdict is the client's.
    expect(strict).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^certificate (expired 3 days ago|rejected: .+)$/),
    });
    const lenient = await probeSmtp(
      SmtpCheckSchema.parse({ ...base, type: 'smtp', port: expiredExim.starttlsPort, insecure: true }),
      makeProbeContext(),
    );
    expect(lenient.status).toBe('up');
    expect(lenient.metrics?.certDaysLeft).toBeCloseTo(-3, 0);
  });
});

describe('imap and pop3 against Dovecot', () => {
  it('imap: * OK greeting, a1 CAPABILITY, a2 STARTTLS, then the certificate', async () => {
    const check = ImapCheckSchema.parse({
      ...base,
      type: 'imap',
      port: dovecot.imapPort,
      insecure: true,
      banner: 'Dovecot',
    });
    const observation = await probeImap(check, makeProbeContext());
    expect(observation).toMatchObject({
      status: 'up',
      detail: {
        banner: expect.stringMatching(/^\* OK .*Dovecot/),
        capabilities: expect.arrayContaining(['IMAP4rev1', 'STARTTLS']),
        certSubject: `CN=${EXIM_HOSTNAME}`,
      },
    });
    expectStorable('imap', observation);
  });

  it('imap: implicit TLS on IMAPS', async () => {
    const check = ImapCheckSchema.parse({
      ...base,
      type: 'imap',
      port: dovecot.imapsPort,
      tls: 'implicit',
      insecure: true,
    });
    expect(await probeImap(check, makeProbeContext())).toMatchObject({
      status: 'up',
      detail: { tls: 'implicit' },
    });
  });

  it('pop3: +OK greeting, CAPA lists STLS, STLS, then the certificate', async () => {
    const check = Pop3CheckSchema.parse({ ...base, type: 'pop3', port: dovecot.pop3Port, insecure: true });
    const observation = await probePop3(check, makeProbeContext());
    expect(observation).toMatchObject({
      status: 'up',
      detail: {
        banner: '+OK Dovecot (Debian) ready.',
        capabilities: expect.arrayContaining(['STLS', 'USER']),
      },
    });
  });

  it('pop3: implicit TLS on POP3S', async () => {
    const check = Pop3CheckSchema.parse({
      ...base,
      type: 'pop3',
      port: dovecot.pop3sPort,
      tls: 'implicit',
      insecure: true,
    });
    expect(await probePop3(check, makeProbeContext())).toMatchObject({
      status: 'up',
      detail: { tls: 'implicit' },
    });
  });

  it('is down when a Dovecot without TLS offers neither STARTTLS nor STLS', async () => {
    const imap = await probeImap(
      ImapCheckSchema.parse({ ...base, type: 'imap', port: plainDovecot.imapPort }),
      makeProbeContext(),
    );
    expect(imap).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^STARTTLS not offered \(CAPABILITY: IMAP4rev1, /),
    });
    const pop3 = await probePop3(
      Pop3CheckSchema.parse({ ...base, type: 'pop3', port: plainDovecot.pop3Port }),
      makeProbeContext(),
    );
    expect(pop3).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^STLS not offered \(CAPA: CAPA, TOP, /),
    });
  });

  it('records a certificate 5 days from expiry, which the default threshold (14 days) judges degraded', async () => {
    const check = ImapCheckSchema.parse({
      ...base,
      type: 'imap',
      port: expiringDovecot.imapPort,
      insecure: true,
    });
    const observation = await probeImap(check, makeProbeContext());
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/certificate expires in 4 days|certificate expires in 5 days/),
    });
    expect(observation.metrics?.certDaysLeft).toBeCloseTo(5, 0);
  });
});

describe('tls against the same servers', () => {
  it('reads the chain, protocol and cipher on IMAPS', async () => {
    const check = TlsCheckSchema.parse({
      ...base,
      type: 'tls',
      port: dovecot.imapsPort ?? 0,
      insecure: true,
    });
    const observation = await probeTls(check, makeProbeContext());
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(
        /^TLSv1\.[23] in .+, CN=mail\.vigil-test\.example, certificate expires in (89|90) days/,
      ),
      detail: {
        chain: [
          { subject: `CN=${EXIM_HOSTNAME}`, issuer: `CN=${EXIM_HOSTNAME}`, expires: expect.any(String) },
        ],
        protocol: expect.stringMatching(/^TLSv1\.[23]$/),
        cipher: expect.any(String),
      },
      metrics: {
        connectMs: expect.any(Number),
        handshakeMs: expect.any(Number),
        certDaysLeft: expect.any(Number),
      },
    });
    expectStorable('tls', observation);
  });

  it.each([
    ['smtp', () => exim.starttlsPort],
    ['imap', () => dovecot.imapPort],
    ['pop3', () => dovecot.pop3Port],
  ] as const)('upgrades with %s STARTTLS first', async (starttls, port) => {
    const check = TlsCheckSchema.parse({ ...base, type: 'tls', port: port(), starttls, insecure: true });
    expect(await probeTls(check, makeProbeContext())).toMatchObject({
      status: 'up',
      detail: { protocol: expect.any(String) },
    });
  });

  it('checks the certificate against servername and says when it does not match', async () => {
    const check = TlsCheckSchema.parse({
      ...base,
      type: 'tls',
      port: exim.implicitPort,
      servername: 'other.example',
    });
    const observation = await probeTls(check, makeProbeContext());
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^certificate rejected: /);
  });
});
