// `uptime` (and the first line of `w`) as every system prints it:
//   procps-ng  " 00:41:11 up 17:27,  0 user,  load average: 10.97, 7.22, 5.67"
//   procps-ng in a locale with decimal commas  "… 3 users,  load average: 0,52, 0,58, 0,59"
//   macOS/BSD  "10:14  up 3 days, 19:02, 2 users, load averages: 1.93 1.87 1.84"
//   BusyBox without utmp  " 12:00:00 up 1 day,  3:02,  load average: 0.00, 0.01, 0.05"
// Read with small anchored patterns over one capped line, never a regex over the whole output.

/** Longest line looked at; `uptime` prints about 70 characters. */
const MAX_LINE_CHARS = 1024;
/** Most of the output searched for the uptime line (`w` prints one row per session after it). */
const MAX_SCAN_CHARS = 16_384;

export interface UptimeReading {
  /** Sessions logged in; undefined when the line names no user count. */
  users: number | undefined;
  load1: number;
  load5: number;
  load15: number;
  /** The line read, trimmed and cut to 256 characters. */
  line: string;
}

export type UptimeParse = { ok: true; reading: UptimeReading } | { ok: false; problem: string };

const LOAD_LABEL = /load averages?:?/i;
const LOAD_NUMBER = /\d+(?:[.,]\d+)?/g;
const USERS = /(\d+)\s+users?\b/i;
/** "3 Benutzer": a count and one word, the last such field before the load averages. */
const COUNT_AND_WORD = /^(\d+)\s+(\p{L}+)$/u;
/** A translated label: the letters right before the line's last colon. */
const TRAILING_WORD = /\p{L}+$/u;
const UP_WORD = /\bup\b/;
/** Fields of the uptime itself ("10 days", "5 min"), which are not a user count. */
const UPTIME_UNITS = /^(?:days?|hours?|hrs?|mins?|minutes?|secs?|seconds?)$/i;

/** The user count and load averages of `uptime` or `w` output; a clear problem when it has none. */
export function parseUptime(text: string): UptimeParse {
  const lines = text
    .slice(0, MAX_SCAN_CHARS)
    .split('\n')
    .map((line) => line.slice(0, MAX_LINE_CHARS));
  const found = lines.map(findLoadLabel).find((label) => label !== undefined);
  if (found === undefined) {
    const first = lines
      .find((candidate) => candidate.trim() !== '')
      ?.trim()
      .slice(0, 120);
    return {
      ok: false,
      problem:
        first === undefined
          ? 'uptime printed nothing'
          : `no load average in the output: ${JSON.stringify(first)}`,
    };
  }
  const { line, start, end } = found;
  const loads = [...line.slice(end).matchAll(LOAD_NUMBER)].map((match) => Number(match[0].replace(',', '.')));
  const [load1, load5, load15] = loads;
  if (load1 === undefined || load5 === undefined || load15 === undefined) {
    return {
      ok: false,
      problem: `expected three load averages in ${JSON.stringify(line.trim().slice(0, 120))}`,
    };
  }
  return {
    ok: true,
    reading: {
      users: readUsers(line.slice(0, start)),
      load1,
      load5,
      load15,
      line: line.trim().slice(0, 256),
    },
  };
}

/**
 * Where the load-average label of a line starts and ends: "load average(s):", or in a translated
 * uptime line ("… up 41 days, …, Durchschnittslast: …") the word before its last colon.
 */
function findLoadLabel(line: string): { line: string; start: number; end: number } | undefined {
  const english = LOAD_LABEL.exec(line);
  if (english !== null) return { line, start: english.index, end: english.index + english[0].length };
  if (!UP_WORD.test(line)) return undefined;
  const colon = line.lastIndexOf(':');
  const word = TRAILING_WORD.exec(line.slice(0, colon));
  if (colon < 0 || word === null) return undefined;
  return { line, start: word.index, end: colon + 1 };
}

function readUsers(head: string): number | undefined {
  const english = USERS.exec(head);
  if (english !== null) return Number(english[1]);
  // Translated word: the last "<count> <word>" field that is not part of the uptime.
  const fields = head.split(',').map((field) => field.trim());
  for (let i = fields.length - 1; i >= 1; i--) {
    const match = COUNT_AND_WORD.exec(fields[i] as string);
    if (match !== null && !UPTIME_UNITS.test(match[2] as string)) return Number(match[1]);
  }
  return undefined;
}
