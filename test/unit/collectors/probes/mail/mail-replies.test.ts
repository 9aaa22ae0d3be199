import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
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
} from '../../../../../collectors/probes/mail/mail-replies.ts';

interface Conversation {
  server: string;
  steps: { send: string | null; receive: string }[];
}

// Conversations captured from the real servers the integration tests start (test/fixtures/mail/).
function readConversation(name: string): Conversation {
  return JSON.parse(readFileSync(new URL(`../../../../fixtures/mail/${name}.json`, import.meta.url), 'utf8'));
}

/** Feeds one step's received text to a framer line by line, as the conversation does. */
function frame(framer: ReplyFramer, text: string): MailReply | undefined {
  const lines: string[] = [];
  for (const line of text.split('\r\n').slice(0, -1)) {
    lines.push(line);
    const reply = framer(lines);
    if (reply !== undefined) return reply;
  }
  return undefined;
}

describe('mail replies over captured conversations', () => {
  it('Exim: 220 greeting, a multi-line EHLO reply offering STARTTLS, 220 to STARTTLS', () => {
    const [greeting, ehlo, starttls] = readConversation('exim-starttls').steps.map((step) => step.receive);
    expect(frame(frameSmtpReply, greeting ?? '')).toMatchObject({ ok: true, code: 220 });
    const reply = frame(frameSmtpReply, ehlo ?? '');
    expect(reply).toMatchObject({ ok: true, code: 250 });
    const keywords = parseEhloKeywords(reply as MailReply);
    expect(keywords).toEqual([
      'SIZE 52428800',
      '8BITMIME',
      'PIPELINING',
      'PIPECONNECT',
      'CHUNKING',
      'STARTTLS',
      'SMTPUTF8',
      'HELP',
    ]);
    expect(offersStartTls(keywords, 'STARTTLS')).toBe(true);
    expect(frame(frameSmtpReply, starttls ?? '')).toMatchObject({ ok: true, code: 220 });
  });

  it('Exim without TLS: the EHLO reply lacks STARTTLS, named in the message list', () => {
    const ehlo = readConversation('exim-no-starttls').steps[1]?.receive ?? '';
    const keywords = parseEhloKeywords(frame(frameSmtpReply, ehlo) as MailReply);
    expect(offersStartTls(keywords, 'STARTTLS')).toBe(false);
    expect(listCapabilityNames(keywords)).toBe(
      'SIZE, 8BITMIME, PIPELINING, PIPECONNECT, CHUNKING, SMTPUTF8, HELP',
    );
  });

  it.each([
    ['dovecot-imap-starttls', true, true],
    ['dovecot-imap-no-tls', false, false],
  ])('Dovecot IMAP (%s): greeting, CAPABILITY, STARTTLS', (name, offered, agreed) => {
    const [greeting, capability, starttls] = readConversation(name).steps.map((step) => step.receive);
    const welcome = frame(frameImapGreeting, greeting ?? '') as MailReply;
    expect(welcome.ok).toBe(true);
    expect(parseImapCapabilities(welcome)).toContain('IMAP4rev1');
    const reply = frame(frameImapTagged('a1'), capability ?? '') as MailReply;
    expect(reply).toMatchObject({ ok: true });
    expect(offersStartTls(parseImapCapabilities(reply), 'STARTTLS')).toBe(offered);
    expect(frame(frameImapTagged('a2'), starttls ?? '')).toMatchObject({ ok: agreed });
  });

  it.each([
    ['dovecot-pop3-starttls', true, true],
    ['dovecot-pop3-no-tls', false, false],
  ])('Dovecot POP3 (%s): +OK, CAPA up to ".", STLS', (name, offered, agreed) => {
    const [greeting, capa, stls] = readConversation(name).steps.map((step) => step.receive);
    expect(frame(framePop3Reply, greeting ?? '')).toMatchObject({ ok: true });
    const capabilities = parsePop3Capabilities(frame(framePop3MultiLine, capa ?? '') as MailReply);
    expect(capabilities).toContain('SASL PLAIN');
    expect(offersStartTls(capabilities, 'STLS')).toBe(offered);
    expect(frame(framePop3Reply, stls ?? '')).toMatchObject({ ok: agreed });
  });
});

describe('mail reply framers on hostile or odd input', () => {
  it.each([
    ['a web server on port 25', frameSmtpReply, ['HTTP/1.1 400 Bad Request'], { ok: false, malformed: true }],
    ['a code that changes midway', frameSmtpReply, ['250-a', '251 b'], { ok: false, malformed: true }],
    ['a bare code', frameSmtpReply, ['220'], { ok: true, code: 220 }],
    ['an SMTP 554 greeting', frameSmtpReply, ['554 go away'], { ok: false, code: 554 }],
    ['an IMAP BYE greeting', frameImapGreeting, ['* BYE too many connections'], { ok: false }],
    ['an IMAP PREAUTH greeting', frameImapGreeting, ['* PREAUTH welcome'], { ok: true }],
    ['a POP3 -ERR', framePop3Reply, ['-ERR no'], { ok: false }],
    ['garbage for POP3', framePop3Reply, ['SSH-2.0-OpenSSH'], { ok: false, malformed: true }],
    ['a tagged BAD', frameImapTagged('a2'), ['a2 BAD no'], { ok: false }],
    ['garbage before the tag', frameImapTagged('a1'), ['hello'], { ok: false, malformed: true }],
  ] as const)('%s', (_name, framer, lines, expected) => {
    expect(framer([...lines])).toMatchObject(expected);
  });

  it('waits for more on a continued SMTP line, untagged IMAP data and an unfinished CAPA', () => {
    expect(frameSmtpReply(['250-mx'])).toBeUndefined();
    expect(frameImapTagged('a1')(['* CAPABILITY IMAP4rev1'])).toBeUndefined();
    expect(framePop3MultiLine(['+OK', 'TOP'])).toBeUndefined();
  });

  it('undoes POP3 dot-stuffing and caps the capability names in messages', () => {
    expect(parsePop3Capabilities({ ok: true, lines: ['+OK', '..X-DOT', 'STLS', '.'] })).toEqual([
      '.X-DOT',
      'STLS',
    ]);
    const many = Array.from({ length: 12 }, (_, index) => `CAP${index}`);
    expect(listCapabilityNames(many)).toBe('CAP0, CAP1, CAP2, CAP3, CAP4, CAP5, CAP6, CAP7, CAP8, CAP9, …');
    expect(listCapabilityNames([])).toBe('none');
  });
});
