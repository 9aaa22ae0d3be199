// `vigil import upptime --history`: a real git repository shaped like an Upptime one (history/<slug>.yml
// rewritten and committed at each status change and once a day, history/summary.json beside them),
// imported into rollups, then a real site built over them: its 90-day bar and uptime must say what
// the committed timeline says, and days the timeline does not reach stay gaps.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_SILENCE_MS,
  importUpptimeHistory,
} from '../../../../collectors/import/upptime-history.ts';
import { DAY_MS, getUtcDayStartMs, toUtcDay } from '../../../../core/history/utc-day.ts';
import { buildSite } from '../../../helpers/build-site.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

const run = promisify(execFile);
const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);
const at = (iso: string) => Date.parse(iso);

type Status = 'up' | 'down' | 'degraded';
interface Change {
  t: number;
  status: Status;
  code: number;
  ms: number;
}

/** Daily response-time commits at 23:00 from..to (inclusive), up with a 100-199 ms answer. */
function dailyUp(fromDay: string, toDay: string): Change[] {
  const changes: Change[] = [];
  for (let day = getUtcDayStartMs(fromDay); day <= getUtcDayStartMs(toDay); day += DAY_MS) {
    changes.push({ t: day + 23 * 3_600_000, status: 'up', code: 200, ms: 100 + ((day / DAY_MS) % 100) });
  }
  return changes;
}

// main-website: from 15 Oct, a 90-minute outage, an hour degraded, an outage across midnight.
const MAIN: Change[] = (
  [
    { t: at('2026-10-15T09:00:00Z'), status: 'up', code: 200, ms: 120 },
    ...dailyUp('2026-10-15', '2026-11-19'),
    { t: at('2026-10-25T10:05:00Z'), status: 'down', code: 503, ms: 0 },
    { t: at('2026-10-25T11:35:00Z'), status: 'up', code: 200, ms: 140 },
    { t: at('2026-11-02T02:00:00Z'), status: 'degraded', code: 200, ms: 2400 },
    { t: at('2026-11-02T03:00:00Z'), status: 'up', code: 200, ms: 150 },
    { t: at('2026-11-10T23:45:00Z'), status: 'down', code: 0, ms: 0 },
    { t: at('2026-11-11T00:30:00Z'), status: 'up', code: 200, ms: 130 },
  ] satisfies Change[]
).sort((a, b) => a.t - b.t);

// api: added on 20 Oct; its monitor stopped after 5 Nov 23:00 and came back on 9 Nov at noon.
const API: Change[] = (
  [
    { t: at('2026-10-20T06:30:00Z'), status: 'up', code: 200, ms: 90 },
    ...dailyUp('2026-10-20', '2026-11-05'),
    { t: at('2026-11-09T12:00:00Z'), status: 'down', code: 500, ms: 300 },
    { t: at('2026-11-09T12:20:00Z'), status: 'up', code: 200, ms: 95 },
    ...dailyUp('2026-11-09', '2026-11-19'),
  ] satisfies Change[]
).sort((a, b) => a.t - b.t);

/** What the timeline says of each UTC day before today: ms per status (a status holds until the next, at most the silence limit). */
function expectedDays(changes: readonly Change[]): Map<string, Record<Status, number>> {
  const days = new Map<string, Record<Status, number>>();
  const todayMs = getUtcDayStartMs(toUtcDay(NOW_MS));
  changes.forEach((change, index) => {
    const next = changes[index + 1]?.t ?? Number.POSITIVE_INFINITY;
    const end = Math.min(next, change.t + DEFAULT_MAX_SILENCE_MS, todayMs);
    for (let from = change.t; from < end; ) {
      const dayEnd = getUtcDayStartMs(toUtcDay(from)) + DAY_MS;
      const to = Math.min(end, dayEnd);
      const day = days.get(toUtcDay(from)) ?? { up: 0, down: 0, degraded: 0 };
      day[change.status] += to - from;
      days.set(toUtcDay(from), day);
      from = to;
    }
  });
  return days;
}

let dir: string;
let repoDir: string;
let dataDir: string;
let report: string[];

async function git(args: string[], dateMs?: number): Promise<void> {
  const date =
    dateMs === undefined
      ? {}
      : {
          GIT_AUTHOR_DATE: new Date(dateMs).toISOString(),
          GIT_COMMITTER_DATE: new Date(dateMs).toISOString(),
        };
  await run('git', args, {
    cwd: repoDir,
    env: {
      ...process.env,
      ...date,
      GIT_AUTHOR_NAME: 'Upptime Bot',
      GIT_AUTHOR_EMAIL: 'bot@example.org',
      GIT_COMMITTER_NAME: 'Upptime Bot',
      GIT_COMMITTER_EMAIL: 'bot@example.org',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
}

/** Commits every change of both sites in time order, as Upptime's workflows would. */
async function buildUpptimeRepository(): Promise<void> {
  await mkdir(join(repoDir, 'history'), { recursive: true });
  await git(['init', '-q', '-b', 'master']);
  await writeFile(
    join(repoDir, '.upptimerc.yml'),
    'owner: example\nrepo: status\nsites:\n  - name: Main Website\n    url: https://www.example.org\n  - name: API\n    url: https://api.example.org\n',
  );
  await git(['add', '.']);
  await git(['commit', '-q', '-m', 'Initial commit'], at('2026-10-15T08:00:00Z'));
  const all = [
    ...MAIN.map((change) => ({ ...change, slug: 'main-website', name: 'Main Website' })),
    ...API.map((change) => ({ ...change, slug: 'api', name: 'API' })),
  ].sort((a, b) => a.t - b.t);
  const startTimes = new Map<string, number>();
  for (const change of all) {
    const startTime = startTimes.get(change.slug) ?? change.t;
    startTimes.set(change.slug, startTime);
    const file = `url: https://${change.slug}.example.org\nstatus: ${change.status}\ncode: ${change.code}\nresponseTime: ${change.ms}\nlastUpdated: ${new Date(change.t).toISOString()}\nstartTime: ${new Date(startTime).toISOString()}\ngenerator: Upptime <https://github.com/upptime/upptime>\n`;
    await writeFile(join(repoDir, 'history', `${change.slug}.yml`), file);
    // The summary changes with every run too; it must not be read as a site.
    await writeFile(
      join(repoDir, 'history', 'summary.json'),
      JSON.stringify({ t: change.t, status: change.status }),
    );
    const emoji = change.status === 'up' ? '🟩' : change.status === 'down' ? '🟥' : '🟨';
    const verb =
      change.status === 'up' ? 'is up' : change.status === 'down' ? 'is down' : 'has degraded performance';
    await git(['add', '.']);
    await git(
      [
        'commit',
        '-q',
        '-m',
        `${emoji} ${change.name} ${verb} (${change.code} in ${change.ms} ms) [skip ci] [upptime]`,
      ],
      change.t,
    );
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-upptime-history-'));
  repoDir = join(dir, 'upptime');
  dataDir = join(dir, 'site', 'data');
  await mkdir(repoDir, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  await buildUpptimeRepository();
  const result = await importUpptimeHistory({
    repoDir,
    checks: [
      { id: 'main-website', type: 'http', url: 'https://www.example.org' },
      { id: 'api', type: 'http', url: 'https://api.example.org' },
      { id: 'not-in-upptime', type: 'tcp', host: '127.0.0.1', port: 9 },
    ],
    dataDir,
    now: new Date(NOW_MS),
  });
  report = result.lines;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('importUpptimeHistory', () => {
  it('writes one rollup per check per day the timeline reaches, and says what it did', async () => {
    const october = (await readFile(join(dataDir, 'rollups/upptime-import/2026-10.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    const november = (await readFile(join(dataDir, 'rollups/upptime-import/2026-11.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    const lines = [...october, ...november].map((line) => JSON.parse(line));
    const mainDays = lines.filter((line) => line.id === 'main-website').map((line) => line.day);
    expect(mainDays[0]).toBe('2026-10-15');
    expect(mainDays.at(-1)).toBe('2026-11-19');
    expect(mainDays).toHaveLength(36);
    const apiDays = lines.filter((line) => line.id === 'api').map((line) => line.day);
    expect(apiDays[0]).toBe('2026-10-20');
    expect(apiDays).not.toContain('2026-11-08');
    expect(apiDays).toContain('2026-11-07');
    for (const line of lines) {
      const expected = expectedDays(line.id === 'api' ? API : MAIN).get(line.day);
      expect(line.durationsMs, `${line.id} ${line.day}`).toMatchObject({
        up: expected?.up,
        down: expected?.down,
        degraded: expected?.degraded,
      });
    }
    const outageDay = lines.find((line) => line.id === 'main-website' && line.day === '2026-10-25');
    // Upptime's 0 ms (nothing measured) is not a response time.
    expect(outageDay.latencyMs.p50).toBeGreaterThan(0);
    expect(report.join('\n')).toMatch(/^main-website: 36 days \(2026-10-15 … 2026-11-19\)/m);
    expect(report.join('\n')).toMatch(/^not-in-upptime: no history file/m);
    expect(report.join('\n')).not.toMatch(/summary/);
  });

  it('gives the same files when imported again', async () => {
    const before = await readFile(join(dataDir, 'rollups/upptime-import/2026-11.jsonl'), 'utf8');
    await importUpptimeHistory({
      repoDir,
      checks: [
        { id: 'main-website', type: 'http' },
        { id: 'api', type: 'http' },
      ],
      dataDir,
      now: new Date(NOW_MS),
    });
    expect(await readFile(join(dataDir, 'rollups/upptime-import/2026-11.jsonl'), 'utf8')).toBe(before);
  });

  it('leaves a day that a collector already ran the check on to its runs', async () => {
    const otherData = join(dir, 'other-data');
    await mkdir(join(otherData, 'snapshots/local'), { recursive: true });
    const run = {
      v: 1,
      t: '2026-11-18T10:00:00.000Z',
      source: 'local',
      agent: { version: '1', host: 'h' },
      results: [{ id: 'main-website', status: 'up', ms: 12, message: 'HTTP 200', metrics: {}, detail: {} }],
    };
    await writeFile(join(otherData, 'snapshots/local/2026-11-18.jsonl'), `${JSON.stringify(run)}\n`);
    const result = await importUpptimeHistory({
      repoDir,
      checks: [{ id: 'main-website', type: 'http' }],
      dataDir: otherData,
      now: new Date(NOW_MS),
    });
    const november = await readFile(join(otherData, 'rollups/upptime-import/2026-11.jsonl'), 'utf8');
    const days = november
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).day);
    expect(days).not.toContain('2026-11-18');
    expect(days).toContain('2026-11-17');
    expect(days).toContain('2026-11-19');
    expect(result.lines.join('\n')).toMatch(
      /^main-website: 35 days .*; 1 day left to data already in data\//m,
    );
    expect(result.lines.join('\n')).toMatch(/^history\/api\.yml: no imported check has the id "api"/m);
  });

  it('says so when the repository is a shallow clone, whose older history is missing', async () => {
    const shallowDir = join(dir, 'shallow');
    await run('git', ['clone', '-q', '--depth', '3', `file://${repoDir}`, shallowDir]);
    const result = await importUpptimeHistory({
      repoDir: shallowDir,
      checks: [{ id: 'main-website', type: 'http' }],
      dataDir: join(dir, 'shallow-data'),
      now: new Date(NOW_MS),
    });
    expect(result.lines.join('\n')).toMatch(/is a shallow clone: .*git fetch --unshallow/);
    expect(result.lines.join('\n')).toMatch(
      /^main-website: [12] days? \(.*2026-11-19\) from [12] status records/m,
    );
  });

  it('vigil import upptime --history writes a config vigil validate accepts, and the rollups', async () => {
    const cliDir = join(dir, 'cli');
    await mkdir(cliDir, { recursive: true });
    const imported = await runVigil([
      'import',
      'upptime',
      join(repoDir, '.upptimerc.yml'),
      '--out',
      join(cliDir, 'status.config.yaml'),
      '--history',
      '--data',
      join(cliDir, 'data'),
    ]);
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^main-website: \d+ days/m);
    expect(await readFile(join(cliDir, 'data/rollups/upptime-import/2026-11.jsonl'), 'utf8')).toContain(
      '"id":"api"',
    );
    const validated = await runVigil([
      'validate',
      '--config',
      join(cliDir, 'status.config.yaml'),
      '--data',
      join(cliDir, 'data'),
    ]);
    expect(validated.exitCode, validated.stdout + validated.stderr).toBe(0);
    expect(validated.stdout).toMatch(/vigil validate: 2 checks; .* 0 problems/);
  }, 120_000);

  it('builds a site whose 90-day bars and uptime are what the timeline implies', async () => {
    const configPath = join(dir, 'site', 'status.config.yaml');
    await writeFile(
      configPath,
      'site:\n  title: Imported\nchecks:\n  - id: main-website\n    name: Main Website\n    type: http\n    url: https://www.example.org\n  - id: api\n    name: API\n    type: http\n    url: https://api.example.org\n',
    );
    const outDir = join(dir, 'site', 'dist');
    await buildSite({ configPath, dataDir, outDir, buildTimeMs: NOW_MS });
    for (const [id, changes] of [
      ['main-website', MAIN],
      ['api', API],
    ] as const) {
      const document = JSON.parse(await readFile(join(outDir, `api/vigil/components/${id}.json`), 'utf8'));
      const expected = expectedDays(changes);
      let judged = 0;
      for (const cell of document.daily) {
        const day = expected.get(cell.day);
        if (day === undefined || day.up + day.down + day.degraded === 0) {
          expect(cell.uptime, `${id} ${cell.day} is a gap`).toBeNull();
          continue;
        }
        judged += day.up + day.degraded + day.down;
        expect(cell.downMs, `${id} ${cell.day}`).toBe(day.down);
        expect(cell.degradedMs, `${id} ${cell.day}`).toBe(day.degraded);
        expect(cell.uptime, `${id} ${cell.day}`).toBeCloseTo(
          (day.up + day.degraded) / (day.up + day.degraded + day.down),
          9,
        );
      }
      expect(judged).toBeGreaterThan(0);
      // A window's uptime takes each imported day by the share of it inside the window (rollups hold
      // days, not instants): 7 and 30 days back from noon start halfway through a day.
      for (const [key, days] of [
        ['7d', 7],
        ['30d', 30],
      ] as const) {
        const fromMs = NOW_MS - days * DAY_MS;
        let windowGood = 0;
        let windowJudged = 0;
        for (const [day, ms] of expected) {
          const dayMs = getUtcDayStartMs(day);
          const share = Math.max(0, Math.min(dayMs + DAY_MS, NOW_MS) - Math.max(dayMs, fromMs)) / DAY_MS;
          windowGood += (ms.up + ms.degraded) * share;
          windowJudged += (ms.up + ms.degraded + ms.down) * share;
        }
        expect(document.uptime[key], `${id} ${key}`).toBeCloseTo(windowGood / windowJudged, 9);
      }
    }
  }, 300_000);
});
