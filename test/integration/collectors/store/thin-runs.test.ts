import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceRetention } from '../../../../collectors/store/retention.ts';
import { thinDayText } from '../../../../collectors/store/thin-day.ts';
import {
  forgetThinMarks,
  listThinnedChecks,
  thinSubMinuteRuns,
} from '../../../../collectors/store/thin-runs.ts';
import { foldSnapshotDay, groupSnapshotDayByCheck } from '../../../../core/history/fold-rollup.ts';
import { getStaleAfterMs } from '../../../../core/history/freshness.ts';
import { getRunCount } from '../../../../core/history/run-series.ts';
import { sumRunDurations, sumStatusDurations } from '../../../../core/history/uptime.ts';
import { type Config, ConfigSchema, type SnapshotLine } from '../../../../core/model/index.ts';
import type { CheckStatus } from '../../../../core/model/status.ts';
import type { DataWarning } from '../../../../core/store/data-warning.ts';
import { readRollups } from '../../../../core/store/read-rollups.ts';
import { readSnapshotDay } from '../../../../core/store/read-snapshots.ts';
import { foldDayLines, getDayFoldSettings } from '../../../../src/data/day-parts.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = '2026-11-30';
const DAY_START = Date.parse(`${DAY}T00:00:00Z`);
const DAY_END = DAY_START + 24 * HOUR;
/** Half an hour into the next day: everything of DAY before 23:30 is beyond the 1 h window. */
const NOW = new Date(DAY_END + 30 * MIN);
const FILE = `snapshots/web/${DAY}.jsonl`;
const at = (hhmmss: string) => Date.parse(`${DAY}T${hhmmss}Z`);

const OUTAGE = { from: at('10:00:00'), to: at('10:03:17') };
const SLOW = { from: at('15:00:02'), to: at('15:00:42') };
const FLAP = { from: at('16:30:10'), to: at('16:30:15') };
/** The collector was away: 10 minutes without a 5 s result, longer than its staleAfter (15 s). */
const GAP = { from: at('18:00:00'), to: at('18:10:00') };
const inside = (range: { from: number; to: number }, t: number) => t >= range.from && t < range.to;

function statusAt(id: string, t: number): CheckStatus {
  if (id !== 'fast') return inside(OUTAGE, t) ? 'down' : 'up';
  if (inside(OUTAGE, t)) return 'down';
  if (inside(SLOW, t) || inside(FLAP, t)) return 'degraded';
  return 'up';
}

/** 24 h of a 5 s check, plus a 5-minute check in the same lines (every 60th), with a real gap of the 5 s one. */
function generateDay(): SnapshotLine[] {
  const fast = generateSnapshotLines({
    source: 'web',
    checkIds: ['fast'],
    from: new Date(DAY_START),
    to: new Date(DAY_END),
    intervalMs: 5 * SEC,
    statusAt,
  });
  const slow = generateSnapshotLines({
    source: 'web',
    checkIds: ['slow'],
    from: new Date(DAY_START),
    to: new Date(DAY_END),
    intervalMs: 5 * MIN,
    statusAt,
  });
  const slowByT = new Map(slow.map((line) => [line.t, line.results]));
  return fast
    .map((line) => {
      const results = inside(GAP, Date.parse(line.t)) ? [] : line.results;
      return { ...line, results: [...results, ...(slowByT.get(line.t) ?? [])] };
    })
    .filter((line) => line.results.length > 0);
}

const config: Config = ConfigSchema.parse({
  sources: [{ id: 'web' }],
  checks: [
    { id: 'fast', type: 'tcp', host: '127.0.0.1', port: 9, interval: '5s', timeout: '2s' },
    { id: 'slow', type: 'http', url: 'http://127.0.0.1:9/' },
  ],
});
const maxGapOf = (id: string) =>
  getStaleAfterMs(config.checks.find((check) => check.id === id) ?? {}, config.site);

let dataDir: string;
let warnings: DataWarning[];
const onWarning = (warning: DataWarning) => warnings.push(warning);
const lines = generateDay();
const TORN =
  '{"v":1,"t":"2026-11-30T23:59:59.000Z","source":"web","agent":{"version":"0.1.0","host":"w"},"res';

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-thin-'));
  warnings = [];
  forgetThinMarks();
  await writeSnapshotFixtures(dataDir, lines);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function readMarkFile(): Promise<{ foldedBeforeMs: number; days: Record<string, { offset: number }> }> {
  const mark = JSON.parse(await readFile(path.join(dataDir, 'state', '.web.thinned.json'), 'utf8'));
  return { foldedBeforeMs: Date.parse(mark.foldedBefore), days: mark.days };
}

async function readSamples() {
  return groupSnapshotDayByCheck(await readSnapshotDay(dataDir, 'web', DAY, onWarning));
}

const WINDOWS: [string, number, number][] = [
  ['the whole day', DAY_START, DAY_END],
  ['the last 24 h', NOW.getTime() - 24 * HOUR, NOW.getTime()],
  ['the outage, cut mid-minute', at('09:59:31'), at('10:02:07')],
  ['the slow spell', at('15:00:00'), at('15:01:00')],
  ['a five-second flap', at('16:29:00'), at('16:31:30')],
  ['the gap', at('17:59:00'), at('18:12:00')],
  ['the full-rate tail', at('23:00:00'), DAY_END],
  ['an odd window', at('03:17:23'), at('13:41:59')],
];

describe('thinSubMinuteRuns', () => {
  it('folds a 5 s check to about a result a minute, and uptime over every window stays exact', async () => {
    const before = await readSamples();
    const sizeBefore = (await stat(path.join(dataDir, FILE))).size;
    const outcome = await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config, onWarning });
    expect(outcome.rewrittenFiles).toEqual([FILE]);
    const after = await readSamples();
    const fastBefore = before.get('fast') ?? [];
    const fastAfter = after.get('fast') ?? [];
    expect(outcome.foldedResults).toBe(fastBefore.length - fastAfter.length);
    // 23.5 h folded to one a minute (plus the status changes), the last half hour at full rate.
    expect(fastAfter.length).toBeLessThan(23.5 * 60 + 20 + 360);
    expect(fastAfter.length).toBeGreaterThan(23.5 * 60 - 10);
    expect((await stat(path.join(dataDir, FILE))).size).toBeLessThan(sizeBefore / 5);

    for (const [name, from, to] of WINDOWS) {
      const window = { from, to, maxGapMs: maxGapOf('fast') };
      expect(sumStatusDurations(fastAfter, window), name).toEqual(sumStatusDurations(fastBefore, window));
    }
    const gap = sumStatusDurations(fastAfter, { from: GAP.from, to: GAP.to, maxGapMs: maxGapOf('fast') });
    // The last run before the gap (17:59:55) vouches for 15 s, 10 of them inside it; the rest is no data.
    expect(gap.up + gap.degraded + gap.down).toBe(10 * SEC);
    const outage = sumStatusDurations(fastAfter, { ...OUTAGE, maxGapMs: maxGapOf('fast') });
    expect(outage.down).toBe(OUTAGE.to - OUTAGE.from);
    expect(warnings).toEqual([]);
  });

  it("leaves the 5-minute check's results as they were, byte for byte, and keeps a torn last line", async () => {
    await writeFile(path.join(dataDir, FILE), `${await readFile(path.join(dataDir, FILE), 'utf8')}${TORN}`);
    const slowRows = (text: string) =>
      text
        .split('\n')
        .flatMap((row) => (row.startsWith('{') && row.endsWith('}') ? [JSON.parse(row) as SnapshotLine] : []))
        .flatMap((line) =>
          line.results.filter((r) => r.id === 'slow').map((r) => JSON.stringify({ t: line.t, r })),
        );
    const textBefore = await readFile(path.join(dataDir, FILE), 'utf8');
    await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config, onWarning });
    const textAfter = await readFile(path.join(dataDir, FILE), 'utf8');
    expect(slowRows(textAfter)).toEqual(slowRows(textBefore));
    expect(slowRows(textAfter)).toHaveLength(288);
    expect(textAfter.endsWith(`\n${TORN}`)).toBe(true);
    // Lines at full rate (the last half hour) are the same bytes.
    const tail = (text: string) => text.split('\n').filter((row) => row.includes('"t":"2026-11-30T23:3'));
    expect(tail(textAfter)).toEqual(tail(textBefore));
  });

  it('reads no day file again until there is more to fold, in this process or the next', async () => {
    await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config, onWarning });
    const mtime = (await stat(path.join(dataDir, FILE))).mtimeMs;
    const soon = new Date(NOW.getTime() + 5 * MIN);
    expect(await thinSubMinuteRuns(dataDir, 'web', { now: soon, config, onWarning })).toEqual({
      rewrittenFiles: [],
      foldedResults: 0,
    });
    forgetThinMarks();
    // A new process reads the mark the last one left.
    expect(
      (await thinSubMinuteRuns(dataDir, 'web', { now: soon, config, onWarning })).rewrittenFiles,
    ).toEqual([]);
    expect((await stat(path.join(dataDir, FILE))).mtimeMs).toBe(mtime);
    // Twenty minutes on, the next half of the tail folds, and what was folded stays as it was.
    const later = new Date(NOW.getTime() + 20 * MIN);
    const before = await readSamples();
    const next = await thinSubMinuteRuns(dataDir, 'web', { now: later, config, onWarning });
    expect(next.rewrittenFiles).toEqual([FILE]);
    const after = await readSamples();
    const window = { from: DAY_START, to: DAY_END, maxGapMs: maxGapOf('fast') };
    expect(sumStatusDurations(after.get('fast') ?? [], window)).toEqual(
      sumStatusDurations(before.get('fast') ?? [], window),
    );
  });

  it('folds the same rollup from a thinned day as from the raw one, and a build reads it with the same uptime', async () => {
    const rawLines = await readSnapshotDay(dataDir, 'web', DAY, onWarning);
    const rawRollups = foldSnapshotDay(DAY, rawLines, maxGapOf);
    await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config, onWarning });
    const thinLines = await readSnapshotDay(dataDir, 'web', DAY, onWarning);
    const thinRollups = foldSnapshotDay(DAY, thinLines, maxGapOf);
    for (const [index, raw] of rawRollups.entries()) {
      const thin = thinRollups[index];
      expect(thin?.samples).toEqual(raw.samples);
      expect(thin?.durationsMs).toEqual(raw.durationsMs);
      expect(thin?.uptime).toBe(raw.uptime);
      expect(thin?.metrics.latencyMs?.mean).toBeCloseTo(raw.metrics.latencyMs?.mean as number, 1);
    }
    // The site's day fold carries each folded result's span into its run columns.
    const settings = getDayFoldSettings(config);
    const rawSeries = foldDayLines('web', rawLines, settings).checks.get('fast')?.series;
    const thinSeries = foldDayLines('web', thinLines, settings).checks.get('fast')?.series;
    expect(thinSeries?.spanMs).toBeDefined();
    // Each folded result counts as the runs it stands for (the component API's hourly run counts).
    const counted = Array.from({ length: thinSeries?.length ?? 0 }, (_, i) =>
      getRunCount(thinSeries as never, i),
    );
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(rawSeries?.length);
    for (const [name, from, to] of WINDOWS) {
      const window = { from, to, maxGapMs: maxGapOf('fast') };
      expect(sumRunDurations(thinSeries as never, window), name).toEqual(
        sumRunDurations(rawSeries as never, window),
      );
    }
    // Fourteen days on, retention folds the thinned day into the same rollup line.
    await enforceRetention(dataDir, 'web', {
      now: new Date(DAY_END + 15 * 24 * HOUR),
      retentionDays: 14,
      rollupRetentionDays: 400,
      maxGapMs: maxGapOf,
      onWarning,
    });
    const stored = (await readRollups(dataDir, { onWarning })).find((line) => line.id === 'fast');
    expect(stored?.durationsMs).toEqual(rawRollups.find((line) => line.id === 'fast')?.durationsMs);
    expect(stored?.samples).toEqual(rawRollups.find((line) => line.id === 'fast')?.samples);
  });

  it('folds from the byte offset the last fold left: the bytes before it are copied, the result is a whole fold', async () => {
    // The first fold reads the day in slices of minutes, and gives what one fold of the whole text gives.
    const raw = thinDayText(await readFile(path.join(dataDir, FILE), 'utf8'), {
      checks: listThinnedChecks(config, 'web'),
      foldBeforeMs: NOW.getTime() - HOUR,
    });
    await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config, onWarning });
    const first = await readFile(path.join(dataDir, FILE));
    expect(first.toString('utf8')).toBe(raw.text);
    const mark = await readMarkFile();
    // The offset is where the first line still inside the window (from 23:30) starts.
    const offset = mark.days[DAY]?.offset as number;
    expect(offset).toBe(first.indexOf('{"v":1,"t":"2026-11-30T23:30:00'));
    const later = new Date(NOW.getTime() + 20 * MIN);
    const whole = thinDayText(first.toString('utf8'), {
      checks: listThinnedChecks(config, 'web'),
      foldBeforeMs: later.getTime() - HOUR,
      foldFromMs: mark.foldedBeforeMs,
    });
    forgetThinMarks();
    const next = await thinSubMinuteRuns(dataDir, 'web', { now: later, config, onWarning });
    const second = await readFile(path.join(dataDir, FILE));
    expect(next.foldedResults).toBe(whole.foldedResults);
    expect(second.toString('utf8')).toBe(whole.text);
    expect(second.subarray(0, offset).equals(first.subarray(0, offset))).toBe(true);
    expect((await readMarkFile()).days[DAY]?.offset).toBe(second.indexOf('{"v":1,"t":"2026-11-30T23:50:00'));
    expect(warnings).toEqual([]);
  });

  it('looks the lines through again when the day file no longer holds what the offset vouched for', async () => {
    await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config, onWarning });
    const mark = await readMarkFile();
    // Replaced since (publish's recovery, a person): its first line gone, every offset moved.
    const text = await readFile(path.join(dataDir, FILE), 'utf8');
    const replaced = text.slice(text.indexOf('\n') + 1);
    await writeFile(path.join(dataDir, FILE), replaced);
    const later = new Date(NOW.getTime() + 20 * MIN);
    const whole = thinDayText(replaced, {
      checks: listThinnedChecks(config, 'web'),
      foldBeforeMs: later.getTime() - HOUR,
      foldFromMs: mark.foldedBeforeMs,
    });
    expect(whole.foldedResults).toBeGreaterThan(0);
    await thinSubMinuteRuns(dataDir, 'web', { now: later, config, onWarning });
    expect(await readFile(path.join(dataDir, FILE), 'utf8')).toBe(whole.text);
  });

  it('thins only checks with their own interval under a minute: a site.interval under a minute leaves a day file as it is', async () => {
    const configOf = (fastInterval?: string) =>
      ConfigSchema.parse({
        site: { interval: '5s' },
        sources: [{ id: 'web' }],
        checks: [
          {
            id: 'fast',
            type: 'tcp',
            host: '127.0.0.1',
            port: 9,
            timeout: '2s',
            ...(fastInterval && { interval: fastInterval }),
          },
          { id: 'slow', type: 'http', url: 'http://127.0.0.1:9/' },
        ],
      });
    const siteFast = configOf();
    const before = await readFile(path.join(dataDir, FILE), 'utf8');
    expect(await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config: siteFast, onWarning })).toEqual({
      rewrittenFiles: [],
      foldedResults: 0,
    });
    expect(await readFile(path.join(dataDir, FILE), 'utf8')).toBe(before);
    const own = configOf('30s');
    expect(listThinnedChecks(own, 'web').has('fast')).toBe(true);
    expect(listThinnedChecks(siteFast, 'web').size).toBe(0);
  });

  it("removes the temp file of a killed writer of its mark (the mark's name starts with a dot, its temp files with two)", async () => {
    const stateDir = path.join(dataDir, 'state');
    await mkdir(stateDir, { recursive: true });
    // A pid no process has (above Linux's pid_max), in getTempPath's form.
    const left = '..web.thinned.json.99999999-0badf00d.tmp';
    await writeFile(path.join(stateDir, left), '{"v":2');
    await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config, onWarning });
    const names = await readdir(stateDir);
    expect(names).toContain('.web.thinned.json');
    expect(names).not.toContain(left);
  });

  it('does nothing for a source without sub-minute checks', async () => {
    const plain = ConfigSchema.parse({
      sources: [{ id: 'web' }],
      checks: [{ id: 'slow', type: 'http', url: 'http://127.0.0.1:9/' }],
    });
    for (const c of [plain])
      expect(await thinSubMinuteRuns(dataDir, 'web', { now: NOW, config: c, onWarning })).toEqual({
        rewrittenFiles: [],
        foldedResults: 0,
      });
  });
});
