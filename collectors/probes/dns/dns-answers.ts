import { isIPv6 } from 'node:net';
import type { DnsRecord } from './dns-wire.ts';

// How a dns check compares the values it expects with the answers: as `dig +short` writes them,
// names without regard to case or a trailing dot, IPv6 in any spelling, TXT quoted or not.

/** The expected values that are not among the answers (empty: every one is there). */
export function findMissingAnswers(expected: readonly string[], answers: readonly DnsRecord[]): string[] {
  const present = new Set(answers.flatMap((record) => spellAnswer(record)));
  return expected.filter((value) => !spellExpected(value).some((spelling) => present.has(spelling)));
}

/** Every spelling an answer matches: its dig form, normalised; TXT also as its strings run together. */
function spellAnswer(record: DnsRecord): string[] {
  if (record.type !== 'TXT') return [normalizeValue(record.data)];
  return [record.data, joinTxtStrings(record.data)];
}

function spellExpected(value: string): string[] {
  const trimmed = value.trim();
  return [...new Set([trimmed, normalizeValue(trimmed)])];
}

/** Names lower-cased without their trailing dot, IPv6 in RFC 5952 form, spaces collapsed. */
function normalizeValue(value: string): string {
  return value
    .trim()
    .split(/\s+/)
    .map((token) => {
      if (isIPv6(token)) return new URL(`http://[${token}]/`).hostname.slice(1, -1);
      const lower = token.toLowerCase();
      return lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
    })
    .join(' ');
}

/** `"v=spf1 " "-all"` → `v=spf1 -all`: the strings of a TXT record as one text, escapes undone. */
export function joinTxtStrings(data: string): string {
  let text = '';
  for (const match of data.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    text += (match[1] ?? '').replace(/\\(\d{3}|.)/g, (_, escaped: string) =>
      escaped.length === 3 ? String.fromCharCode(Number(escaped)) : escaped,
    );
  }
  return text;
}
