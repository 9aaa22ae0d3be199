import { describe, expect, it } from 'vitest';
import { toRunSeries } from '../../../../core/history/run-series.ts';
import type { CheckStatus, RollupLine } from '../../../../core/model/index.ts';
import { BAR_DAYS, buildDailyCells } from '../../../../src/data/daily-bars.ts';
import type { CheckSample } from '../../../../src/data/history.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 22, 12, 0);
const TODAY_MS = Date.UTC(2026, 10, 22);
const clock = { nowMs: NOW_MS, staleAfterMs: 15 * MINUTE_MS };

/** Five-minute runs from `fromMs` until now, with `statusAt` deciding each. */
function runs(fromMs: number, statusAt: (t: number) => CheckStatus = () => 'up'): CheckSample[] {
  const samples: CheckSample[] = [];
  for (let t = fromMs; t < NOW_MS; t += 5 * MINUTE_MS) {
    samples.push({
      t,
      result: { id: 'web', status: statusAt(t), ms: 20, message: '', metrics: {}, detail: {} },
    });
  }
  return samples;
}

function rollup(day: string, durationsMs: Partial<RollupLine['durationsMs']>): RollupLine {
  const full = { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0, ...durationsMs };
  return {
    v: 1,
    day,
    id: 'web',
    samples: { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0 },
    durationsMs: full,
    uptime: null,
    latencyMs: null,
    metrics: {},
  };
}

describe('buildDailyCells', () => {
  it('gives 90 UTC days ending today, days before any data as "no data" rather than green', () => {
    const cells = buildDailyCells(toRunSeries(runs(TODAY_MS - 2 * DAY_MS)), [], clock);
    expect(cells).toHaveLength(BAR_DAYS);
    expect(cells.at(-1)?.day).toBe('2026-11-22');
    expect(cells[0]?.day).toBe('2026-08-25');
    expect(cells.slice(0, -3).every((cell) => cell.status === 'no_data' && cell.ratio === null)).toBe(true);
    expect(cells.slice(-3).map((cell) => cell.status)).toEqual(['operational', 'operational', 'operational']);
  });

  it('colours a day with a short outage partial and a long one major, and counts the minutes', () => {
    const yesterdayMs = TODAY_MS - DAY_MS;
    const twoDaysAgoMs = TODAY_MS - 2 * DAY_MS;
    const samples = runs(twoDaysAgoMs, (t) => {
      if (t >= twoDaysAgoMs + 3_600_000 && t < twoDaysAgoMs + 3_600_000 + 10 * MINUTE_MS) return 'down';
      if (t >= yesterdayMs + 3_600_000 && t < yesterdayMs + 4 * 3_600_000) return 'down';
      return 'up';
    });
    const [twoDaysAgo, yesterday] = buildDailyCells(toRunSeries(samples), [], clock).slice(-3);
    expect(twoDaysAgo).toMatchObject({ status: 'partial_outage', downMs: 10 * MINUTE_MS });
    expect(yesterday).toMatchObject({ status: 'major_outage', downMs: 3 * 3_600_000 });
    expect(yesterday?.ratio).toBeCloseTo(21 / 24, 5);
  });

  it('fills days older than the raw runs from the daily rollups', () => {
    const cells = buildDailyCells(
      toRunSeries(runs(TODAY_MS - DAY_MS)),
      [
        rollup('2026-10-01', { up: DAY_MS - 3_600_000, degraded: 3_600_000 }),
        rollup('2026-10-02', { maintenance: DAY_MS }),
      ],
      clock,
    );
    const byDay = Object.fromEntries(cells.map((cell) => [cell.day, cell]));
    expect(byDay['2026-10-01']).toMatchObject({
      status: 'degraded_performance',
      ratio: 1,
      degradedMs: 3_600_000,
    });
    expect(byDay['2026-10-02']).toMatchObject({ status: 'under_maintenance', ratio: null });
    expect(byDay['2026-10-03']).toMatchObject({ status: 'no_data' });
  });

  it('leaves a silent stretch out of the day instead of counting it as up', () => {
    const samples = runs(TODAY_MS - DAY_MS).filter((s) => s.t < TODAY_MS - DAY_MS + 6 * 3_600_000);
    const yesterday = buildDailyCells(toRunSeries(samples), [], clock).at(-2);
    expect(yesterday).toMatchObject({ status: 'operational', ratio: 1, downMs: 0 });
    expect(buildDailyCells(toRunSeries(samples), [], clock).at(-1)).toMatchObject({ status: 'no_data' });
  });
});
