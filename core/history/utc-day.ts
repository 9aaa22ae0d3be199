/** Milliseconds in one UTC day (UTC has no daylight-saving shifts). */
export const DAY_MS = 86_400_000;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_PATTERN = /^\d{4}-\d{2}$/;

/** The UTC day of an instant as YYYY-MM-DD: the name of the snapshot file that holds it. */
export function toUtcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The UTC month of a YYYY-MM-DD day as YYYY-MM: the name of the rollup file that holds it. */
export function toUtcMonth(day: string): string {
  return day.slice(0, 7);
}

/** Midnight UTC that starts a YYYY-MM-DD day, in epoch ms. */
export function getUtcDayStartMs(day: string): number {
  const startMs = DAY_PATTERN.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(startMs))
    throw new RangeError(`expected a UTC day like "2026-11-22", got ${JSON.stringify(day)}`);
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
