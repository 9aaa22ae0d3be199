import type { TLSSocket } from 'node:tls';
import { formatDurationMs } from '../../../core/model/duration-format.ts';
import {
  type ImapCheck,
  type MailProtocol,
  type Pop3Check,
  resolveMailPort,
  type SmtpCheck,
} from '../../../core/model/index.ts';
import type { MailDetail, MailMetrics } from '../../../core/results/mail.ts';
import type { Observation, ProbeContext } from '../probe-types.ts';
import { quote } from '../tcp/tcp-replies.ts';
import { judgeCertificate } from './judge-certificate.ts';
import { LineConversation } from './line-conversation.ts';
import { describeMailFailure, readFailureSeen } from './mail-failure.ts';
import { cleanLine } from './mail-replies.ts';
import { type MailProgress, QUIT_COMMANDS, readGreeting, upgradeWithStartTls } from './mail-session.ts';
import { readTlsFacts, type TlsFacts } from './tls-certificate.ts';

export type MailCheck = SmtpCheck | ImapCheck | Pop3Check;

const MAX_STORED_CAPABILITIES = 40;

/**
 * Greets a mail server as a client would before logging in: the greeting (and `banner`), then
 * STARTTLS or TLS from the first byte, then the certificate; ends with QUIT or LOGOUT. Never sends
 * credentials, never throws for a down server.
 */
export async function probeMail(
  protocol: MailProtocol,
  check: MailCheck,
  context: ProbeContext,
): Promise<Observation> {
  const progress: MailProgress = { step: 'connecting', lines: [] };
  const detail: MailDetail = { tls: check.tls };
  const metrics: MailMetrics = {};
  let conversation: LineConversation | undefined;
  try {
    const opened = await LineConversation.open({
      host: check.host,
      port: resolveMailPort(protocol, check),
      signal: context.signal,
      ...(check.tls === 'implicit' ? { implicitTls: {} } : {}),
      onConnect: () => {
        if (check.tls === 'implicit') progress.step = 'TLS handshake';
      },
    });
    conversation = opened.conversation;
    metrics.connectMs = opened.connectMs;
    let facts =
      check.tls === 'implicit' ? readTlsFacts(conversation.socket as TLSSocket, check.host) : undefined;
    const greeting = await readGreeting(conversation, protocol, progress);
    const banner = cleanLine(greeting.lines[0] ?? '');
    if (banner !== '') detail.banner = banner;
    const said = `connected in ${formatDurationMs(opened.connectMs)}, greeting ${quote(banner)}`;
    if (check.banner !== undefined && !greeting.lines.some((line) => line.includes(check.banner ?? ''))) {
      return {
        status: 'down',
        message: `greeting ${quote(banner)} does not contain ${quote(check.banner)}`,
        metrics,
        detail,
      };
    }
    if (check.tls === 'starttls') {
      const upgraded = await upgradeWithStartTls(conversation, protocol, progress);
      detail.capabilities = upgraded.capabilities.slice(0, MAX_STORED_CAPABILITIES);
      facts = readTlsFacts(upgraded.socket, check.host);
    }
    if (facts === undefined) return { status: 'up', message: `${said}, no TLS`, metrics, detail };
    return judgeSecured(check, facts, context, { said, metrics, detail });
  } catch (error) {
    const seen = readFailureSeen(error);
    if (seen.banner !== undefined) detail.banner = seen.banner;
    if (seen.capabilities !== undefined)
      detail.capabilities = seen.capabilities.slice(0, MAX_STORED_CAPABILITIES);
    const message = describeMailFailure(error, progress, context, conversation?.unfinishedLine);
    return { status: 'down', message, metrics, detail };
  } finally {
    await conversation?.close(QUIT_COMMANDS[protocol]);
  }
}

function judgeSecured(
  check: MailCheck,
  facts: TlsFacts,
  context: ProbeContext,
  seen: { said: string; metrics: MailMetrics; detail: MailDetail },
): Observation {
  const { metrics, detail } = seen;
  if (facts.protocol !== undefined) detail.tlsProtocol = facts.protocol;
  if (facts.cipher !== undefined) detail.tlsCipher = facts.cipher;
  const leaf = facts.chain[0];
  if (leaf !== undefined) {
    detail.certSubject = leaf.subject;
    detail.certIssuer = leaf.issuer;
  }
  const judged = judgeCertificate(facts, check.insecure, context.now());
  if (judged.certDaysLeft !== undefined) metrics.certDaysLeft = judged.certDaysLeft;
  if (facts.expires !== undefined) detail.certExpires = facts.expires.toISOString();
  if (facts.problem !== undefined) detail.certProblem = facts.problem;
  if (judged.rejection !== undefined) return { status: 'down', message: judged.rejection, metrics, detail };
  const how = check.tls === 'starttls' ? 'STARTTLS' : 'TLS';
  const message = `${seen.said}, ${how} ${facts.protocol ?? ''}, ${judged.summary}`.replace(' ,', ',');
  return { status: 'up', message, metrics, detail };
}
