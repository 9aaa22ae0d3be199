// What `vigil init --schedule` writes, run for real: the systemd unit's ExecStart= (split by systemd's
// rules, checked by systemd-analyze), the crontab line's command through /bin/sh -c as cron runs it,
// and the GitLab collect job's script in a runner-like detached checkout pushing over HTTP to a git
// server that asks for the token.
// Each runs the real collector in a project folder whose name holds a space, a quote and a `%`, and
// must append a line. (The GitHub workflow is the shipped collect.yml, which workflows.test.ts runs.)
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chooseCadence } from '../../collectors/init/schedule-cadence.ts';
import { renderSchedule, type ScheduleOptions } from '../../collectors/init/schedule-files.ts';
import { type GitHttpServer, startGitHttpServer } from '../helpers/git-http-server.ts';
import { parseUnitFile, splitCronLine, splitSystemdCommand } from '../helpers/schedule-formats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = `site: { title: Schedule test }
checks:
  - { id: truth, name: The truth, type: command, command: ["true"], timeout: 5s, retries: 0 }
`;
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

let dir: string;
let project: string;

interface SessionRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** A Vigil project folder as `npm ci` leaves one: its code (linked here) and its own Node 24. */
async function makeProject(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await symlink(path.join(ROOT, 'collectors'), path.join(folder, 'collectors'));
  await symlink(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'));
  await writeFile(path.join(folder, 'vigil config.yaml'), CONFIG);
}

function optionsFor(projectDir: string, dataDir: string): ScheduleOptions {
  return {
    projectDir,
    nodePath: path.join(projectDir, 'node_modules', '.bin', 'node'),
    configPath: 'vigil config.yaml',
    dataDir,
    intervalMs: 300_000,
    user: 'root',
    publish: false,
  };
}

/** Every result of check "truth" the source "local" stored under `dataDir`. */
async function readTruthResults(dataDir: string): Promise<{ status: string }[]> {
  const folder = path.join(dataDir, 'snapshots', 'local');
  const results: { status: string }[] = [];
  for (const file of await readdir(folder)) {
    for (const line of (await readFile(path.join(folder, file), 'utf8')).split('\n').filter(Boolean)) {
      const run = JSON.parse(line) as { results: { id: string; status: string }[] };
      results.push(...run.results.filter((result) => result.id === 'truth'));
    }
  }
  return results;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-init-schedule-'));
  project = path.join(dir, "my vigil's 100% project");
  await makeProject(project);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('systemd', () => {
  it.skipIf(!hasSystemdAnalyze)(
    'systemd-analyze verify accepts the units as written (skipped: no systemd-analyze here)',
    async () => {
      const rendered = renderSchedule('systemd', optionsFor(project, 'systemd data'));
      const folder = path.join(dir, 'units');
      await mkdir(folder, { recursive: true });
      for (const file of rendered.files)
        await writeFile(path.join(folder, path.basename(file.path)), file.content);
      const verified = spawnSync(
        'systemd-analyze',
        ['verify', '--man=no', ...rendered.files.map((file) => path.join(folder, path.basename(file.path)))],
        { encoding: 'utf8' },
      );
      expect(verified.stderr + verified.stdout).toBe('');
      expect(verified.status).toBe(0);
    },
  );

  it.skipIf(!hasSystemdAnalyze)(
    'each OnCalendar= elapses at the period chosen for it (skipped: no systemd-analyze here)',
    () => {
      for (const intervalMs of [
        1000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 86_400_000,
      ]) {
        const cadence = chooseCadence(intervalMs);
        const shown = execFileSync('systemd-analyze', ['calendar', '--iterations=3', cadence.onCalendar], {
          encoding: 'utf8',
          env: { ...process.env, TZ: 'UTC' },
        });
        const elapses = [...shown.matchAll(/(?:Next elapse|Iter\. #\d):\s+\w+ (\S+ \S+) UTC/g)].map((match) =>
          Date.parse(`${match[1]?.replace(' ', 'T')}Z`),
        );
        expect(elapses, `${cadence.onCalendar}:\n${shown}`).toHaveLength(3);
        const gaps = elapses.slice(1).map((elapse, index) => elapse - (elapses[index] as number));
        expect(gaps).toEqual([cadence.periodMs, cadence.periodMs]);
      }
    },
  );

  it('ExecStart=, run as systemd runs it (argv split by its rules, in WorkingDirectory=), collects a line', async () => {
    const rendered = renderSchedule('systemd', optionsFor(project, 'systemd data'));
    const service = parseUnitFile(rendered.files[0]?.content ?? '').Service ?? {};
    const workingDirectory = (service.WorkingDirectory?.[0] ?? '').replaceAll('%%', '%');
    expect(workingDirectory).toBe(project);
    const [program, ...args] = splitSystemdCommand(service.ExecStart?.[0] ?? '');
    const run = spawnSync(program as string, args, {
      cwd: workingDirectory,
      // What systemd gives a system service: its own PATH, no terminal.
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin', HOME: '/root', LANG: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^vigil collect: local: 1 checks?: 1 up/);
    expect(await readTruthResults(path.join(project, 'systemd data'))).toEqual([
      expect.objectContaining({ status: 'up' }),
    ]);
  });
});

describe('cron', () => {
  it("the crontab line's command, run through /bin/sh -c as cron runs it, collects a line and logs it", async () => {
    const rendered = renderSchedule('cron', optionsFor(project, 'cron data'));
    const line = splitCronLine(rendered.files[0]?.content ?? '');
    expect(line.schedule).toBe('*/5 * * * *');
    const run = spawnSync('/bin/sh', ['-c', line.command], {
      cwd: '/',
      // cron's environment (crontab(5)): SHELL, HOME, LOGNAME and PATH=/usr/bin:/bin.
      env: { SHELL: '/bin/sh', HOME: '/root', LOGNAME: 'root', PATH: '/usr/bin:/bin' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
    const log = await readFile(path.join(project, 'vigil-collect.log'), 'utf8');
    expect(log).toMatch(
      /^vigil collect: local: 1 checks?: 1 up.* → cron data\/snapshots\/local\/\d{4}-\d\d-\d\d\.jsonl\n$/,
    );
    expect(await readTruthResults(path.join(project, 'cron data'))).toEqual([
      expect.objectContaining({ status: 'up' }),
    ]);
  });
});

describe('gitlab', () => {
  let server: GitHttpServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  }

  /** The job's script lines in one bash session, as the shell executor runs them (never blocking this process). */
  function runSession(cwd: string, lines: string[], env: Record<string, string>): Promise<SessionRun> {
    return new Promise((resolve) => {
      execFile(
        'bash',
        ['-c', ['set -eo pipefail', ...lines].join('\n')],
        { cwd, env: { ...process.env, ...GIT_ENV, ...env }, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it("the collect job's script, in a detached checkout like a runner's, collects and pushes over HTTP with the token from the environment", async () => {
    const remote = path.join(dir, 'remote.git');
    git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
    git(remote, 'config', 'http.receivepack', 'true');
    const seed = path.join(dir, 'seed');
    await mkdir(seed);
    await symlink(path.join(ROOT, 'collectors'), path.join(seed, 'collectors'));
    await writeFile(path.join(seed, 'vigil config.yaml'), CONFIG);
    await writeFile(path.join(seed, '.gitignore'), 'node_modules/\n*.log\n');
    git(seed, 'init', '--quiet', '--initial-branch=main');
    git(seed, 'add', '.');
    git(
      seed,
      '-c',
      'user.name=Seed',
      '-c',
      'user.email=seed@vigil.test',
      'commit',
      '--quiet',
      '-m',
      'project',
    );
    git(seed, 'push', '--quiet', remote, 'main');
    const token = 'glpat-not-a-real-token';
    server = await startGitHttpServer(dir, 'vigil', token);

    // The runner fetches the pipeline's commit and checks it out detached.
    const build = path.join(dir, 'builds', 'project');
    git(dir, 'clone', '--quiet', remote, build);
    git(build, 'checkout', '--quiet', '--detach');
    // Stands in for `npm ci`, the script's first line: the project's installed packages.
    await symlink(path.join(ROOT, 'node_modules'), path.join(build, 'node_modules'));

    const ci = parse(renderSchedule('gitlab', optionsFor(build, 'status data')).files[0]?.content ?? '');
    const script: string[] = ci['vigil-collect'].script;
    expect(script[0]).toMatch(/^npm ci /);
    const ciEnv = { CI_COMMIT_BRANCH: 'main', CI_SERVER_URL: server.url, CI_PROJECT_PATH: 'remote' };

    // A wrong token: the push is refused (exit 3: committed, not pushed), and git asks no one.
    const refused = await runSession(build, script.slice(1), { ...ciEnv, VIGIL_PUSH_TOKEN: 'glpat-wrong' });
    expect(refused.status, refused.stderr).toBe(3);
    expect(git(remote, 'log', '--format=%s', 'main')).toBe('project\n');

    const run = await runSession(build, script.slice(1), { ...ciEnv, VIGIL_PUSH_TOKEN: token });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/vigil collect: local: 1 checks?: 1 up/);
    // Both runs' lines reach the remote: the refused run's commit was kept and pushed now.
    const pushed = git(remote, 'log', '--format=%s', 'main');
    expect(pushed).toMatch(/^data\(local\): .* 1 up, 0 degraded, 0 down\ndata\(local\): .*\nproject\n$/);
    expect(git(remote, 'ls-tree', '-r', '--name-only', 'main')).toMatch(
      /^status data\/snapshots\/local\/\d{4}-\d\d-\d\d\.jsonl$/m,
    );
    expect(server.attempts.some((attempt) => attempt.user === 'vigil' && attempt.accepted)).toBe(true);
    expect(await readFile(path.join(build, '.git', 'config'), 'utf8')).not.toContain(token);
    expect(run.stdout + run.stderr).not.toContain(token);
  });
});
