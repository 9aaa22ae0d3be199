import { countCertificateDaysLeft, describeCertificateDaysLeft, type TlsFacts } from './tls-certificate.ts';

/** A certificate as a check sees it: days left, and why it fails the check (unless `insecure`). */
export interface CertificateJudgement {
  certDaysLeft?: number;
  /** The down message: "certificate expired 3 days ago", "certificate rejected: self-signed certificate". */
  rejection?: string;
  /** For an up message: "certificate expires in 29 days (self-signed certificate, accepted: insecure)". */
  summary: string;
}

/**
 * Judges what a handshake showed. A chain that does not verify is down unless the check is
 * `insecure`; its days left are recorded either way, so thresholds (degradedBelow 14) still judge.
 */
export function judgeCertificate(facts: TlsFacts, insecure: boolean, now: Date): CertificateJudgement {
  const certDaysLeft = facts.expires === undefined ? undefined : countCertificateDaysLeft(facts.expires, now);
  const days =
    certDaysLeft === undefined ? 'certificate expiry unreadable' : describeCertificateDaysLeft(certDaysLeft);
  const withDays = certDaysLeft === undefined ? {} : { certDaysLeft };
  if (facts.problem === undefined) return { ...withDays, summary: days };
  if (insecure) return { ...withDays, summary: `${days} (${facts.problem}, accepted: insecure)` };
  const isExpiry =
    facts.problem === 'certificate has expired' && certDaysLeft !== undefined && certDaysLeft < 0;
  const rejection = isExpiry ? days : `certificate rejected: ${facts.problem}`;
  return { ...withDays, rejection, summary: days };
}
