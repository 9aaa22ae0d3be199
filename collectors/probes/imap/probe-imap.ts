import type { ImapCheck } from '../../../core/model/index.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import { probeMail } from '../mail/probe-mail.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';

/** Greets the server, upgrades to TLS as the check says and reads the certificate (see probeMail). */
export function probeImap(check: ImapCheck, context: ProbeContext): Promise<Observation> {
  return probeMail('imap', check, context);
}

export const imapProbe: ProbeDefinition<'imap'> = {
  probe: probeImap,
  defaultThresholds: DEFAULT_THRESHOLDS.imap,
};
