/** Milliseconds in one UTC day (UTC has no daylight-saving shifts). */
export const DAY_MS = 86_400_000;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_PATTERN = /^\d{4}-\d{2}$/;

// Days already named and parsed: a render asks for the same few hundred days for every component.
const MEMO_LIMIT = 4096;
const dayNames = new Map<number, string>();
const dayStarts = new Map<string, number>();

/** The UTC day of an instant as YYYY-MM-DD: the name of the snapshot file that holds it. */
export function toUtcDay(epochMs: number): string {
  const dayNumber = Math.floor(epochMs / DAY_MS);
  let name = dayNames.get(dayNumber);
  if (name === undefined) {
    name = new Date(epochMs).toISOString().slice(0, 10);
    if (dayNames.size >= MEMO_LIMIT) dayNames.clear();
    dayNames.set(dayNumber, name);
  }
  return name;
}

/** The UTC month of a YYYY-MM-DD day as YYYY-MM: the name of the rollup file that holds it. */
export function toUtcMonth(day: string): string {
  return day.slice(0, 7);
}

/** Midnight UTC that starts a YYYY-MM-DD day, in epoch ms. */
export function getUtcDayStartMs(day: string): number {
  const known = dayStarts.get(day);
  if (known !== undefined) return known;
  const startMs = DAY_PATTERN.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(startMs))
    throw new RangeError(`expected a UTC day like "2026-11-22", got ${JSON.stringify(day)}`);
  if (dayStarts.size >= MEMO_LIMIT) dayStarts.clear();
  dayStarts.set(day, startMs);
  return startMs;
}

/** Midnight UTC that starts the month after a YYYY-MM month, in epoch ms: the month's exclusive end. */
export function getUtcMonthEndMs(month: string): number {
  const startMs = MONTH_PATTERN.test(month) ? Date.parse(`${month}-01T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(startMs))
    throw new RangeError(`expected a UTC month like "2026-11", got ${JSON.stringify(month)}`);
  const start = new Date(startMs);
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
}
