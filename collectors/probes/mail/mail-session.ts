import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { MailProtocol } from '../../../core/model/index.ts';
import { quote } from '../tcp/tcp-replies.ts';
import type { LineConversation, TlsOptions } from './line-conversation.ts';
import {
  cleanLine,
  frameImapGreeting,
  frameImapTagged,
  framePop3MultiLine,
  framePop3Reply,
  frameSmtpReply,
  listCapabilityNames,
  type MailReply,
  offersStartTls,
  parseEhloKeywords,
  parseImapCapabilities,
  parsePop3Capabilities,
  type ReplyFramer,
} from './mail-replies.ts';

// The steps of the three mail protocols before any login: the greeting, the capabilities, STARTTLS
// and the polite goodbye. A step the server refuses throws MailStepFailure, with words that say
// what happened; a server that stops talking throws the conversation's ConversationError.

/** Where a conversation is, for the words of a failure: the step and the lines of its reply so far. */
export interface MailProgress {
  /** "connecting", "TLS handshake", "greeting", or the command sent: "EHLO", "CAPABILITY", "STLS". */
  step: string;
  lines: string[];
}

/** The server answered, but not as a working server would: down, with this message. */
export class MailStepFailure extends Error {
  readonly capabilities: string[] | undefined;
  /** The greeting's first line, cleaned, when the greeting itself failed. */
  readonly banner: string | undefined;
  constructor(message: string, seen: { capabilities?: string[]; banner?: string } = {}) {
    super(message);
    this.name = 'MailStepFailure';
    this.capabilities = seen.capabilities;
    this.banner = seen.banner;
  }
}

const NAMES: Record<MailProtocol, string> = { smtp: 'SMTP', imap: 'IMAP', pop3: 'POP3' };
const GREETING_FRAMERS: Record<MailProtocol, ReplyFramer> = {
  smtp: frameSmtpReply,
  imap: frameImapGreeting,
  pop3: framePop3Reply,
};

/** Reads the server's greeting; its first line, cleaned, is the banner. */
export async function readGreeting(
  conversation: LineConversation,
  protocol: MailProtocol,
  progress: MailProgress,
): Promise<MailReply> {
  const reply = await ask(conversation, progress, 'greeting', undefined, GREETING_FRAMERS[protocol]);
  const banner = cleanLine(reply.lines[0] ?? '');
  const seen = banner === '' ? {} : { banner };
  if (reply.malformed)
    throw new MailStepFailure(`not an ${NAMES[protocol]} greeting: ${quoteReply(reply)}`, seen);
  // SMTP's 554 greeting ("no SMTP service here") is a 5xx; only 220 welcomes (RFC 5321 4.3.2).
  if (!reply.ok || (protocol === 'smtp' && reply.code !== 220))
    throw new MailStepFailure(`the server refused the session: ${quoteReply(reply)}`, seen);
  return reply;
}

/** What STARTTLS brought: what the server offered before it, and the upgraded socket. */
export interface StartTlsResult {
  capabilities: string[];
  socket: TLSSocket;
  handshakeMs: number;
}

/** Asks for the protocol's capabilities, then STARTTLS (POP3: STLS), then shakes hands. */
export async function upgradeWithStartTls(
  conversation: LineConversation,
  protocol: MailProtocol,
  progress: MailProgress,
  tls: TlsOptions = {},
): Promise<StartTlsResult> {
  const capabilities = await listCapabilities(conversation, protocol, progress);
  const command = protocol === 'pop3' ? 'STLS' : 'STARTTLS';
  // A POP3 server without CAPA (RFC 2449 is optional) may still know STLS: ask it.
  if (capabilities !== undefined && !offersStartTls(capabilities, command)) {
    const asked = { smtp: 'EHLO', imap: 'CAPABILITY', pop3: 'CAPA' }[protocol];
    throw new MailStepFailure(`${command} not offered (${asked}: ${listCapabilityNames(capabilities)})`, {
      capabilities,
    });
  }
  const reply =
    protocol === 'imap'
      ? await ask(conversation, progress, 'STARTTLS', 'a2 STARTTLS', frameImapTagged('a2'))
      : await ask(
          conversation,
          progress,
          command,
          command,
          protocol === 'smtp' ? frameSmtpReply : framePop3Reply,
        );
  if (reply.malformed || !reply.ok || (protocol === 'smtp' && reply.code !== 220))
    throw new MailStepFailure(
      `${command} refused: ${quoteReply(reply)}`,
      capabilities === undefined ? {} : { capabilities },
    );
  progress.step = 'TLS handshake';
  progress.lines = [];
  const startedAt = performance.now();
  const socket = await conversation.startTls(tls);
  const handshakeMs = Math.round((performance.now() - startedAt) * 10) / 10;
  return { capabilities: capabilities ?? [], socket, handshakeMs };
}

/** The goodbye each protocol expects before the connection closes. */
export const QUIT_COMMANDS: Record<MailProtocol, string> = { smtp: 'QUIT', imap: 'a9 LOGOUT', pop3: 'QUIT' };

async function listCapabilities(
  conversation: LineConversation,
  protocol: MailProtocol,
  progress: MailProgress,
): Promise<string[] | undefined> {
  if (protocol === 'smtp') {
    const reply = await ask(
      conversation,
      progress,
      'EHLO',
      `EHLO ${formatAddressLiteral(conversation)}`,
      frameSmtpReply,
    );
    if (reply.malformed || !reply.ok) throw new MailStepFailure(`EHLO refused: ${quoteReply(reply)}`);
    return parseEhloKeywords(reply);
  }
  if (protocol === 'imap') {
    const reply = await ask(conversation, progress, 'CAPABILITY', 'a1 CAPABILITY', frameImapTagged('a1'));
    if (reply.malformed || !reply.ok) throw new MailStepFailure(`CAPABILITY refused: ${quoteReply(reply)}`);
    return parseImapCapabilities(reply);
  }
  const reply = await ask(conversation, progress, 'CAPA', 'CAPA', framePop3MultiLine);
  if (reply.malformed) throw new MailStepFailure(`not a POP3 reply to CAPA: ${quoteReply(reply)}`);
  return reply.ok ? parsePop3Capabilities(reply) : undefined;
}

async function ask(
  conversation: LineConversation,
  progress: MailProgress,
  step: string,
  command: string | undefined,
  frame: ReplyFramer,
): Promise<MailReply> {
  progress.step = step;
  progress.lines = [];
  if (command !== undefined) conversation.write(command);
  return conversation.readReply(frame, progress.lines);
}

// EHLO names the client by its address when it has no name to vouch for (RFC 5321 4.1.3).
function formatAddressLiteral(conversation: LineConversation): string {
  const address = conversation.localAddress ?? '127.0.0.1';
  return isIP(address) === 6 ? `[IPv6:${address}]` : `[${address}]`;
}

function quoteReply(reply: MailReply): string {
  return quote(cleanLine(reply.lines.join(' ')), 120);
}
