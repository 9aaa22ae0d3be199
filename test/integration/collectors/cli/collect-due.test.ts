import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotLineSchema, StateFileSchema } from '../../../../core/model/index.ts';
import { type LoopbackServer, listenOnLoopback } from '../../../helpers/loopback-server.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

// Cron mode with per-check intervals, through the real CLI against a real HTTP server on loopback.
let dir: string;
let server: LoopbackServer;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-due-'));
  server = await listenOnLoopback(createServer((_req, res) => res.end('ok')));
  url = `http://127.0.0.1:${server.port}/`;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function freshCase(name: string, checks: string) {
  const caseDir = join(dir, name);
  await mkdir(caseDir, { recursive: true });
  const configPath = join(caseDir, 'status.config.yaml');
  // With the site's address and page id, validate's only warnings are the checks' own.
  await writeFile(
    configPath,
    `site: { title: Due, url: "https://status.example.org", pageId: duesite }\nchecks:\n${checks}`,
  );
  const dataDir = join(caseDir, 'data');
  const collect = (...extra: string[]) =>
    runVigil(['collect', '--config', configPath, '--data', dataDir, ...extra]);
  return { configPath, dataDir, collect };
}

async function readAllLines(dataDir: string) {
  const folder = join(dataDir, 'snapshots', 'local');
  const lines = [];
  for (const name of (await readdir(folder)).sort()) {
    const text = await readFile(join(folder, name), 'utf8');
    for (const row of text.trim().split('\n')) lines.push(SnapshotLineSchema.parse(JSON.parse(row)));
  }
  return lines;
}

const stateFile = (dataDir: string) => join(dataDir, 'state', 'local.json');
const readState = async (dataDir: string) =>
  StateFileSchema.parse(JSON.parse(await readFile(stateFile(dataDir), 'utf8')));

/** Moves every check's last run back by ms, as if that much time had passed. */
async function age(dataDir: string, ms: number) {
  const state = await readState(dataDir);
  for (const check of Object.values(state.checks))
    if (check.lastRunAt) check.lastRunAt = new Date(Date.parse(check.lastRunAt) - ms).toISOString();
  await writeFile(stateFile(dataDir), JSON.stringify(state));
}

const ids = (line: { results: { id: string }[] } | undefined) => line?.results.map((r) => r.id);

describe('vigil collect: due selection', () => {
  it('runs checks without their own interval every time, and those with one when due', async () => {
    const { dataDir, collect } = await freshCase(
      'mixed',
      `  - { id: plain, type: http, url: "${url}" }
  - { id: five, type: http, url: "${url}", interval: 5m }
  - { id: hourly, type: http, url: "${url}", interval: 1h }
`,
    );
    const first = await collect();
    expect(first.exitCode).toBe(0);
    const state = await readState(dataDir);
    const lines = await readAllLines(dataDir);
    expect(ids(lines[0])).toEqual(['plain', 'five', 'hourly']);
    // lastRunAt is the run's start: the line's own time.
    for (const id of ['plain', 'five', 'hourly']) expect(state.checks[id]?.lastRunAt).toBe(lines[0]?.t);

    const second = await collect();
    expect(second.exitCode).toBe(0);
    expect(second.stdout.trim().split('\n')).toHaveLength(1);
    expect(second.stdout).toMatch(
      /^vigil collect: local: 1 check: 1 up, .* \(2 not due; next: five in 4 min/,
    );
    expect(ids((await readAllLines(dataDir))[1])).toEqual(['plain']);

    // 4 min 40 s later: a cron a little early still runs the 5-minute check, not the hourly one.
    await age(dataDir, 4 * 60_000 + 40_000);
    await collect();
    expect(ids((await readAllLines(dataDir))[2])).toEqual(['plain', 'five']);

    const only = await collect('--only', 'hourly');
    expect(only.exitCode).toBe(0);
    expect(ids((await readAllLines(dataDir))[3])).toEqual(['hourly']);

    const all = await collect('--all');
    expect(all.exitCode).toBe(0);
    expect(ids((await readAllLines(dataDir))[4])).toEqual(['plain', 'five', 'hourly']);

    const both = await collect('--all', '--only', 'five');
    expect(both.exitCode).toBe(1);
    expect(both.stderr).toContain('--all and --only');
  });

  it('writes nothing and leaves the state alone when nothing is due, saying what is next', async () => {
    const { dataDir, collect } = await freshCase(
      'idle',
      `  - { id: five, type: http, url: "${url}", interval: 5m }
  - { id: ten, type: http, url: "${url}", interval: 10m }
`,
    );
    expect((await collect()).exitCode).toBe(0);
    const stateBefore = await readFile(stateFile(dataDir), 'utf8');
    const mtimeBefore = (await stat(stateFile(dataDir))).mtimeMs;
    const idle = await collect();
    expect(idle.exitCode).toBe(0);
    expect(idle.stdout).toMatch(/^vigil collect: local: nothing due; next: five in 4 min( \d+ s)?\n$/);
    expect(await readAllLines(dataDir)).toHaveLength(1);
    expect(await readFile(stateFile(dataDir), 'utf8')).toBe(stateBefore);
    expect((await stat(stateFile(dataDir))).mtimeMs).toBe(mtimeBefore);

    const json = await collect('--json');
    expect(json.exitCode).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      source: string;
      due: string[];
      next: { id: string; inMs: number; at: string };
    };
    expect(parsed).toMatchObject({ source: 'local', due: [], next: { id: 'five' } });
    expect(parsed.next.inMs).toBeGreaterThan(4 * 60_000);
    expect(Number.isFinite(Date.parse(parsed.next.at))).toBe(true);
  });

  it('warns, without failing, when an interval is shorter than timeout × attempts; validate says so too', async () => {
    const { configPath, dataDir, collect } = await freshCase(
      'tight',
      `  - { id: tight, type: http, url: "${url}", interval: 5s, timeout: 10s, retries: 1 }
`,
    );
    const run = await collect();
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(
      'vigil collect: warning: checks[0] "tight": interval 5 s is shorter than one run can take: timeout 10 s × 2 attempts (retries: 1) = 20 s',
    );
    const validate = await runVigil(['validate', '--config', configPath, '--data', dataDir]);
    expect(validate.exitCode).toBe(0);
    expect(validate.stderr).toContain('warning: ');
    expect(validate.stderr).toContain('checks[0] "tight": interval 5 s is shorter');
    expect(validate.stdout).toContain('1 warning');
  });

  it('warns when a check with its own interval keeps running less often than it (a cron slower than the check)', async () => {
    const { dataDir, collect } = await freshCase(
      'slow-cron',
      `  - { id: plain, type: http, url: "${url}" }
  - { id: minute, type: http, url: "${url}", interval: 1m }
`,
    );
    expect((await collect()).stderr).toBe('');
    // A 5-minute cron: the next run comes 5 minutes after the last.
    await age(dataDir, 5 * 60_000);
    const late = await collect();
    expect(late.exitCode).toBe(0);
    expect(late.stderr).toMatch(
      /warning: checks\[1\] "minute": interval 60 s, but its last run was 5 min ago: the schedule runs less often than this check's interval/,
    );
    expect(late.stderr).not.toContain('"plain"');
    // Runs as often as its interval: no warning.
    await age(dataDir, 70_000);
    expect((await collect()).stderr).toBe('');
  });

  it('refuses an interval under 1 s, naming the field, and accepts refreshSeconds down to 5', async () => {
    const { configPath, collect } = await freshCase(
      'too-fast',
      `  - { id: fast, type: http, url: "${url}", interval: 500ms }
`,
    );
    const run = await collect();
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/checks\[0\]\.interval: expected an interval of at least 1s, got 500 ms/);
    expect(run.stderr).not.toMatch(/\n\s+at /);

    await writeFile(
      configPath,
      `site: { refreshSeconds: 5 }\nchecks:\n  - { id: a, type: http, url: "${url}" }\n`,
    );
    expect((await runVigil(['validate', '--config', configPath, '--data', join(dir, 'none')])).exitCode).toBe(
      0,
    );
    await writeFile(
      configPath,
      `site: { refreshSeconds: 4 }\nchecks:\n  - { id: a, type: http, url: "${url}" }\n`,
    );
    const refused = await runVigil(['validate', '--config', configPath, '--data', join(dir, 'none')]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('site.refreshSeconds');
  });
});
