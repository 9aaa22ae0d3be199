import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotLineSchema, StateFileSchema } from '../../../../core/model/index.ts';
import { readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { VIGIL_BIN } from '../../../helpers/run-vigil.ts';

const KILLS = 40;

let dir: string;
let configPath: string;
let dataDir: string;
/** How long one whole run takes on this machine now, so kills land before, during and after it. */
let runMs: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-kill-'));
  configPath = join(dir, 'status.config.yaml');
  dataDir = join(dir, 'data');
  // Many quick command checks: the run spends its time probing and writing, where a kill must be harmless.
  const checks = Array.from(
    { length: 30 },
    (_, i) =>
      `  - { id: c${i}, type: command, command: [echo, "run ${i} ${'x'.repeat(200)}"], match: 'run (?<n>\\d+)' }`,
  );
  await writeFile(configPath, `checks:\n${checks.join('\n')}\n`);
  const startedAt = performance.now();
  await collectAndKillAfter(60_000, join(dir, 'timing-data'));
  runMs = performance.now() - startedAt;
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic pseudo-random delays (mulberry32), so a failure can be replayed. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts a real collector and SIGKILLs it after `delayMs` (or lets it finish if it is quicker). */
function collectAndKillAfter(delayMs: number, data = dataDir): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VIGIL_BIN, 'collect', '--config', configPath, '--data', data], {
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function readAllLinesStrictly(): Promise<{ complete: number; torn: number }> {
  const folder = join(dataDir, 'snapshots', 'local');
  let complete = 0;
  let torn = 0;
  for (const file of await readdir(folder).catch(() => [])) {
    for (const text of (await readFile(join(folder, file), 'utf8')).split('\n')) {
      if (text === '') continue;
      if (SnapshotLineSchema.safeParse(safeJson(text)).success) complete += 1;
      else torn += 1;
    }
  }
  return { complete, torn };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a torn line: counted by the caller
  }
}

describe('a collector killed mid-run (SIGKILL at random points, real processes)', () => {
  it(`never loses or corrupts a previously written snapshot over ${KILLS} kills`, async () => {
    const random = createRandom(20261122);
    let previousComplete = 0;
    for (let i = 0; i < KILLS; i += 1) {
      // Spread kills from Node's start-up to well past a whole run (timed above on this machine, under
      // whatever load the rest of the suite puts on it).
      await collectAndKillAfter(50 + Math.floor(random() * runMs * 1.6));
      const { complete, torn } = await readAllLinesStrictly();
      expect(complete).toBeGreaterThanOrEqual(previousComplete);
      expect(torn).toBeLessThanOrEqual(i + 1);
      previousComplete = complete;
      const stateText = await readFile(join(dataDir, 'state', 'local.json'), 'utf8').catch(() => undefined);
      if (stateText !== undefined)
        expect(StateFileSchema.safeParse(JSON.parse(stateText)).success).toBe(true);
    }
    // Some runs must have finished and some must have been cut, or the test proved nothing.
    expect(previousComplete).toBeGreaterThan(0);
    expect(previousComplete).toBeLessThan(KILLS);

    // One clean run afterwards: every complete line is read back, a torn one is skipped with a warning.
    await collectAndKillAfter(60_000);
    const warnings: string[] = [];
    const lines = await readSnapshots(dataDir, { onWarning: (w) => warnings.push(`${w.file}:${w.line}`) });
    expect(lines).toHaveLength(previousComplete + 1);
    expect(lines.every((line) => line.results.length === 30)).toBe(true);
    const { torn } = await readAllLinesStrictly();
    expect(warnings).toHaveLength(torn);
  }, 180_000);
});
