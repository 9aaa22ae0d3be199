// `vigil heartbeat` then `vigil collect`, both the real CLI in child processes, as a cron job and the
// collector would run them; publishing through real git to a bare remote.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeartbeatReportSchema } from '../../../../core/model/heartbeat-report.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

const FIXED_CLOCK = fileURLToPath(new URL('../../../fixtures/heartbeat/fixed-clock.mjs', import.meta.url));
const LIST_MODULES = fileURLToPath(
  new URL('../../../fixtures/module-count/list-modules.mjs', import.meta.url),
);
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

const CONFIG = `checks:
  - { id: nightly-backup, name: Nightly backup, type: heartbeat, every: 1h }
  - { id: hourly-sync, type: heartbeat, every: 1h, grace: 10m }
  - { id: web, type: tcp, host: 127.0.0.1, port: 1 }
`;

let dir: string;
let configPath: string;
let dataDir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-heartbeat-cli-'));
  configPath = path.join(dir, 'status.config.yaml');
  dataDir = path.join(dir, 'data');
  await writeFile(configPath, CONFIG);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const heartbeat = (args: string[], env: Record<string, string> = {}) =>
  runVigil(['heartbeat', ...args, '--config', configPath, '--data', dataDir], { env });

async function collect(): Promise<{ id: string; status: string; message: string; metrics: object }[]> {
  const run = await runVigil([
    'collect',
    '--config',
    configPath,
    '--data',
    dataDir,
    '--json',
    '--only',
    'nightly-backup,hourly-sync',
  ]);
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout).results;
}

describe('vigil heartbeat', () => {
  it('writes the report quietly, and the next collect judges the check up with the message', async () => {
    const run = await heartbeat([
      'nightly-backup',
      '--message',
      'copied 1200 files to https://u:hunter2@b.example.org/',
    ]);
    expect(run).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    const report = HeartbeatReportSchema.parse(
      JSON.parse(await readFile(path.join(dataDir, 'heartbeats/nightly-backup.json'), 'utf8')),
    );
    expect(report).toMatchObject({
      v: 1,
      status: 'up',
      message: 'copied 1200 files to https://u:***@b.example.org/',
    });
    const results = await collect();
    const backup = results.find((result) => result.id === 'nightly-backup');
    expect(backup?.status).toBe('up');
    expect(backup?.message).toMatch(
      /^reported up \d+ s ago: copied 1200 files to https:\/\/u:\*\*\*@b\.example\.org\/$/,
    );
    expect(backup?.metrics).toHaveProperty('reportAgeSeconds');
    // The check that never reported waits its every + grace: "no report yet", not down.
    expect(results.find((result) => result.id === 'hourly-sync')).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^no report yet \(down after \S+Z unless one arrives\)$/),
    });
  });

  it('a report older than every + grace is down at the next collect, saying how late', async () => {
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString();
    const run = await heartbeat(['nightly-backup', '--verbose'], {
      NODE_OPTIONS: `--import ${FIXED_CLOCK}`,
      VIGIL_TEST_NOW: threeHoursAgo,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `vigil heartbeat: nightly-backup: up at ${threeHoursAgo}, written to ${path.join(dataDir, 'heartbeats/nightly-backup.json')}\n`,
    );
    const backup = (await collect()).find((result) => result.id === 'nightly-backup');
    expect(backup?.status).toBe('down');
    expect(backup?.message).toBe('no report for 3 h 1 min; expected every 1 h + 5 min grace');
  });

  it('a job that reports down makes the check down with its message', async () => {
    expect((await heartbeat(['nightly-backup', '--status', 'down', '--message', 'disk full'])).exitCode).toBe(
      0,
    );
    const backup = (await collect()).find((result) => result.id === 'nightly-backup');
    expect(backup).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^reported down \d+ s ago: disk full$/),
    });
  });

  it.each([
    {
      args: ['backup'],
      stderr: `vigil heartbeat: no heartbeat check "backup" in {config} (heartbeat checks: nightly-backup, hourly-sync)`,
    },
    {
      args: ['web'],
      stderr: `vigil heartbeat: "web" in {config} is a check of type tcp, not a heartbeat check (heartbeat checks: nightly-backup, hourly-sync)`,
    },
    {
      args: ['nightly-backup', '--status', 'ok'],
      stderr: 'vigil heartbeat: --status: expected one of up, degraded, down, got "ok"',
    },
  ])('$args: one line, exit 1, nothing written', async ({ args, stderr }) => {
    const run = await heartbeat(args);
    expect(run.exitCode).toBe(1);
    // Outside the working directory, the config is named by its absolute path.
    expect(run.stderr).toBe(`${stderr.replace('{config}', configPath)}\n`);
    await expect(readdir(path.join(dataDir, 'heartbeats'))).rejects.toThrow(/ENOENT/);
  });

  it('reports sent at once each land whole: the file is always one whole report, and no temp file stays', async () => {
    const runs = await Promise.all(
      ['up', 'degraded', 'down', 'up'].map((status) => heartbeat(['nightly-backup', '--status', status])),
    );
    expect(runs.map((run) => run.exitCode)).toEqual([0, 0, 0, 0]);
    expect((await readdir(path.join(dataDir, 'heartbeats'))).sort()).toEqual([
      '.gitignore',
      'nightly-backup.json',
    ]);
    const text = await readFile(path.join(dataDir, 'heartbeats/nightly-backup.json'), 'utf8');
    expect(HeartbeatReportSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });

  it('loads the config and nothing of the collector: no probe, runner, git or site module', async () => {
    const listPrefix = path.join(dir, 'modules');
    const run = await heartbeat(['nightly-backup'], {
      NODE_OPTIONS: `--import ${LIST_MODULES}`,
      VIGIL_MODULE_LIST: listPrefix,
      // The sources, whose modules name what they are (the bundle's chunks do not).
      VIGIL_BUNDLE: '0',
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const lists = (await readdir(dir)).filter((name) => name.startsWith('modules.'));
    expect(lists).toHaveLength(1);
    const loaded = (await readFile(path.join(dir, lists[0] as string), 'utf8'))
      .split('\n')
      .filter((url) => url.startsWith('file://'))
      .map((url) => path.relative(ROOT, fileURLToPath(url)));
    expect(loaded).toContain('collectors/cli/heartbeat-command.ts');
    const packages = new Set(
      loaded.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? []),
    );
    expect([...packages].sort()).toEqual(['yaml', 'zod']);
    expect(
      loaded.filter((file) => /^(collectors\/(probes|run|publish|notify|store)|src)\//.test(file)),
    ).toEqual([]);
  });

  it('reports are never committed: git ignores the folder, and vigil publish pushes the run without them', async () => {
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
    const remote = path.join(dir, 'remote.git');
    git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
    const clone = path.join(dir, 'clone');
    git(dir, 'clone', '--quiet', remote, clone);
    git(clone, 'config', 'user.name', 'collector');
    git(clone, 'config', 'user.email', 'collector@vigil.test');
    await writeFile(path.join(clone, 'status.config.yaml'), CONFIG);
    git(clone, 'add', '.');
    git(clone, 'commit', '--quiet', '-m', 'seed');
    git(clone, 'push', '--quiet', 'origin', 'HEAD:main');
    const inClone = { cwd: clone, env: GIT_ENV };
    expect((await runVigil(['heartbeat', 'nightly-backup'], inClone)).exitCode).toBe(0);
    expect((await runVigil(['collect', '--only', 'nightly-backup'], inClone)).exitCode).toBe(0);
    expect(git(clone, 'status', '--porcelain', '--untracked-files=all').split('\n')).not.toContain(
      '?? data/heartbeats/nightly-backup.json',
    );
    const published = await runVigil(['publish'], inClone);
    expect(published.exitCode, published.stderr).toBe(0);
    expect(git(clone, 'ls-files').trim().split('\n')).toEqual([
      `data/snapshots/local/${(await readdir(path.join(clone, 'data/snapshots/local')))[0]}`,
      'data/state/local.json',
      'status.config.yaml',
    ]);
    expect(git(clone, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});
