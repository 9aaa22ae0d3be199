import { formatDurationMs } from '../../../core/model/duration-format.ts';
import { describeNetworkError } from '../../transport/network-error.ts';
import { quoteBytes } from '../tcp/tcp-replies.ts';
import { ConversationError } from './line-conversation.ts';
import { type MailProgress, MailStepFailure } from './mail-session.ts';

/**
 * The one line a mail or tls check shows when its conversation failed, by the step it was in:
 * "connected, no greeting within 2 s", "connection closed before the reply to EHLO; got \"250-mx\"",
 * "TLS handshake failed: …", "STARTTLS not offered (EHLO: PIPELINING, 8BITMIME)".
 */
export function describeMailFailure(
  error: unknown,
  progress: MailProgress,
  context: { timeoutMs: number },
  unfinishedLine: Buffer = Buffer.alloc(0),
): string {
  if (error instanceof MailStepFailure) return error.message;
  if (!(error instanceof ConversationError)) return describeNetworkError(error);
  const { step } = progress;
  const got = describeReceived(progress.lines, unfinishedLine);
  const within = formatDurationMs(context.timeoutMs);
  switch (error.end) {
    case 'aborted':
      if (step === 'connecting') return `timed out after ${within} connecting`;
      if (step === 'TLS handshake') return `TLS handshake did not finish within ${within}`;
      if (step === 'greeting') return `connected, no greeting within ${within}${got}`;
      return `no reply to ${step} within ${within}${got}`;
    case 'closed':
      if (step === 'TLS handshake') return 'connection closed during the TLS handshake';
      if (step === 'greeting') return `connection closed before the greeting${got}`;
      return `connection closed before the reply to ${step}${got}`;
    case 'line too long':
    case 'too much':
      return `${error.message} ${step === 'greeting' ? 'in the greeting' : `in the reply to ${step}`}`;
    case 'network': {
      if (step !== 'TLS handshake') return describeNetworkError(error.cause ?? error);
      return `TLS handshake failed: ${describeTlsError(error.cause)}`;
    }
    default:
      return error.message;
  }
}

/** What a failed step saw (the greeting, the capabilities), for the result's detail. */
export function readFailureSeen(error: unknown): { capabilities?: string[]; banner?: string } {
  if (!(error instanceof MailStepFailure)) return {};
  return {
    ...(error.capabilities === undefined ? {} : { capabilities: error.capabilities }),
    ...(error.banner === undefined ? {} : { banner: error.banner }),
  };
}

// OpenSSL's errors carry a multi-line message; their `reason` ("wrong version number") is the part people read.
function describeTlsError(cause: unknown): string {
  const reason = (cause as { reason?: unknown } | undefined)?.reason;
  if (typeof reason !== 'string' || reason === '') return describeNetworkError(cause);
  return reason === 'wrong version number'
    ? `${reason} (the server does not speak TLS on this port?)`
    : reason;
}

function describeReceived(lines: readonly string[], unfinishedLine: Buffer): string {
  const text = [...lines.map((line) => `${line}\r\n`)].join('');
  const received = Buffer.concat([Buffer.from(text, 'utf8'), unfinishedLine]);
  return received.length === 0 ? '' : `; got ${quoteBytes(received)}`;
}
