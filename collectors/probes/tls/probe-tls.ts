import type { TLSSocket } from 'node:tls';
import { formatDurationMs } from '../../../core/model/duration-format.ts';
import type { TlsCheck } from '../../../core/model/index.ts';
import type { TlsDetail, TlsMetrics } from '../../../core/results/tls.ts';
import { DEFAULT_THRESHOLDS } from '../default-thresholds.ts';
import { judgeCertificate } from '../mail/judge-certificate.ts';
import { LineConversation } from '../mail/line-conversation.ts';
import { describeMailFailure } from '../mail/mail-failure.ts';
import { type MailProgress, QUIT_COMMANDS, readGreeting, upgradeWithStartTls } from '../mail/mail-session.ts';
import { readTlsFacts, type TlsFacts } from '../mail/tls-certificate.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';

/**
 * Shakes hands with any TLS server (directly, or after a mail protocol's STARTTLS) and reports
 * the chain it sent, the protocol and cipher, and the leaf's days left. Sends nothing else.
 */
export async function probeTls(check: TlsCheck, context: ProbeContext): Promise<Observation> {
  const progress: MailProgress = { step: 'connecting', lines: [] };
  const metrics: TlsMetrics = {};
  const tls = check.servername === undefined ? {} : { servername: check.servername };
  let conversation: LineConversation | undefined;
  try {
    const opened = await LineConversation.open({
      host: check.host,
      port: check.port,
      signal: context.signal,
      ...(check.starttls === undefined ? { implicitTls: tls } : {}),
      onConnect: () => {
        if (check.starttls === undefined) progress.step = 'TLS handshake';
      },
    });
    conversation = opened.conversation;
    metrics.connectMs = opened.connectMs;
    let handshakeMs = opened.handshakeMs ?? 0;
    let socket = conversation.socket;
    if (check.starttls !== undefined) {
      await readGreeting(conversation, check.starttls, progress);
      const upgraded = await upgradeWithStartTls(conversation, check.starttls, progress, tls);
      ({ socket, handshakeMs } = upgraded);
    }
    metrics.handshakeMs = handshakeMs;
    const facts = readTlsFacts(socket as TLSSocket, check.servername ?? check.host);
    return judgeHandshake(check, facts, context, metrics);
  } catch (error) {
    return {
      status: 'down',
      message: describeMailFailure(error, progress, context, conversation?.unfinishedLine),
      metrics,
    };
  } finally {
    await conversation?.close(check.starttls === undefined ? undefined : QUIT_COMMANDS[check.starttls]);
  }
}

function judgeHandshake(
  check: TlsCheck,
  facts: TlsFacts,
  context: ProbeContext,
  metrics: TlsMetrics,
): Observation {
  const detail: TlsDetail = { chain: facts.chain };
  if (facts.protocol !== undefined) detail.protocol = facts.protocol;
  if (facts.cipher !== undefined) detail.cipher = facts.cipher;
  if (facts.expires !== undefined) detail.certExpires = facts.expires.toISOString();
  if (facts.problem !== undefined) detail.certProblem = facts.problem;
  const judged = judgeCertificate(facts, check.insecure, context.now());
  if (judged.certDaysLeft !== undefined) metrics.certDaysLeft = judged.certDaysLeft;
  if (judged.rejection !== undefined) return { status: 'down', message: judged.rejection, metrics, detail };
  const subject = facts.chain[0]?.subject;
  const took = `${facts.protocol ?? 'TLS'} in ${formatDurationMs(metrics.handshakeMs ?? 0)}`;
  const message = `${took}, ${subject ? `${subject}, ` : ''}${judged.summary}`;
  return { status: 'up', message, metrics, detail };
}

export const tlsProbe: ProbeDefinition<'tls'> = {
  probe: probeTls,
  defaultThresholds: DEFAULT_THRESHOLDS.tls,
};
