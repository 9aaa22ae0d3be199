import { describe, expect, it } from 'vitest';
import { judgeCertificate } from '../../../../../collectors/probes/mail/judge-certificate.ts';
import {
  describeCertificateDaysLeft,
  formatDistinguishedName,
  listCertificateChain,
} from '../../../../../collectors/probes/mail/tls-certificate.ts';

const DAY_MS = 86_400_000;
const now = new Date('2026-12-01T12:00:00Z');

describe('certificate facts', () => {
  it('formats a name most specific first, as people quote it', () => {
    expect(formatDistinguishedName({ C: 'US', O: "Let's Encrypt", CN: 'R11' })).toBe(
      "CN=R11, O=Let's Encrypt, C=US",
    );
    expect(formatDistinguishedName({ OU: ['a', 'b'], CN: 'x\u0000y' })).toBe('CN=xy, OU=a, OU=b');
  });

  it('walks the chain leaf first and stops at a self-signed root that links to itself', () => {
    const root: Record<string, unknown> = {
      subject: { CN: 'Root' },
      issuer: { CN: 'Root' },
      valid_to: 'Jan  1 00:00:00 2035 GMT',
      fingerprint256: 'root',
    };
    root.issuerCertificate = root;
    const leaf = {
      subject: { CN: 'mail.example.org' },
      issuer: { CN: 'Root' },
      valid_to: 'Dec 31 23:59:59 2026 GMT',
      fingerprint256: 'leaf',
      issuerCertificate: root,
    };
    expect(listCertificateChain(leaf as never)).toEqual([
      { subject: 'CN=mail.example.org', issuer: 'CN=Root', expires: '2026-12-31T23:59:59.000Z' },
      { subject: 'CN=Root', issuer: 'CN=Root', expires: '2035-01-01T00:00:00.000Z' },
    ]);
  });

  it.each([
    [29.6, 'certificate expires in 29 days'],
    [1.2, 'certificate expires in 1 day'],
    [0.25, 'certificate expires in 6 h'],
    [-3.1, 'certificate expired 3 days ago'],
  ])('words %s days left as "%s"', (daysLeft, words) => {
    expect(describeCertificateDaysLeft(daysLeft)).toBe(words);
  });

  it('is down on an expired certificate unless insecure, with the days left either way', () => {
    const facts = {
      chain: [],
      expires: new Date(now.getTime() - 3 * DAY_MS),
      problem: 'certificate has expired',
    };
    expect(judgeCertificate(facts, false, now)).toMatchObject({
      certDaysLeft: -3,
      rejection: 'certificate expired 3 days ago',
    });
    expect(judgeCertificate(facts, true, now)).toEqual({
      certDaysLeft: -3,
      summary: 'certificate expired 3 days ago (certificate has expired, accepted: insecure)',
    });
    const selfSigned = {
      chain: [],
      expires: new Date(now.getTime() + 30 * DAY_MS),
      problem: 'self-signed certificate',
    };
    expect(judgeCertificate(selfSigned, false, now)).toMatchObject({
      rejection: 'certificate rejected: self-signed certificate',
    });
  });
});
