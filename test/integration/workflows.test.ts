// Runs every `run:` step of .github/workflows/*.yml in a temp clone pushing to a local bare remote,
// so a workflow that calls a missing script or command fails here, not on the runner. GitHub-only
// `uses:` steps get their local equivalent, or are skipped with the reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GIT_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Runner',
  GIT_AUTHOR_EMAIL: 'runner@vigil.test',
  GIT_COMMITTER_NAME: 'Runner',
  GIT_COMMITTER_EMAIL: 'runner@vigil.test',
};

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps?: Step[] }>;
}

let dir: string;
let remote: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
}

async function readWorkflow(name: string): Promise<Workflow> {
  return parse(await readFile(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

/** `${{ vars.X || 'default' }}` is all the expression syntax the workflows use in env: the default wins here. */
function evaluateExpression(value: string): string {
  return value.replace(/\$\{\{\s*[\w.]+\s*\|\|\s*'([^']*)'\s*\}\}/g, '$1');
}

/** A runner workspace: a clone of the remote, the way actions/checkout leaves one. */
async function checkoutWorkspace(name: string): Promise<string> {
  const workspace = join(dir, name);
  git(dir, 'clone', '--quiet', remote, workspace);
  return workspace;
}

async function runJob(workflowName: string, jobName: string, workspace: string): Promise<string[]> {
  const workflow = await readWorkflow(workflowName);
  const job = workflow.jobs[jobName];
  if (!job) throw new Error(`${workflowName}: no job ${jobName}`);
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...GIT_ENV, CI: 'true' };
  for (const [key, value] of Object.entries(job.env ?? {})) env[key] = evaluateExpression(String(value));
  const log: string[] = [];
  for (const step of job.steps ?? []) {
    if (step.uses) {
      log.push(await runActionLocally(step, workspace, env));
      continue;
    }
    const script = step.run ?? '';
    const local = replaceForLocalRun(script, workspace);
    if (local) {
      log.push(await local);
      continue;
    }
    const result = spawnSync('bash', ['-eo', 'pipefail', '-c', script], {
      cwd: workspace,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (result.status !== 0 && !step['continue-on-error']) {
      throw new Error(
        `${workflowName} › ${step.name ?? script} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    log.push(`ran: ${script.trim().split('\n').at(-1)}`);
  }
  return log;
}

async function runActionLocally(step: Step, workspace: string, env: Record<string, string>): Promise<string> {
  const action = step.uses?.split('@')[0];
  switch (action) {
    case 'actions/checkout': {
      const path = step.with?.path;
      if (typeof path !== 'string') return 'checkout: the workspace is already a clone';
      const ref = String(step.with?.ref ?? 'main');
      const cloned = spawnSync('git', ['clone', '--quiet', '--branch', ref, remote, join(workspace, path)], {
        env,
      });
      if (cloned.status !== 0 && !step['continue-on-error']) throw new Error(`checkout ${ref} failed`);
      return `checkout ${ref} into ${path}: ${cloned.status === 0 ? 'done' : 'no such branch (continue-on-error)'}`;
    }
    case 'actions/setup-node':
      // The node devDependency is Node 24, the version the workflows ask for.
      env.PATH = `${join(workspace, 'node_modules', '.bin')}:${env.PATH}`;
      return 'setup-node: Node 24 from node_modules/.bin';
    case 'actions/upload-pages-artifact': {
      const artifact = join(workspace, String(step.with?.path ?? '_site'));
      await stat(join(artifact, 'index.html'));
      return `upload-pages-artifact: ${step.with?.path}/index.html exists`;
    }
    case 'actions/deploy-pages':
      return 'deploy-pages: skipped, GitHub Pages exists only on GitHub';
    default:
      throw new Error(`no local equivalent for ${step.uses}; add one to this test`);
  }
}

/**
 * Steps replaced by a local equivalent: apt-get needs root, npm ci needs the registry (the project's installed
 * node_modules is linked instead), and npm test / npm run lint would run this suite inside itself,
 * so for those the named npm script and the binary it starts must exist.
 */
function replaceForLocalRun(script: string, workspace: string): Promise<string> | undefined {
  const command = script.trim();
  if (/^npm ci\b/.test(command)) {
    return symlink(join(ROOT, 'node_modules'), join(workspace, 'node_modules'), 'dir').then(
      () => 'npm ci: linked the installed node_modules (no registry here)',
    );
  }
  if (/^sudo apt-get /.test(command)) {
    // No root and no network here: the packages must already be installed, as .ci/run ensures.
    const packages = command.split('--no-install-recommends')[1]?.trim().split(/\s+/) ?? [];
    execFileSync('dpkg-query', ['-W', ...packages]);
    return Promise.resolve(`apt-get: ${packages.join(', ')} already installed`);
  }
  const npmScript = /^npm (?:run )?(test|lint)$/.exec(command)?.[1];
  if (npmScript) return assertNpmScript(workspace, npmScript);
  return undefined;
}

async function assertNpmScript(workspace: string, name: string): Promise<string> {
  const scripts = JSON.parse(await readFile(join(workspace, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  const body = scripts[name];
  if (!body) throw new Error(`package.json has no "${name}" script`);
  for (const part of body.split('&&')) {
    const binary = part.trim().split(/\s+/)[0] as string;
    await stat(join(workspace, 'node_modules', '.bin', binary));
  }
  return `npm run ${name}: script "${body}" and its binaries exist`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-workflows-'));
  remote = join(dir, 'origin.git');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  // The seed is this working tree as a commit would hold it: tracked and new, not ignored, files.
  const seed = join(dir, 'seed');
  const files = git(ROOT, 'ls-files', '--cached', '--others', '--exclude-standard', '-z')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (!(await stat(join(ROOT, file)).catch(() => undefined))) continue;
    await mkdir(dirname(join(seed, file)), { recursive: true });
    await cp(join(ROOT, file), join(seed, file));
  }
  git(dir, 'init', '--quiet', '--initial-branch=main', seed);
  git(seed, 'add', '-A');
  git(seed, 'commit', '--quiet', '-m', 'seed');
  git(seed, 'remote', 'add', 'origin', remote);
  git(seed, 'push', '--quiet', 'origin', 'main');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('.github/workflows', () => {
  it('every workflow names its triggers, and collect runs on a schedule on a self-hosted runner', async () => {
    const names = (await readdir(join(ROOT, '.github', 'workflows'))).sort();
    expect(names).toEqual(['check.yml', 'collect.yml', 'deploy.yml']);
    const collect = await readWorkflow('collect.yml');
    expect(collect.on).toMatchObject({ schedule: [{ cron: '*/5 * * * *' }], workflow_dispatch: null });
    expect(collect.jobs.collect?.['runs-on']).toBe('self-hosted');
    expect((await readWorkflow('check.yml')).on).toHaveProperty('pull_request');
  });

  it('collect.yml: its steps collect and push a data commit to the remote', async () => {
    const workspace = await checkoutWorkspace('collect');
    const log = await runJob('collect.yml', 'collect', workspace);
    expect(log).toContain('ran: npx vigil collect --publish');
    expect(git(remote, 'log', '-1', '--format=%s', 'main')).toMatch(
      /^data\(local\): .* up, .* degraded, .* down/,
    );
  }, 300_000);

  it('deploy.yml: its steps build dist/ from the pushed data', async () => {
    const workspace = await checkoutWorkspace('deploy');
    const log = await runJob('deploy.yml', 'build', workspace);
    expect(log).toContain('upload-pages-artifact: dist/index.html exists');
    expect(await runJob('deploy.yml', 'deploy', workspace)).toEqual([
      'deploy-pages: skipped, GitHub Pages exists only on GitHub',
    ]);
  }, 300_000);

  it('check.yml: validate runs, and the lint and test scripts it calls exist', async () => {
    const workspace = await checkoutWorkspace('check');
    const log = await runJob('check.yml', 'check', workspace);
    expect(log).toEqual(
      expect.arrayContaining(['ran: npx vigil validate', expect.stringMatching(/^npm run test: /)]),
    );
  }, 300_000);
});
