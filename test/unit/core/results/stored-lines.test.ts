import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBES } from '../../../../collectors/probes/registry.ts';
import { runChecks } from '../../../../collectors/run/run-checks.ts';
import { appendSnapshot } from '../../../../collectors/store/append-snapshot.ts';
import { loadConfig } from '../../../../core/config/load-config.ts';
import {
  type CheckStatus,
  type CheckType,
  ConfigSchema,
  type SnapshotLine,
} from '../../../../core/model/index.ts';
import { readResult } from '../../../../core/results/index.ts';
import { readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { EXAMPLE_ENV } from '../../../helpers/example-env.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../../../helpers/generate-snapshots.ts';
import { answerPrograms, readFixture } from './expect-readable.ts';

// Snapshot lines as today's code stores them, read back from data/ with the store's own reader:
// every result reads with the result schemas of its check's type.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-stored-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Every result of the lines that does not read with its check's schemas, as `id: issues`. */
function listUnreadable(lines: readonly SnapshotLine[], typeOf: ReadonlyMap<string, CheckType>): string[] {
  return lines.flatMap((line) =>
    line.results.flatMap((result) => {
      const type = typeOf.get(result.id);
      if (type === undefined) return [`${result.id}: no such check`];
      const reading = readResult(type, result);
      return reading.success ? [] : [`${result.id} (${type}): ${JSON.stringify(reading.error.issues)}`];
    }),
  );
}

describe('lines written by the collector (runChecks, then appendSnapshot)', () => {
  const config = ConfigSchema.parse({
    checks: [
      { id: 'atlas', type: 'slurm' },
      { id: 'derecho', type: 'pbs' },
      { id: 'gpus', type: 'gpu' },
      { id: 'api', type: 'systemd', unit: 'imaging-api.service' },
      { id: 'worker', type: 'systemd', unit: 'celery-worker.service' },
      { id: 'root', type: 'filesystem', path: '/' },
      {
        id: 'queue',
        type: 'command',
        command: ['queue-depth'],
        match: 'depth (?<depth>\\d+)',
        heal: { command: ['restart-queue'], afterFailures: 1 },
      },
    ],
  });
  const run = answerPrograms({
    sinfo: { stdout: readFixture('slurm/sinfo-22.05-drained-in-maint-reservation.txt') },
    squeue: { stdout: readFixture('slurm/squeue-22.05-gpu-jobs.txt') },
    scontrol: { stdout: readFixture('slurm/scontrol-22.05-reservations.txt') },
    pbsnodes: { stdout: readFixture('pbs/pbsnodes-documented-format.json') },
    qstat: { stdout: readFixture('pbs/qstat-Q-documented-format.json') },
    pbs_rstat: { stdout: readFixture('pbs/pbs_rstat-f-documented-format.txt') },
    'nvidia-smi': { stdout: readFixture('gpu/a100-sxm4-8x.csv') },
    systemctl: { stdout: readFixture('systemd/imaging-api.service.stdout') },
    stat: { stdout: '6553600 3276800 2621440 4096 1310720 1048576 ext2/ext3\n' },
    // Fails, so the heal command runs and its record lands in the detail.
    'queue-depth': { exitCode: 1, stderr: 'broker unreachable' },
    'restart-queue': { stdout: 'restarted\n' },
  });

  it('reads back, every result with its check type', async () => {
    const now = () => new Date('2026-11-23T01:00:00Z');
    const { results } = await runChecks({
      checks: config.checks,
      state: { v: 1, checks: {} },
      probes: PROBES,
      concurrency: 4,
      deadlineMs: 10_000,
      failuresBeforeDown: 1,
      now,
      run,
    });
    await appendSnapshot(dataDir, {
      v: 1,
      t: now().toISOString(),
      source: 'admin',
      agent: { version: '0.1.0', host: 'admin' },
      durationMs: 40,
      results,
    });
    const lines = await readSnapshots(dataDir, { sources: ['admin'] });
    expect(lines.flatMap((line) => line.results.map((result) => result.id))).toEqual(
      config.checks.map((check) => check.id),
    );
    expect(lines[0]?.results.find((result) => result.id === 'queue')?.detail.heal).toMatchObject({
      exitCode: 0,
      message: 'exit 0: restarted',
    });
    const typeOf = new Map(config.checks.map((check) => [check.id, check.type]));
    expect(listUnreadable(lines, typeOf)).toEqual([]);
  });
});

const CONFIG_FILES = [
  'status.config.yaml',
  'status.config.example.yaml',
  ...readdirSync('examples')
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `examples/${name}`),
  'test/fixtures/site/status.config.yaml',
  ...readdirSync('test/fixtures/sites').map((name) => `test/fixtures/sites/${name}/status.config.yaml`),
];
const STATUSES: CheckStatus[] = ['up', 'degraded', 'down', 'maintenance', 'unknown'];

describe('lines the site fixtures are built from (test/helpers/generate-snapshots.ts)', () => {
  it.each(CONFIG_FILES)('%s: every generated result reads with its check type', async (file) => {
    const { config } = await loadConfig({ path: file, env: EXAMPLE_ENV });
    const source = `fixture-${CONFIG_FILES.indexOf(file)}`;
    const from = new Date('2026-11-22T22:00:00Z');
    await writeSnapshotFixtures(
      dataDir,
      generateSnapshotLines({
        source,
        checkIds: config.checks.map((check) => check.id),
        from,
        to: new Date(from.getTime() + 6 * 3_600_000),
        intervalMs: 600_000,
        statusAt: (id, t) => STATUSES[(id.length + t / 600_000) % STATUSES.length] ?? 'up',
      }),
    );
    const lines = await readSnapshots(dataDir, { sources: [source] });
    expect(lines.length).toBe(36);
    const typeOf = new Map(config.checks.map((check) => [check.id, check.type]));
    expect(listUnreadable(lines, typeOf)).toEqual([]);
  });
});
