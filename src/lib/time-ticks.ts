import { getZoneOffsetMs } from './format.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Tick steps people read at a glance: round minutes, hours that divide a day, whole days and weeks. */
const STEPS_MS = [
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  2 * DAY_MS,
  7 * DAY_MS,
  14 * DAY_MS,
  30 * DAY_MS,
];

/** The step between ticks that shows [minMs, maxMs] in at most maxTicks ticks. */
export function chooseTickStepMs(minMs: number, maxMs: number, maxTicks = 6): number {
  const spanMs = Math.max(0, maxMs - minMs);
  return STEPS_MS.find((stepMs) => spanMs / stepMs <= maxTicks - 1) ?? (STEPS_MS.at(-1) as number);
}

/**
 * Evenly spaced ticks on the zone's wall clock: every full 6 hours, every midnight, every second
 * midnight… in `timeZone`, so "06:00 12:00 18:00" line up for the reader whatever the data's range.
 */
export function buildTimeTicks(minMs: number, maxMs: number, timeZone: string, maxTicks = 6): number[] {
  if (!(Number.isFinite(minMs) && Number.isFinite(maxMs)) || maxMs < minMs) return [];
  const stepMs = chooseTickStepMs(minMs, maxMs, maxTicks);
  const ticks: number[] = [];
  let wallMs = Math.ceil((minMs + getZoneOffsetMs(minMs, timeZone)) / stepMs) * stepMs;
  for (let guard = 0; guard < maxTicks + 2; guard++, wallMs += stepMs) {
    // The offset at the tick itself (a daylight-saving change may lie between min and the tick).
    const guessMs = wallMs - getZoneOffsetMs(wallMs, timeZone);
    const tickMs = wallMs - getZoneOffsetMs(guessMs, timeZone);
    if (tickMs > maxMs) break;
    if (tickMs >= minMs) ticks.push(tickMs);
  }
  return ticks;
}
