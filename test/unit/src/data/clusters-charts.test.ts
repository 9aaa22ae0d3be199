import { describe, expect, it } from 'vitest';
import { ConfigSchema, type SnapshotLine } from '../../../../core/model/index.ts';
import { emptyResources } from '../../../../core/results/cluster-summary.ts';
import { MAX_CHART_POINTS } from '../../../../src/data/chart-series.ts';
import { deriveClusters, TREND_DAYS } from '../../../../src/data/clusters.ts';
import { deriveSiteModel } from '../../../../src/data/site-model.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const NOW_MS = Date.UTC(2026, 11, 1, 12, 0);

const config = ConfigSchema.parse({
  site: { interval: '10m' },
  checks: [{ id: 'atlas', type: 'slurm' }],
});

function withNodes(busy: number) {
  const resources = emptyResources();
  const byState = { alloc: Math.max(0, busy - 1), mix: Math.min(1, busy), idle: 8 - busy };
  resources.nodes = { ...resources.nodes, total: 8, usable: 8, byState };
  return resources;
}

/** Runs every 10 minutes over the last 9 days; the node states carry the run's index. */
function runs(): SnapshotLine[] {
  const lines: SnapshotLine[] = [];
  for (let t = NOW_MS - 9 * DAY_MS; t <= NOW_MS; t += 10 * MINUTE_MS) {
    const busy = (t / (10 * MINUTE_MS)) % 5; // 0–4 of 8 nodes
    lines.push({
      v: 1,
      t: new Date(t).toISOString(),
      source: 'local',
      agent: { version: '0.1.0', host: 'a' },
      results: [
        {
          id: 'atlas',
          status: 'up',
          ms: 10,
          message: 'ok',
          metrics: {
            cpuUtilizationPercent: busy * 12.5,
            memoryUtilizationPercent: 20,
            jobsRunning: busy,
            jobsPending: 3,
          },
          detail: {
            scheduler: 'slurm',
            resources: withNodes(busy),
            partitions: [],
          },
        },
      ],
    });
  }
  return lines;
}

describe('7-day cluster charts', () => {
  const model = deriveSiteModel({ config, snapshots: runs(), rollups: [], nowMs: NOW_MS });
  const [cluster] = deriveClusters(model);
  const charts = cluster?.charts ?? [];

  it('draws utilization and queue depth; a cluster without GPUs gets no GPU chart', () => {
    expect(charts.map((c) => [c.key, c.label, c.unit])).toEqual([
      ['cpuUtilizationPercent', 'CPU allocation', 'percent'],
      ['nodesInUsePercent', 'Nodes in use', 'percent'],
      ['memoryUtilizationPercent', 'Memory allocation', 'percent'],
      ['jobsRunning', 'Jobs running', 'count'],
      ['jobsPending', 'Jobs pending', 'count'],
    ]);
  });

  it('draws the last 7 days of runs first, thinned to the chart limit with the extremes kept', () => {
    for (const chart of charts) {
      expect(chart.defaultRange).toBe('7d');
      const week = chart.ranges.find((range) => range.id === '7d');
      expect(week?.points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
      expect(week?.points[0]?.t).toBe(NOW_MS - TREND_DAYS * DAY_MS);
      expect(week?.points.at(-1)?.t).toBe(NOW_MS);
      // Every run is there: no gap at a 10-minute cadence.
      expect(week?.points.filter((p) => p.v === null)).toEqual([]);
    }
    const nodes = charts.find((c) => c.key === 'nodesInUsePercent');
    const values = (nodes?.ranges.find((range) => range.id === '7d')?.points ?? []).map((p) => p.v as number);
    // alloc and mix are in use, idle is not: 0 to 4 of 8 nodes.
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(50);
  });

  it('offers 24 h of runs and 30 and 90 days by day', () => {
    const cpu = charts.find((c) => c.key === 'cpuUtilizationPercent');
    expect(cpu?.ranges.map((range) => [range.id, range.resolution])).toEqual([
      ['24h', 'run'],
      ['7d', 'run'],
      ['30d', 'day'],
      ['90d', 'day'],
    ]);
    const day = cpu?.ranges.find((range) => range.id === '24h');
    expect(day?.points[0]?.t).toBe(NOW_MS - DAY_MS);
    // Nine days of runs, and the day NOW_MS starts: ten UTC days, each its mean and highest.
    const month = cpu?.ranges.find((range) => range.id === '30d');
    expect(month?.points).toHaveLength(10);
    expect(month?.highest?.every((p) => p.v === 50)).toBe(true);
  });
});
