// Pure readers of what SMTP, IMAP and POP3 servers say: each framer is handed the lines of one
// reply so far and answers undefined (wait for more) or the reply. Nothing here runs a regex over
// more than one capped line (see CONVERSATION_LIMITS).

/** One framed reply: whether the server agreed, its lines, and the SMTP code where there is one. */
export interface MailReply {
  ok: boolean;
  /** The reply does not follow the protocol (a web server on port 25, a garbled line). */
  malformed?: true;
  lines: string[];
  code?: number;
}

export type ReplyFramer = (lines: readonly string[]) => MailReply | undefined;

const SMTP_LINE = /^(\d{3})([ -]|$)/;

/**
 * An SMTP reply: lines "250-…" continue, the one "250 …" (or a bare "250") ends it (RFC 5321 4.2).
 * ok means 2xx; a line that is not a reply line, or a code that changes midway, is malformed.
 */
export const frameSmtpReply: ReplyFramer = (lines) => {
  const last = lines.at(-1) ?? '';
  const match = SMTP_LINE.exec(last);
  if (match === null) return { ok: false, malformed: true, lines: [...lines] };
  const code = Number(match[1]);
  if (lines.some((line) => !line.startsWith(String(code))))
    return { ok: false, malformed: true, lines: [...lines] };
  if (match[2] === '-') return undefined;
  return { ok: code >= 200 && code < 300, lines: [...lines], code };
};

const IMAP_GREETING = /^\* (OK|PREAUTH|BYE)(?: |$)/i;

/** An IMAP greeting: one untagged line, "* OK" (or "* PREAUTH") welcomes, "* BYE" refuses (RFC 9051 7.1). */
export const frameImapGreeting: ReplyFramer = (lines) => {
  const first = lines[0] ?? '';
  const match = IMAP_GREETING.exec(first);
  if (match === null) return { ok: false, malformed: true, lines: [first] };
  return { ok: match[1]?.toUpperCase() !== 'BYE', lines: [first] };
};

/** The reply to a tagged IMAP command: untagged lines until "TAG OK|NO|BAD …"; ok means OK. */
export function frameImapTagged(tag: string): ReplyFramer {
  return (lines) => {
    const last = lines.at(-1) ?? '';
    if (!last.startsWith(`${tag} `)) {
      // Untagged data ("* …") and continuations ("+ …") come before the tagged status; anything else is not IMAP.
      return last.startsWith('*') || last.startsWith('+')
        ? undefined
        : { ok: false, malformed: true, lines: [...lines] };
    }
    const status = last.slice(tag.length + 1, tag.length + 5).toUpperCase();
    if (!/^(OK|NO|BAD)( |$)/.test(status)) return { ok: false, malformed: true, lines: [...lines] };
    return { ok: status.startsWith('OK'), lines: [...lines] };
  };
}

/** A one-line POP3 reply: "+OK …" or "-ERR …" (RFC 1939 3). */
export const framePop3Reply: ReplyFramer = (lines) => {
  const first = lines[0] ?? '';
  if (first.startsWith('+OK')) return { ok: true, lines: [first] };
  if (first.startsWith('-ERR')) return { ok: false, lines: [first] };
  return { ok: false, malformed: true, lines: [first] };
};

/** A multi-line POP3 reply (CAPA): "+OK", then lines up to a lone "."; "-ERR" is one line. */
export const framePop3MultiLine: ReplyFramer = (lines) => {
  const status = framePop3Reply(lines.slice(0, 1));
  if (status === undefined || !status.ok) return status;
  return lines.length > 1 && lines.at(-1) === '.' ? { ok: true, lines: [...lines] } : undefined;
};

/** EHLO's keywords (RFC 5321 4.1.1.1): every line after the first, without its code: "SIZE 52428800". */
export function parseEhloKeywords(reply: MailReply): string[] {
  return reply.lines
    .slice(1)
    .map((line) => line.slice(4).trim())
    .filter((keyword) => keyword !== '');
}

/** IMAP capabilities, from "* CAPABILITY …" or a greeting's "[CAPABILITY …]" response code. */
export function parseImapCapabilities(reply: MailReply): string[] {
  for (const line of reply.lines) {
    // The response code opens the greeting's text: "* OK [CAPABILITY …]" (a bounded look, never the whole line).
    const upper = line.slice(0, 40).toUpperCase();
    if (upper.startsWith('* CAPABILITY ')) return splitWords(line.slice('* CAPABILITY '.length));
    const code = upper.indexOf('[CAPABILITY ');
    if (code !== -1) {
      const start = code + '[CAPABILITY '.length;
      const end = line.indexOf(']', start);
      return splitWords(line.slice(start, end === -1 ? undefined : end));
    }
  }
  return [];
}

/** POP3 CAPA's capabilities (RFC 2449): the lines between "+OK" and ".", dot-stuffing undone. */
export function parsePop3Capabilities(reply: MailReply): string[] {
  return reply.lines
    .slice(1, -1)
    .map((line) => (line.startsWith('..') ? line.slice(1) : line).trim())
    .filter((capability) => capability !== '');
}

/** Whether a capability list offers the STARTTLS of its protocol ("STARTTLS", POP3's "STLS"). */
export function offersStartTls(capabilities: readonly string[], keyword: 'STARTTLS' | 'STLS'): boolean {
  return capabilities.some((capability) => firstWord(capability).toUpperCase() === keyword);
}

/** "PIPELINING, 8BITMIME, SIZE, …": capability names for a message, at most `max`. */
export function listCapabilityNames(capabilities: readonly string[], max = 10): string {
  if (capabilities.length === 0) return 'none';
  const names = capabilities.slice(0, max).map(firstWord);
  return `${names.join(', ')}${capabilities.length > max ? ', …' : ''}`;
}

/** Control characters removed, trimmed, at most 200 characters: safe to store and show. */
export function cleanLine(text: string): string {
  return text
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
}

function splitWords(text: string): string[] {
  return text.split(' ').filter((word) => word !== '');
}

function firstWord(text: string): string {
  const space = text.indexOf(' ');
  return space === -1 ? text : text.slice(0, space);
}
