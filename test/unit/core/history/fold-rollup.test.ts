import { describe, expect, it } from 'vitest';
import {
  type FoldSample,
  foldIntoRollup,
  foldSnapshotDay,
  groupSnapshotDayByCheck,
} from '../../../../core/history/fold-rollup.ts';
import { DAY_MS } from '../../../../core/history/utc-day.ts';
import { RollupLineSchema } from '../../../../core/model/snapshot.ts';
import { generateSnapshotLines } from '../../../helpers/generate-snapshots.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = '2026-11-22';
const DAY_START = Date.UTC(2026, 10, 22);
const MAX_GAP_MS = 15 * MIN;

function sample(minute: number, overrides: Partial<FoldSample> = {}): FoldSample {
  return { t: DAY_START + minute * MIN, status: 'up', ms: 100, metrics: {}, ...overrides };
}

describe('foldIntoRollup', () => {
  it('folds a day of 5-minute runs with a one-hour outage', () => {
    const lines = generateSnapshotLines({
      source: 'web',
      checkIds: ['api'],
      from: new Date(DAY_START),
      to: new Date(DAY_START + DAY_MS),
      intervalMs: 5 * MIN,
      statusAt: (_id, t) => (t >= DAY_START + 10 * HOUR && t < DAY_START + 11 * HOUR ? 'down' : 'up'),
    });
    const samples = groupSnapshotDayByCheck(lines).get('api') ?? [];
    const rollup = foldIntoRollup(DAY, 'api', samples, MAX_GAP_MS);

    expect(RollupLineSchema.parse(rollup)).toEqual(rollup);
    expect(rollup.samples).toEqual({ up: 276, degraded: 0, down: 12, maintenance: 0, unknown: 0 });
    expect(rollup.durationsMs).toEqual({
      up: 23 * HOUR,
      degraded: 0,
      down: HOUR,
      maintenance: 0,
      unknown: 0,
    });
    expect(rollup.uptime).toBe(23 / 24);
    expect(rollup.latencyMs?.max).toBe(5000);
    expect(rollup.metrics.latencyMs?.max).toBeLessThan(5000);
  });

  it('takes latency percentiles over every run and metric mean/max over the runs that reported it', () => {
    const samples = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((ms, index) =>
      sample(index * 5, {
        ms,
        metrics: index < 4 ? { queueDepth: index * 2, latencyMs: ms } : { latencyMs: ms },
      }),
    );
    const rollup = foldIntoRollup(DAY, 'api', samples.reverse(), MAX_GAP_MS);
    expect(rollup.latencyMs).toEqual({ p50: 50, p95: 100, max: 100 });
    expect(rollup.metrics).toEqual({ latencyMs: { mean: 55, max: 100 }, queueDepth: { mean: 3, max: 6 } });
  });

  it('ignores non-finite metric values', () => {
    const samples = [
      sample(0, { metrics: { ratio: 1 } }),
      sample(5, { metrics: { ratio: Number.POSITIVE_INFINITY } }),
    ];
    expect(foldIntoRollup(DAY, 'api', samples, MAX_GAP_MS).metrics).toEqual({ ratio: { mean: 1, max: 1 } });
  });

  it('clips durations to the day and counts only the day’s own runs', () => {
    const previousDayLast = { ...sample(0), t: DAY_START - 5 * MIN, status: 'down' as const, ms: 9999 };
    const rollup = foldIntoRollup(DAY, 'api', [previousDayLast, sample(0), sample(24 * 60 - 5)], MAX_GAP_MS);
    expect(rollup.samples.down).toBe(0);
    expect(rollup.samples.up).toBe(2);
    expect(rollup.latencyMs?.max).toBe(100);
    // The previous day's run covers nothing here: the day's first run is at 00:00.
    expect(rollup.durationsMs).toEqual({
      up: 15 * MIN + 5 * MIN,
      degraded: 0,
      down: 0,
      maintenance: 0,
      unknown: 0,
    });
  });

  it('has no latency and no uptime without runs', () => {
    const rollup = foldIntoRollup(DAY, 'api', [], MAX_GAP_MS);
    expect(rollup).toMatchObject({ uptime: null, latencyMs: null, metrics: {} });
    expect(rollup.samples).toEqual({ up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0 });
  });

  it('excludes maintenance from uptime but counts its runs', () => {
    const samples = [sample(0), sample(5, { status: 'maintenance' }), sample(10, { status: 'down' })];
    const rollup = foldIntoRollup(DAY, 'api', samples, 5 * MIN);
    expect(rollup.samples).toMatchObject({ up: 1, maintenance: 1, down: 1 });
    expect(rollup.uptime).toBe(0.5);
  });
});

describe('foldSnapshotDay', () => {
  it('gives one rollup line per check, sorted by id', () => {
    const lines = generateSnapshotLines({
      source: 'web',
      checkIds: ['web', 'db', 'cache'],
      from: new Date(DAY_START),
      to: new Date(DAY_START + HOUR),
      intervalMs: 5 * MIN,
      statusAt: (id) => (id === 'db' ? 'degraded' : 'up'),
    });
    const rollups = foldSnapshotDay(DAY, lines, MAX_GAP_MS);
    expect(rollups.map((line) => line.id)).toEqual(['cache', 'db', 'web']);
    expect(rollups.map((line) => line.samples.up + line.samples.degraded)).toEqual([12, 12, 12]);
    // The 00:55 run vouches for maxGapMs after it, since no later run says otherwise.
    expect(rollups[1]?.durationsMs.degraded).toBe(HOUR - 5 * MIN + MAX_GAP_MS);
  });

  it("lets each check's last run vouch for that check's own gap", () => {
    const lines = generateSnapshotLines({
      source: 'web',
      checkIds: ['slow', 'fast'],
      from: new Date(DAY_START),
      to: new Date(DAY_START + HOUR),
      intervalMs: 5 * MIN,
    });
    const [fast, slow] = foldSnapshotDay(DAY, lines, (id) => (id === 'slow' ? 60 * MIN : 2 * MIN));
    // Runs 5 min apart each vouch for only 2 min of a check whose gap is 2 min.
    expect(fast?.durationsMs.up).toBe(12 * 2 * MIN);
    expect(slow?.durationsMs.up).toBe(HOUR - 5 * MIN + 60 * MIN);
  });
});

describe('generateSnapshotLines', () => {
  it('is deterministic and independent of the range asked for', () => {
    const options = { source: 'web', checkIds: ['api'], intervalMs: 5 * MIN } as const;
    const day = generateSnapshotLines({
      ...options,
      from: new Date(DAY_START),
      to: new Date(DAY_START + DAY_MS),
    });
    const again = generateSnapshotLines({
      ...options,
      from: new Date(DAY_START),
      to: new Date(DAY_START + DAY_MS),
    });
    const laterHalf = generateSnapshotLines({
      ...options,
      from: new Date(DAY_START + 12 * HOUR),
      to: new Date(DAY_START + DAY_MS),
    });
    expect(again).toEqual(day);
    expect(laterHalf).toEqual(day.slice(144));
    const latencies = day.map((line) => line.results[0]?.ms ?? 0);
    expect(new Set(latencies).size).toBeGreaterThan(100);
    expect(Math.min(...latencies)).toBeGreaterThan(0);
  });
});
