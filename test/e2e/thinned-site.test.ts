import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetThinMarks, thinSubMinuteRuns } from '../../collectors/store/thin-runs.ts';
import { loadConfig } from '../../core/config/load-config.ts';
import type { SnapshotLine } from '../../core/model/index.ts';
import type { CheckStatus } from '../../core/model/status.ts';
import type { StatuspageSummary } from '../../src/data/statuspage-types.ts';
import { buildSite } from '../helpers/build-site.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';

// A site with a 5 s check beside 5-minute ones, built from the raw runs and again after thinning:
// every uptime figure, duration and daily bar must come out the same. 14 days of 5-minute runs, and
// the last two days of the 5 s check (34,560 runs, with outages and a real gap).

const SEC = 1000;
const MIN = 60 * SEC;
const DAY = 24 * 60 * MIN;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const FROM = NOW - 14 * DAY;
const FAST_FROM = NOW - 2 * DAY;
const GAP = { from: NOW - 30 * 60 * MIN, to: NOW - 29 * 60 * MIN };

const CONFIG = `site:
  title: Fast lab
  interval: 5m
  refreshSeconds: 5
sources:
  - { id: main }
checks:
  - { id: fast, name: Fast API, type: http, url: "http://127.0.0.1:9/", interval: 5s, timeout: 2s }
  - { id: web, name: Website, type: http, url: "http://127.0.0.1:9/" }
  - { id: db, name: Database, type: tcp, host: 127.0.0.1, port: 9 }
`;

function statusAt(id: string, t: number): CheckStatus {
  const minuteOfDay = Math.floor((t % DAY) / MIN);
  if (id === 'fast' && minuteOfDay >= 600 && minuteOfDay < 604) return 'down';
  if (id === 'fast' && t % 3_600_000 < 40 * SEC) return 'degraded';
  if (id === 'db' && minuteOfDay >= 300 && minuteOfDay < 330) return 'down';
  return 'up';
}

function generateLines(): SnapshotLine[] {
  const slow = generateSnapshotLines({
    source: 'main',
    checkIds: ['web', 'db'],
    from: new Date(FROM),
    to: new Date(NOW),
    intervalMs: 5 * MIN,
    statusAt,
  });
  const fast = generateSnapshotLines({
    source: 'main',
    checkIds: ['fast'],
    from: new Date(FAST_FROM),
    to: new Date(NOW),
    intervalMs: 5 * SEC,
    statusAt,
  }).filter((line) => {
    const t = Date.parse(line.t);
    return t < GAP.from || t >= GAP.to;
  });
  const byT = new Map<string, SnapshotLine>();
  for (const line of [...slow, ...fast]) {
    const known = byT.get(line.t);
    byT.set(line.t, known === undefined ? line : { ...known, results: [...known.results, ...line.results] });
  }
  return [...byT.values()].sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
}

let dir: string;
let raw: StatuspageSummary;
let thinned: StatuspageSummary;
let thinnedIndex: string;

async function build(name: string, dataDir: string, configPath: string) {
  const outDir = path.join(dir, name);
  await buildSite({ configPath, dataDir, outDir, buildTimeMs: NOW });
  return {
    summary: JSON.parse(
      await readFile(path.join(outDir, 'api/v2/summary.json'), 'utf8'),
    ) as StatuspageSummary,
    index: await readFile(path.join(outDir, 'index.html'), 'utf8'),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-thinned-site-'));
  const dataDir = path.join(dir, 'data');
  const configPath = path.join(dir, 'status.config.yaml');
  await writeFile(configPath, CONFIG);
  await writeSnapshotFixtures(dataDir, generateLines());
  process.env.VIGIL_CACHE = 'off';
  raw = (await build('raw', dataDir, configPath)).summary;
  forgetThinMarks();
  const { config } = await loadConfig({ path: configPath, needs: () => false });
  const outcome = await thinSubMinuteRuns(dataDir, 'main', { now: new Date(NOW), config });
  expect(outcome.foldedResults).toBeGreaterThan(25_000);
  const built = await build('thinned', dataDir, configPath);
  thinned = built.summary;
  thinnedIndex = built.index;
}, 600_000);

afterAll(async () => {
  delete process.env.VIGIL_CACHE;
  await rm(dir, { recursive: true, force: true });
});

describe('a site built from thinned data', () => {
  it('shows the same uptime, durations and daily bars for every check as the raw runs', () => {
    const vigilOf = (summary: StatuspageSummary) =>
      (summary as unknown as { vigil: { components: Record<string, Record<string, unknown>> } }).vigil;
    for (const id of ['fast', 'web', 'db']) {
      const before = vigilOf(raw).components[id];
      const after = vigilOf(thinned).components[id];
      expect(after?.uptime, id).toEqual(before?.uptime);
      expect(after?.uptime_durations_ms, id).toEqual(before?.uptime_durations_ms);
      expect(after?.today, id).toEqual(before?.today);
      expect(after?.status, id).toBe(before?.status);
    }
    // The outage and the real gap are still there: the 5 s check's 24 h is neither 100 % nor all covered.
    const fast = vigilOf(thinned).components.fast as {
      uptime: Record<string, number>;
      uptime_durations_ms: Record<string, Record<string, number>>;
    };
    expect(fast.uptime['24h']).toBeLessThan(1);
    const covered = Object.values(fast.uptime_durations_ms['24h'] ?? {}).reduce((sum, ms) => sum + ms, 0);
    expect(covered).toBeLessThan(DAY - 55 * MIN);
  });

  it("carries each check's own interval, and says the page collects every 5 s–5 min", () => {
    const vigil = (
      thinned as unknown as {
        vigil: { interval_ms: number; components: Record<string, { interval_ms: number }> };
      }
    ).vigil;
    expect(vigil.interval_ms).toBe(5 * SEC);
    expect(vigil.components.fast?.interval_ms).toBe(5 * SEC);
    expect(vigil.components.web?.interval_ms).toBe(5 * MIN);
    expect(thinnedIndex.replace(/<[^>]+>/g, '')).toContain('collected every 5 s–5 min');
  });
});
