// A calendar schedule (cron, systemd's OnCalendar=) repeats evenly only with steps that divide the
// minute, the hour or the day: `*/7` in cron runs at :00, :07, … :56 and again at :00. So a schedule
// runs at the longest even step that is not longer than site.interval: never less often than the
// config asks, and a run that comes early only probes what is due.

const SECOND_STEPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
const MINUTE_STEPS = SECOND_STEPS;
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12];
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface Cadence {
  /** How often it runs. */
  periodMs: number;
  /** The crontab's five fields; a period under a minute has none of its own and runs every minute. */
  cron: string;
  /** The same period as a systemd calendar event (systemd.time). */
  onCalendar: string;
}

/** The schedule for `intervalMs`, never more often than `minimumMs` allows (GitHub's: 5 minutes). */
export function chooseCadence(intervalMs: number, minimumMs = 1000): Cadence {
  const wantedMs = Math.max(intervalMs, minimumMs);
  if (wantedMs >= DAY_MS) return { periodMs: DAY_MS, cron: '0 0 * * *', onCalendar: 'daily' };
  if (wantedMs >= HOUR_MS) {
    const hours = pickStep(HOUR_STEPS, wantedMs / HOUR_MS);
    return {
      periodMs: hours * HOUR_MS,
      cron: hours === 1 ? '0 * * * *' : `0 */${hours} * * *`,
      onCalendar: hours === 1 ? 'hourly' : `0/${hours}:00`,
    };
  }
  if (wantedMs >= MINUTE_MS) {
    const minutes = pickStep(MINUTE_STEPS, wantedMs / MINUTE_MS);
    return {
      periodMs: minutes * MINUTE_MS,
      cron: minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`,
      onCalendar: minutes === 1 ? 'minutely' : `*:0/${minutes}`,
    };
  }
  const seconds = pickStep(SECOND_STEPS, wantedMs / 1000);
  return { periodMs: seconds * 1000, cron: '* * * * *', onCalendar: `*:*:0/${seconds}` };
}

/** The longest step not longer than `wanted` (at least the shortest). */
function pickStep(steps: readonly number[], wanted: number): number {
  return steps.filter((step) => step <= wanted + 1e-9).at(-1) ?? (steps[0] as number);
}
