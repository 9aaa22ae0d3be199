import type { Pop3Check } from '../../../core/model/index.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import { probeMail } from '../mail/probe-mail.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';

/** Greets the server, upgrades to TLS as the check says and reads the certificate (see probeMail). */
export function probePop3(check: Pop3Check, context: ProbeContext): Promise<Observation> {
  return probeMail('pop3', check, context);
}

export const pop3Probe: ProbeDefinition<'pop3'> = {
  probe: probePop3,
  defaultThresholds: DEFAULT_THRESHOLDS.pop3,
};
