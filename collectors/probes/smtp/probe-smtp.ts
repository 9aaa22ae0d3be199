import type { SmtpCheck } from '../../../core/model/index.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import { probeMail } from '../mail/probe-mail.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';

/** Greets the server, upgrades to TLS as the check says and reads the certificate (see probeMail). */
export function probeSmtp(check: SmtpCheck, context: ProbeContext): Promise<Observation> {
  return probeMail('smtp', check, context);
}

export const smtpProbe: ProbeDefinition<'smtp'> = {
  probe: probeSmtp,
  defaultThresholds: DEFAULT_THRESHOLDS.smtp,
};
