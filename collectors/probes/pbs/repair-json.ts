/** A parsed document, or why it could not be read even after repair. */
export type TolerantJson = { ok: true; value: unknown; wasRepaired: boolean } | { ok: false; error: string };

const VALID_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);
/** Characters that may follow the closing quote of a string in JSON. */
const AFTER_STRING = new Set([',', '}', ']', ':']);

/**
 * Parses PBS's `-F json` output. PBS is known to write invalid JSON: node comments and job
 * variables with unescaped double quotes (openpbs#830), `\'` and `\,` escapes (openpbs#2049),
 * raw newlines and tabs from BASH_FUNC_ variables (openpbs#2541), and digit strings such as
 * `005` written as numbers (openpbs#1255). Valid JSON takes the fast path; only a document that
 * fails is repaired, then parsed again.
 */
export function parseTolerantJson(text: string): TolerantJson {
  try {
    return { ok: true, value: JSON.parse(text), wasRepaired: false };
  } catch (error) {
    try {
      return { ok: true, value: JSON.parse(repairJson(text)), wasRepaired: true };
    } catch {
      return { ok: false, error: `not JSON even after repair: ${(error as Error).message}` };
    }
  }
}

const OUTSIDE_SPECIAL = /["0]/g;

/** Rewrites the known PBS mistakes into valid JSON; valid JSON comes back unchanged. */
export function repairJson(text: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    OUTSIDE_SPECIAL.lastIndex = i;
    const found = OUTSIDE_SPECIAL.exec(text);
    const at = found === null ? text.length : found.index;
    if (found === null) {
      out.push(text.slice(i));
      break;
    }
    if (text[at] === '"') {
      out.push(text.slice(i, at));
      i = copyString(text, at, out);
    } else if (isLeadingZeroNumber(text, at)) {
      out.push(text.slice(i, at));
      let end = at;
      while (end < text.length && /[0-9.]/.test(text[end] ?? '')) end++;
      out.push(`"${text.slice(at, end)}"`);
      i = end;
    } else {
      out.push(text.slice(i, at + 1));
      i = at + 1;
    }
  }
  return out.join('');
}

// Copies one string starting at the opening quote, fixing its inside; returns the index after it.
function copyString(text: string, start: number, out: string[]): number {
  out.push('"');
  let i = start + 1;
  while (i < text.length) {
    const at = findStringSpecial(text, i);
    if (at > i) out.push(text.slice(i, at));
    if (at === text.length) break;
    const c = text[at] ?? '';
    if (c === '\\') {
      i = copyEscape(text, at, out);
    } else if (c === '"') {
      if (closesString(text, at + 1)) {
        out.push('"');
        return at + 1;
      }
      out.push('\\"');
      i = at + 1;
    } else {
      out.push(escapeControl(c));
      i = at + 1;
    }
  }
  out.push('"');
  return text.length;
}

/** Index of the next quote, backslash or control character, or the text's length. */
function findStringSpecial(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 || code === 92 || code < 32) return i;
  }
  return text.length;
}

// A valid escape is kept; PBS's `\'` and `\,` lose the backslash; any other backslash is doubled.
function copyEscape(text: string, at: number, out: string[]): number {
  const next = text[at + 1] ?? '';
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
    out.push(text.slice(at, at + 6));
    return at + 6;
  }
  if (next !== 'u' && VALID_ESCAPES.has(next)) {
    out.push(text.slice(at, at + 2));
    return at + 2;
  }
  if (next === "'" || next === ',') {
    out.push(next);
    return at + 2;
  }
  out.push('\\\\');
  return at + 1;
}

// A quote ends a string when what follows could follow a string: `,` + a value, `}`, `]`, `:` or the end.
function closesString(text: string, from: number): boolean {
  const i = skipSpace(text, from);
  if (i >= text.length) return true;
  const c = text[i] ?? '';
  if (!AFTER_STRING.has(c)) return false;
  return c !== ',' || startsJsonValue(text, skipSpace(text, i + 1));
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (let code = text.charCodeAt(i); code === 32 || code === 10 || code === 13 || code === 9; ) {
    i++;
    code = text.charCodeAt(i);
  }
  return i;
}

function startsJsonValue(text: string, i: number): boolean {
  const c = text[i] ?? '';
  if (/["{[\-0-9]/.test(c)) return true;
  return /^(true|false|null)[\s,}\]]/.test(text.slice(i, i + 6));
}

function escapeControl(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

// `:005` or `, 0123` outside a string: a digit string PBS forgot to quote (not `0`, `0.5`).
function isLeadingZeroNumber(text: string, i: number): boolean {
  const before = text.slice(Math.max(0, i - 3), i).trimEnd();
  if (!/[:,[]$/.test(before)) return false;
  return /^0\d/.test(text.slice(i, i + 2));
}
