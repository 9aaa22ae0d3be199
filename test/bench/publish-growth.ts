// Repository growth under scheduled publishing: simulated months of collector runs committed through
// the real publish code (publish, as `vigil publish` calls it) to a local bare remote, with and
// without a weekly `vigil publish --compact`. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publish } from '../../collectors/publish/publish.ts';
import { appendSnapshot } from '../../collectors/store/append-snapshot.ts';
import { enforceRetention } from '../../collectors/store/retention.ts';
import { DAY_MS } from '../../core/history/utc-day.ts';
import type { CheckStatus, SnapshotLine, StateFile } from '../../core/model/index.ts';
import { writeStateFile } from '../../core/store/state-file.ts';
import { generateSnapshotLines } from '../helpers/generate-snapshots.ts';

const RUN_INTERVAL_MS = 5 * 60_000;
const RUNS_PER_DAY = DAY_MS / RUN_INTERVAL_MS;
const CHECK_COUNT = 50;
const RETENTION_DAYS = 14;
const ROLLUP_RETENTION_DAYS = 400;
const COMPACT_EVERY_DAYS = 7;
const SOURCE = 'bench';
const BRANCH = 'status-data';
const START = Date.parse('2026-01-01T00:00:00Z');
// Git must not read the user's ~/.gitconfig or /etc/gitconfig (signing hooks, credential helpers).
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

export interface PublishGrowthOptions {
  /** Simulated days (default 90, or $VIGIL_BENCH_PUBLISH_DAYS). */
  days?: number;
  /**
   * Commits per simulated day, each carrying 288 / this many 5-minute runs (default 2, or
   * $VIGIL_BENCH_PUBLISH_COMMITS_PER_DAY; 288 commits every run, which takes hours on a small machine).
   */
  commitsPerDay?: number;
}

interface Variant {
  name: string;
  compactWeekly: boolean;
  bare: string;
  dataDir: string;
  publishMs: number[];
  compactMs: number[];
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A bare remote whose main holds a .gitignore for data/, and a collector's clone of it. */
async function createVariant(dir: string, name: string, compactWeekly: boolean): Promise<Variant> {
  const bare = join(dir, `${name}.git`);
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  const clone = join(dir, name);
  git(dir, 'clone', '--quiet', bare, clone);
  git(clone, 'config', 'user.name', 'Bench collector');
  git(clone, 'config', 'user.email', 'bench@vigil.test');
  await writeFile(join(clone, '.gitignore'), 'data/\n');
  git(clone, 'add', '.gitignore');
  git(clone, 'commit', '--quiet', '-m', 'config');
  git(clone, 'push', '--quiet', 'origin', 'HEAD:main');
  const dataDir = join(clone, 'data');
  await mkdir(dataDir, { recursive: true });
  return { name, compactWeekly, bare, dataDir, publishMs: [], compactMs: [] };
}

// One check is down for an hour every few days, another degraded now and then: the data is not all "up".
function statusAt(id: string, t: number): CheckStatus {
  const hourOfRun = Math.floor(t / 3_600_000);
  if (id === 'c7' && hourOfRun % 83 === 0) return 'down';
  if (id === 'c13' && hourOfRun % 29 === 0) return 'degraded';
  return 'up';
}

const CHECK_IDS = Array.from({ length: CHECK_COUNT }, (_, i) => `c${i}`);

function stateAt(t: number): StateFile {
  const checks = Object.fromEntries(
    CHECK_IDS.map((id) => {
      const status = statusAt(id, t);
      return [id, { consecutiveFailures: status === 'down' ? 1 : 0, lastStatus: status }];
    }),
  );
  return { v: 1, updatedAt: new Date(t).toISOString(), checks };
}

/** Snapshot lines of the runs in [fromMs, toMs), the same for both repositories. */
function generateRuns(fromMs: number, toMs: number): SnapshotLine[] {
  return generateSnapshotLines({
    source: SOURCE,
    checkIds: CHECK_IDS,
    from: new Date(fromMs),
    to: new Date(toMs),
    intervalMs: RUN_INTERVAL_MS,
    statusAt,
  });
}

/** What collect runs leave behind, as collect writes it: snapshot lines, state, retention. */
async function collectInto(dataDir: string, lines: readonly SnapshotLine[]): Promise<void> {
  for (const line of lines) await appendSnapshot(dataDir, line);
  const lastMs = Date.parse(lines.at(-1)?.t ?? '');
  await writeStateFile(dataDir, SOURCE, stateAt(lastMs));
  await enforceRetention(dataDir, SOURCE, {
    now: new Date(lastMs),
    retentionDays: RETENTION_DAYS,
    rollupRetentionDays: ROLLUP_RETENTION_DAYS,
    maxGapMs: 3 * RUN_INTERVAL_MS,
    onWarning: (warning) => console.warn(`  retention: ${warning.file}: ${warning.message}`),
  });
}

async function publishOnce(variant: Variant, compact: boolean): Promise<void> {
  const startedAt = performance.now();
  const result = await publish({
    dataDir: variant.dataDir,
    source: SOURCE,
    remote: 'origin',
    branch: BRANCH,
    compact,
  });
  const ms = performance.now() - startedAt;
  if (result.status !== 'pushed') throw new Error(`publish (${variant.name}): ${result.message}`);
  if (compact && result.compacted?.status !== 'compacted' && result.compacted?.status !== 'already-compact')
    throw new Error(`compact (${variant.name}): ${JSON.stringify(result.compacted)}`);
  (compact ? variant.compactMs : variant.publishMs).push(ms);
}

/** Bytes of every file under dir. */
async function sumFileBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  let bytes = 0;
  for (const entry of entries) {
    if (entry.isFile()) bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return bytes;
}

/** The remote's size after `git gc`, from `git count-objects -v` (packs plus loose objects). */
function measureRepository(bare: string): { bytes: number; text: string } {
  git(bare, 'gc', '--quiet', '--prune=now');
  const text = git(bare, 'count-objects', '-vH');
  const kib = git(bare, 'count-objects', '-v')
    .split('\n')
    .filter((line) => /^(size|size-pack):/.test(line))
    .reduce((sum, line) => sum + Number(line.split(':')[1]), 0);
  return { bytes: kib * 1024, text };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const kb = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function readPositiveInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: expected a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return value;
}

/** Simulates the runs, publishes each commit to both remotes, and prints sizes and publish times. */
export async function runPublishGrowthBench(options: PublishGrowthOptions = {}): Promise<void> {
  const days = options.days ?? readPositiveInt('VIGIL_BENCH_PUBLISH_DAYS', 90);
  const commitsPerDay = options.commitsPerDay ?? readPositiveInt('VIGIL_BENCH_PUBLISH_COMMITS_PER_DAY', 2);
  if (RUNS_PER_DAY % commitsPerDay !== 0)
    throw new Error(`commits per day must divide ${RUNS_PER_DAY}, got ${commitsPerDay}`);
  const runsPerCommit = RUNS_PER_DAY / commitsPerDay;
  const totalCommits = days * commitsPerDay;
  console.log(
    `${days} days of 5-minute runs for ${CHECK_COUNT} checks, retention ${RETENTION_DAYS} days, data on branch "${BRANCH}" of a local bare remote`,
  );
  if (runsPerCommit > 1) {
    console.log(
      `  SCALED: ${commitsPerDay} commits a day, each carrying ${runsPerCommit} runs' lines (${totalCommits} commits instead of ${days * RUNS_PER_DAY}); every run: VIGIL_BENCH_PUBLISH_COMMITS_PER_DAY=${RUNS_PER_DAY}`,
    );
  }

  const savedEnv = Object.fromEntries(Object.keys(GIT_ENV).map((key) => [key, process.env[key]]));
  Object.assign(process.env, GIT_ENV);
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-publish-'));
  try {
    const variants = [await createVariant(dir, 'plain', false), await createVariant(dir, 'compacted', true)];
    const startedAt = performance.now();
    for (let commit = 0; commit < totalCommits; commit += 1) {
      const fromMs = START + commit * runsPerCommit * RUN_INTERVAL_MS;
      const isWeekStart = commit > 0 && commit % (COMPACT_EVERY_DAYS * commitsPerDay) === 0;
      const lines = generateRuns(fromMs, fromMs + runsPerCommit * RUN_INTERVAL_MS);
      // One after the other, so each publish is timed alone, as a collector runs it.
      for (const variant of variants) {
        await collectInto(variant.dataDir, lines);
        await publishOnce(variant, variant.compactWeekly && isWeekStart);
      }
      if ((commit + 1) % (commitsPerDay * 10) === 0) {
        const elapsedS = ((performance.now() - startedAt) / 1000).toFixed(0);
        console.log(`  … day ${(commit + 1) / commitsPerDay} of ${days} (${elapsedS} s)`);
      }
    }

    const wallS = (performance.now() - startedAt) / 1000;
    console.log(
      `  simulated in ${wallS.toFixed(0)} s (writing data, retention and every publish of both remotes)`,
    );
    const dataBytes = await sumFileBytes(variants[0]?.dataDir as string);
    console.log(`\ndata/ itself after ${days} days: ${kb(dataBytes)}`);
    for (const variant of variants) {
      const size = measureRepository(variant.bare);
      const commits = git(variant.bare, 'rev-list', '--count', BRANCH).trim();
      const label = variant.compactWeekly
        ? `with --compact every ${COMPACT_EVERY_DAYS} days`
        : 'never compacted';
      console.log(
        `Remote, ${label}: ${kb(size.bytes)} after git gc (${(size.bytes / dataBytes).toFixed(1)}× data/), ${commits} commits on ${BRANCH}`,
      );
      console.log(
        `  ${size.text
          .trim()
          .split('\n')
          .filter((line) => /^(count|size|in-pack|packs|size-pack):/.test(line))
          .join(', ')}`,
      );
      console.log(
        `  publish per run: median ${ms(percentile(variant.publishMs, 50))}, p95 ${ms(percentile(variant.publishMs, 95))}, max ${ms(Math.max(...variant.publishMs))} over ${variant.publishMs.length} publishes`,
      );
      if (variant.compactMs.length > 0) {
        console.log(
          `  publish --compact: median ${ms(percentile(variant.compactMs, 50))} over ${variant.compactMs.length} runs`,
        );
      }
    }
    console.log('\nTargets: compacted repository ≤ 2× data/; publish ≤ 1 s per run locally.');
  } finally {
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(dir, { recursive: true, force: true });
  }
}
