import { describe, expect, it } from 'vitest';
import {
  createEmptyTally,
  sumStatusDurations,
  type TimedStatus,
  uptimeForWindow,
  uptimeRatio,
} from '../../../../core/history/uptime.ts';
import { DAY_MS } from '../../../../core/history/utc-day.ts';
import type { RollupLine, StatusTally } from '../../../../core/model/snapshot.ts';
import type { CheckStatus } from '../../../../core/model/status.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22);
const MAX_GAP_MS = 15 * MIN;

/** One sample every 5 minutes at the given minutes after T0; statuses by minute, up otherwise. */
function samplesAt(
  minutes: readonly number[],
  statusByMinute: Record<number, CheckStatus> = {},
): TimedStatus[] {
  return minutes.map((minute) => ({ t: T0 + minute * MIN, status: statusByMinute[minute] ?? 'up' }));
}

function range(fromMinute: number, toMinute: number, stepMinutes = 5): number[] {
  const minutes: number[] = [];
  for (let minute = fromMinute; minute <= toMinute; minute += stepMinutes) minutes.push(minute);
  return minutes;
}

function tally(minutesByStatus: Partial<StatusTally>): StatusTally {
  const result = createEmptyTally();
  for (const [status, minutes] of Object.entries(minutesByStatus))
    result[status as CheckStatus] = minutes * MIN;
  return result;
}

describe('sumStatusDurations and uptimeRatio', () => {
  const cases: {
    name: string;
    samples: TimedStatus[];
    fromMinute: number;
    toMinute: number;
    expected: Partial<StatusTally>;
    ratio: number | null;
  }[] = [
    {
      name: 'all up',
      samples: samplesAt(range(0, 60)),
      fromMinute: 0,
      toMinute: 60,
      expected: { up: 60 },
      ratio: 1,
    },
    {
      name: 'one down sample in the middle',
      samples: samplesAt(range(0, 55), { 30: 'down' }),
      fromMinute: 0,
      toMinute: 60,
      expected: { up: 55, down: 5 },
      ratio: 55 / 60,
    },
    {
      name: 'a silence longer than maxGapMs is a gap, not up',
      samples: samplesAt([0, 5, 10, 50, 55]),
      fromMinute: 0,
      toMinute: 60,
      expected: { up: 5 + 5 + 15 + 5 + 5 },
      ratio: 1,
    },
    {
      name: 'a gap before a down sample does not stretch the outage either',
      samples: samplesAt([0, 5, 40, 45], { 5: 'down' }),
      fromMinute: 0,
      toMinute: 50,
      expected: { up: 5 + 5 + 5, down: 15 },
      ratio: 15 / 30,
    },
    {
      name: 'maintenance is excluded from uptime',
      samples: samplesAt(range(0, 55), { 20: 'maintenance', 25: 'maintenance', 40: 'down' }),
      fromMinute: 0,
      toMinute: 60,
      expected: { up: 45, maintenance: 10, down: 5 },
      ratio: 45 / 50,
    },
    {
      name: 'degraded counts as up',
      samples: samplesAt(range(0, 55), { 10: 'degraded', 15: 'degraded' }),
      fromMinute: 0,
      toMinute: 60,
      expected: { up: 50, degraded: 10 },
      ratio: 1,
    },
    {
      name: 'unknown is neither up nor down',
      samples: samplesAt(range(0, 55), { 10: 'unknown', 15: 'down' }),
      fromMinute: 0,
      toMinute: 60,
      expected: { up: 50, unknown: 5, down: 5 },
      ratio: 50 / 55,
    },
    {
      name: 'the window clips: a sample before it covers into it, samples after it count nothing',
      samples: samplesAt(range(0, 55), { 10: 'down', 35: 'down' }),
      fromMinute: 12,
      toMinute: 33,
      expected: { down: 3, up: 18 },
      ratio: 18 / 21,
    },
    {
      name: 'the last sample covers at most maxGapMs',
      samples: samplesAt([0]),
      fromMinute: 0,
      toMinute: 60,
      expected: { up: 15 },
      ratio: 1,
    },
    {
      name: 'no samples: no data',
      samples: [],
      fromMinute: 0,
      toMinute: 60,
      expected: {},
      ratio: null,
    },
    {
      name: 'only maintenance: no uptime figure',
      samples: samplesAt(
        range(0, 55),
        Object.fromEntries(range(0, 55).map((m) => [m, 'maintenance' as const])),
      ),
      fromMinute: 0,
      toMinute: 60,
      expected: { maintenance: 60 },
      ratio: null,
    },
  ];

  it.each(cases)('$name', ({ samples, fromMinute, toMinute, expected, ratio }) => {
    const durationsMs = sumStatusDurations(samples, {
      from: T0 + fromMinute * MIN,
      to: T0 + toMinute * MIN,
      maxGapMs: MAX_GAP_MS,
    });
    expect(durationsMs).toEqual(tally(expected));
    expect(uptimeRatio(durationsMs)).toBe(ratio);
  });
});

function rollup(day: string, durationsMs: Partial<StatusTally>): RollupLine {
  const full = { ...createEmptyTally(), ...durationsMs };
  return {
    v: 1,
    day,
    id: 'web',
    samples: createEmptyTally(),
    durationsMs: full,
    uptime: uptimeRatio(full),
    latencyMs: null,
    metrics: {},
  };
}

describe('uptimeForWindow', () => {
  // Raw samples cover 2026-11-22 00:00–01:00 (all up); rollups hold the days before.
  const raw = samplesAt(range(0, 55));
  const rawEnd = T0 + 60 * MIN;

  it('fills the UTC days before the first raw sample from rollups', () => {
    const result = uptimeForWindow({
      samples: raw,
      rollups: [
        rollup('2026-11-20', { up: DAY_MS * 0.75, down: DAY_MS * 0.25 }),
        rollup('2026-11-21', { up: DAY_MS }),
      ],
      from: T0 - 2 * DAY_MS,
      to: rawEnd,
      maxGapMs: MAX_GAP_MS,
    });
    expect(result.durationsMs.up).toBe(DAY_MS * 0.75 + DAY_MS + 60 * MIN);
    expect(result.durationsMs.down).toBe(DAY_MS * 0.25);
    expect(result.ratio).toBe((DAY_MS * 1.75 + 60 * MIN) / (DAY_MS * 2 + 60 * MIN));
  });

  it('lets raw samples win over a rollup of a day they cover', () => {
    const result = uptimeForWindow({
      samples: raw,
      rollups: [rollup('2026-11-22', { down: DAY_MS })],
      from: T0,
      to: rawEnd,
      maxGapMs: MAX_GAP_MS,
    });
    expect(result).toEqual({ ratio: 1, durationsMs: tally({ up: 60 }) });
  });

  it('weighs a rollup day at the start of the window by the fraction inside it', () => {
    const result = uptimeForWindow({
      samples: raw,
      rollups: [rollup('2026-11-21', { down: DAY_MS })],
      from: T0 - DAY_MS / 4,
      to: rawEnd,
      maxGapMs: MAX_GAP_MS,
    });
    expect(result.durationsMs.down).toBe(DAY_MS / 4);
    expect(result.durationsMs.up).toBe(60 * MIN);
  });

  it('ignores rollups outside the window', () => {
    const result = uptimeForWindow({
      samples: raw,
      rollups: [rollup('2026-11-10', { down: DAY_MS })],
      from: T0,
      to: rawEnd,
      maxGapMs: MAX_GAP_MS,
    });
    expect(result.durationsMs.down).toBe(0);
  });

  it('uses rollups alone when there are no raw samples, the later of two lines for one day winning', () => {
    const result = uptimeForWindow({
      samples: [],
      rollups: [
        rollup('2026-11-20', { down: DAY_MS }),
        rollup('2026-11-20', { up: DAY_MS / 2, down: DAY_MS / 2 }),
      ],
      from: T0 - 3 * DAY_MS,
      to: T0,
      maxGapMs: MAX_GAP_MS,
    });
    expect(result.durationsMs).toEqual({ ...createEmptyTally(), up: DAY_MS / 2, down: DAY_MS / 2 });
    expect(result.ratio).toBe(0.5);
  });

  it('has no ratio when there is no data at all', () => {
    const result = uptimeForWindow({ samples: [], rollups: [], from: T0, to: rawEnd, maxGapMs: MAX_GAP_MS });
    expect(result).toEqual({ ratio: null, durationsMs: createEmptyTally() });
  });
});
