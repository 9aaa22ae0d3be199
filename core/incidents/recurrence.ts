import * as rrulePackage from 'rrule';

// The one place recurrence is defined: a maintenance file's `rrule:` (RFC 5545 RRULE text) with its
// `start`/`end` as the first occurrence's window. Build-time and collector code only: the browser's
// maintenance clock re-decides the one occurrence the build chose, so `rrule` stays out of bundles.

// Node loads the CommonJS build (everything under `default`); Vite the ES build (named exports).
const { RRule } = ((rrulePackage as { default?: typeof rrulePackage }).default ??
  rrulePackage) as typeof rrulePackage;

/** One window of a recurring maintenance, [startMs, endMs) in epoch ms. */
export interface Occurrence {
  startMs: number;
  endMs: number;
}

export interface RecurringEntry {
  rrule?: string | undefined;
  start: string;
  end?: string | undefined;
  /** `completed` ends the series (see getSeriesEndMs). */
  status?: string | undefined;
  updates?: readonly { status?: string; at: string }[];
}

/** At most this many occurrences are ever listed at once: no query loops without bound. */
export const MAX_OCCURRENCES = 10_000;

/** A rule without UNTIL or COUNT is expanded at most this far past its start: no query walks to year 9999. */
const LONGEST_SERIES_MS = 20 * 365 * 86_400_000;

/** A rule must match within this span of its start, or it is refused (an impossible rule never matches). */
const FIRST_MATCH_WITHIN_MS = 2 * 366 * 86_400_000;

const KNOWN_PARTS = new Set([
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);
const FREQUENCIES = new Set(['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY']);

/**
 * What is wrong with an `rrule:` text, or undefined when it is a rule this site can expand. Stricter
 * than the library (which reads `FREQ=WEEKLYX` as no rule at all): every part is `NAME=value` of a
 * known name, FREQ is one of YEARLY to DAILY (a window repeating hourly or faster is not
 * maintenance: BYSECOND is refused, BYMINUTE takes one value), INTERVAL and COUNT are whole numbers
 * from 1, BYSETPOS is ±1 to ±366, the rule matches within two years of its start, and the start
 * comes from `start:`, never DTSTART inside the rule. Every check here is bounded.
 */
export function findRecurrenceProblem(rrule: string): string | undefined {
  const text = rrule.trim().replace(/^RRULE:/i, '');
  if (text === '') return 'expected an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=TU';
  const names = new Set<string>();
  for (const part of text.split(';')) {
    const [name = '', value, ...rest] = part.split('=');
    const upper = name.trim().toUpperCase();
    if (value === undefined || value.trim() === '' || rest.length > 0) {
      return `"${part}" is not NAME=value (parts are separated by ";")`;
    }
    if (upper === 'DTSTART' || upper === 'TZID') {
      return `${upper} does not belong in the rule; the first occurrence is the file's start`;
    }
    if (!KNOWN_PARTS.has(upper)) return `unknown rule part ${upper}`;
    if (names.has(upper)) return `${upper} is given twice`;
    names.add(upper);
    if (
      upper === 'BYDAY' &&
      !value.split(',').every((day) => /^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$/i.test(day.trim()))
    ) {
      return `BYDAY=${value} is not a list of days such as MO,TU or 1MO`;
    }
    if (upper === 'FREQ' && !FREQUENCIES.has(value.trim().toUpperCase())) {
      return `FREQ=${value} is not one of ${[...FREQUENCIES].join(', ')}`;
    }
    if (upper === 'BYSECOND') return 'BYSECOND is not for maintenance windows; give the time in start:';
    if (upper === 'BYMINUTE' && value.includes(',')) return 'BYMINUTE takes one minute, not a list';
    if ((upper === 'INTERVAL' || upper === 'COUNT') && !/^\s*[1-9]\d{0,3}\s*$/.test(value)) {
      return `${upper}=${value} must be a whole number from 1 to 9999`;
    }
    if (
      upper === 'BYSETPOS' &&
      !value.split(',').every((item) => /^[+-]?\d{1,3}$/.test(item.trim()) && isSetPosition(Number(item)))
    ) {
      return `BYSETPOS=${value} must be a list of positions from 1 to 366 (or -1 to -366)`;
    }
  }
  if (!names.has('FREQ')) return 'the rule needs a FREQ, e.g. FREQ=WEEKLY';
  if (names.has('COUNT') && names.has('UNTIL')) return 'COUNT and UNTIL cannot both be given';
  try {
    const options = RRule.parseString(text);
    for (const value of Object.values(options)) {
      if (Array.isArray(value) && value.some((item) => item === null || Number.isNaN(item))) {
        return `"${text}" has a value the rule cannot read`;
      }
      if (typeof value === 'number' && Number.isNaN(value))
        return `"${text}" has a value that is not a number`;
    }
    // Bounded: an until two years on stops the walk for a rule that never matches.
    const probeStart = new Date(Date.UTC(2026, 0, 1));
    const probe = new RRule({
      ...options,
      dtstart: probeStart,
      count: null,
      until: new Date(probeStart.getTime() + FIRST_MATCH_WITHIN_MS),
    });
    if (probe.all((_date, index) => index < 1).length === 0) {
      return `"${text}" matches no day within two years of its start`;
    }
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}

function isSetPosition(position: number): boolean {
  return position !== 0 && Math.abs(position) <= 366;
}

/**
 * When a series marked `completed` ended: at its newest `completed` update, else after its first
 * window. No window starts after that: later dates are neither maintenance nor left out of uptime.
 */
export function getSeriesEndMs(entry: RecurringEntry): number | undefined {
  if (entry.status !== 'completed') return undefined;
  const completed = entry.updates?.findLast((update) => update.status === 'completed');
  return completed === undefined ? Date.parse(entry.start) + getDurationMs(entry) : Date.parse(completed.at);
}

/** The rule as a calendar writes it: with an UNTIL once the series was completed. */
export function toCalendarRule(entry: RecurringEntry & { rrule: string }): string {
  const text = entry.rrule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  const endMs = getSeriesEndMs(entry);
  if (endMs === undefined || /(^|;)(UNTIL|COUNT)=/.test(text)) return text;
  const until = new Date(endMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${text};UNTIL=${until}`;
}

function toRule(entry: RecurringEntry) {
  const text = (entry.rrule ?? '').trim().replace(/^RRULE:/i, '');
  const options = RRule.parseString(text);
  const startMs = Date.parse(entry.start);
  // Without COUNT, a series is expanded at most LONGEST_SERIES_MS past its start, and never past
  // the moment it was completed.
  const untilMs = Math.min(
    options.until?.getTime() ?? Number.POSITIVE_INFINITY,
    startMs + LONGEST_SERIES_MS,
    getSeriesEndMs(entry) ?? Number.POSITIVE_INFINITY,
  );
  return new RRule({
    ...options,
    dtstart: new Date(startMs),
    ...(options.count && getSeriesEndMs(entry) === undefined ? {} : { until: new Date(untilMs) }),
  });
}

function getDurationMs(entry: RecurringEntry): number {
  return entry.end === undefined ? 0 : Math.max(0, Date.parse(entry.end) - Date.parse(entry.start));
}

/** True when the entry repeats. */
export function isRecurring(entry: RecurringEntry): entry is RecurringEntry & { rrule: string } {
  return entry.rrule !== undefined && entry.rrule.trim() !== '';
}

/**
 * The occurrences whose window overlaps [fromMs, toMs), oldest first, at most `limit` of them. A
 * non-recurring entry is its one window.
 */
export function listOccurrences(
  entry: RecurringEntry,
  fromMs: number,
  toMs: number,
  limit = MAX_OCCURRENCES,
): Occurrence[] {
  const durationMs = getDurationMs(entry);
  if (!isRecurring(entry)) {
    const startMs = Date.parse(entry.start);
    const endMs = startMs + durationMs;
    return endMs > fromMs && startMs < toMs ? [{ startMs, endMs }] : [];
  }
  const occurrences: Occurrence[] = [];
  // Starts from (fromMs - duration) on: the windows still running at fromMs count too.
  toRule(entry).between(new Date(fromMs - durationMs), new Date(toMs), true, (date) => {
    const startMs = date.getTime();
    if (startMs + durationMs > fromMs && startMs < toMs)
      occurrences.push({ startMs, endMs: startMs + durationMs });
    return occurrences.length < limit;
  });
  return occurrences;
}

/** The first occurrence starting at or after `afterMs`, if any. */
export function getNextOccurrence(entry: RecurringEntry, afterMs: number): Occurrence | undefined {
  const durationMs = getDurationMs(entry);
  if (!isRecurring(entry)) {
    const startMs = Date.parse(entry.start);
    return startMs >= afterMs ? { startMs, endMs: startMs + durationMs } : undefined;
  }
  const date = toRule(entry).after(new Date(afterMs), true);
  return date === null ? undefined : { startMs: date.getTime(), endMs: date.getTime() + durationMs };
}

/** The last occurrence starting at or before `beforeMs`, if any. */
export function getPreviousOccurrence(entry: RecurringEntry, beforeMs: number): Occurrence | undefined {
  const durationMs = getDurationMs(entry);
  if (!isRecurring(entry)) {
    const startMs = Date.parse(entry.start);
    return startMs <= beforeMs ? { startMs, endMs: startMs + durationMs } : undefined;
  }
  const date = toRule(entry).before(new Date(beforeMs), true);
  return date === null ? undefined : { startMs: date.getTime(), endMs: date.getTime() + durationMs };
}

/**
 * The occurrence that matters at `nowMs`: the one in progress, else the next, else (a finished series)
 * the last one.
 */
export function getOccurrenceAt(entry: RecurringEntry, nowMs: number): Occurrence {
  const previous = getPreviousOccurrence(entry, nowMs);
  if (previous !== undefined && nowMs < previous.endMs) return previous;
  const next = getNextOccurrence(entry, nowMs + 1);
  if (next !== undefined) return next;
  if (previous !== undefined) return previous;
  const startMs = Date.parse(entry.start);
  return { startMs, endMs: startMs + getDurationMs(entry) };
}

/**
 * A recurring maintenance as its occurrence at `nowMs` (getOccurrenceAt): `start`/`end` that
 * occurrence's window, and only the updates posted since the occurrence before it ended, so an
 * "in progress" or "completed" posted for last week's window does not decide this week's. The
 * frontmatter's status counts as `scheduled`, except `completed`, which ends the whole series.
 * Non-recurring entries come back as they are.
 */
export function resolveOccurrence<
  T extends RecurringEntry & {
    status?: string;
    updates: readonly { at: string }[];
    estimatedResolution?: string | undefined;
  },
>(entry: T, nowMs: number): T {
  if (!isRecurring(entry)) return entry;
  const occurrence = getOccurrenceAt(entry, nowMs);
  const previous = getPreviousOccurrence(entry, occurrence.startMs - 1);
  const sinceMs = previous === undefined ? Number.NEGATIVE_INFINITY : previous.endMs;
  const estimateMs =
    entry.estimatedResolution === undefined ? Number.NaN : Date.parse(entry.estimatedResolution);
  return {
    ...entry,
    start: new Date(occurrence.startMs).toISOString(),
    end: new Date(occurrence.endMs).toISOString(),
    // An estimate belongs to the occurrence it was written in.
    estimatedResolution: estimateMs >= occurrence.startMs ? entry.estimatedResolution : undefined,
    // The frontmatter's status speaks for the series: only `completed` (the series is over) counts;
    // an occurrence is started or finished early by an update posted for it.
    ...(entry.status === undefined
      ? {}
      : { status: entry.status === 'completed' ? 'completed' : 'scheduled' }),
    updates: entry.updates.filter((update) => Date.parse(update.at) >= sinceMs),
  };
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * "Every Tuesday 06:00–08:00 UTC": the rule in words for the page, from the library's reading of
 * it for anything but the common daily and weekly rules.
 */
export function describeRecurrence(entry: RecurringEntry & { rrule: string }): string {
  const rule = toRule(entry);
  const { freq, interval, byweekday } = rule.origOptions;
  const startMs = Date.parse(entry.start);
  const endMs = startMs + getDurationMs(entry);
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const window = `${time(startMs)}–${time(endMs)} UTC`;
  const every = interval !== undefined && interval > 1 ? `Every ${interval} ` : 'Every ';
  const days = (Array.isArray(byweekday) ? byweekday : byweekday === undefined ? [] : [byweekday])
    .map((day) =>
      typeof day === 'number' ? day : day === null || typeof day === 'string' ? -1 : day.weekday,
    )
    .filter((day) => day >= 0 && day < 7);
  const startDay = (new Date(startMs).getUTCDay() + 6) % 7;
  if (freq === RRule.WEEKLY) {
    const names = (days.length > 0 ? days : [startDay]).map((day) => WEEKDAY_NAMES[day]);
    return `${every}${interval !== undefined && interval > 1 ? 'weeks on ' : ''}${names.join(', ')} ${window}`;
  }
  if (freq === RRule.DAILY && days.length === 0) {
    return `${every}${interval !== undefined && interval > 1 ? 'days' : 'day'} ${window}`;
  }
  const words = rule.toText();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}, ${window}`;
}
