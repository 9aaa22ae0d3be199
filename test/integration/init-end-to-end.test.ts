// The issue's "done when", as a newcomer meets it: on a machine running nginx, Redis, PostgreSQL,
// MariaDB, a Compose stack and a SLURM cluster (all real, started here on loopback ports and their own
// sockets), `vigil init --yes` in a fresh project, `vigil validate`, one `vigil collect`, then
// `vigil start --once` and the page in Chromium, with a FUSE mount beside them that never answers. systemd and NVIDIA GPUs cannot run here: fakes on
// PATH replay their documented output (test/fixtures/init/bin).
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../core/config/load-config.ts';
import type { Check } from '../../core/model/index.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { canMountFuse, type HungMount, mountHungFuse } from '../helpers/hung-fuse-mount.ts';
import { findClosedPort } from '../helpers/loopback-server.ts';
import { runVigil, VIGIL_BIN } from '../helpers/run-vigil.ts';
import {
  type DockerEngine,
  startDockerd,
  TEST_IMAGE,
  whyDockerCannotRun,
  writeComposeProject,
} from '../helpers/services/start-dockerd.ts';
import { type MariadbServer, startMariadb } from '../helpers/services/start-mariadb.ts';
import { type NginxServer, startNginx } from '../helpers/services/start-nginx.ts';
import { type PostgresServer, startPostgres } from '../helpers/services/start-postgres.ts';
import { type RedisServer, startRedis } from '../helpers/services/start-redis.ts';
import {
  SLURM_CLUSTER,
  type SlurmCluster,
  startSlurm,
  whySlurmCannotRun,
} from '../helpers/services/start-slurm.ts';

const SHIPPED_DEFAULT = new URL('../../status.config.yaml', import.meta.url);
const FAKE_BIN = path.join(import.meta.dirname, '../fixtures/init/bin');
const ARTIFACTS = path.join(import.meta.dirname, '../../test-artifacts');
const cannotRun = whyDockerCannotRun() ?? whySlurmCannotRun();

describe.skipIf(cannotRun !== undefined)(
  `vigil init --yes && vigil start on a machine with nginx, Redis, PostgreSQL, MariaDB, a Compose stack and SLURM (real), systemd and GPUs (fakes replaying documented output)${cannotRun === undefined ? '' : ` — skipped: ${cannotRun}`}`,
  () => {
    let dir: string;
    let env: Record<string, string>;
    let redis: RedisServer;
    let postgres: PostgresServer;
    let mariadb: MariadbServer;
    let nginx: NginxServer;
    let engine: DockerEngine;
    let slurm: SlurmCluster;
    let hung: HungMount | undefined;
    let hungDir: string | undefined;
    let checks: Check[];
    let initOutput: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'vigil-init-e2e-'));
      [redis, postgres, mariadb, nginx, engine, slurm] = await Promise.all([
        startRedis(),
        startPostgres(),
        startMariadb(),
        startNginx(),
        startDockerd(),
        startSlurm(),
      ]);
      const project = await writeComposeProject(
        path.join(engine.dir, 'lab'),
        `version: "2.4"
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "1000"]
    network_mode: none
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "1000"]
    network_mode: none
`,
      );
      const up = await engine.compose(project, '-p', 'lab', 'up', '-d');
      if (up.exitCode !== 0) throw new Error(`docker-compose up: ${up.stderr}`);
      env = {
        PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
        DOCKER_HOST: engine.host,
        SLURM_CONF: slurm.slurmConf,
      };
      // A FUSE mount that never answers: init and the collect must both end by their deadlines.
      if (canMountFuse()) {
        hungDir = await mkdtemp(path.join(tmpdir(), 'vigil-init-e2e-mount-'));
        hung = await mountHungFuse(path.join(hungDir, 'scratch'));
      }
      await copyFile(SHIPPED_DEFAULT, path.join(dir, 'status.config.yaml'));
    }, 300_000);

    afterAll(async () => {
      await Promise.all([
        redis?.stop(),
        postgres?.stop(),
        mariadb?.stop(),
        nginx?.stop(),
        engine?.stop(),
        slurm?.stop(),
      ]);
      await hung?.release();
      if (hungDir) await rm(hungDir, { recursive: true, force: true });
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 120_000);

    it('init finds each of them and writes a config vigil validate accepts, with nothing a person typed', async () => {
      const run = await runVigil(['init', '--yes', '--timeout', '20s'], { cwd: dir, env });
      initOutput = run.stdout;
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('; replaced the shipped default)');
      const text = await readFile(path.join(dir, 'status.config.yaml'), 'utf8');
      checks = parseConfigText(text, 'status.config.yaml', {}).config.checks;
      const find = (predicate: (check: Check) => boolean, what: string) => {
        const found = checks.filter(predicate);
        expect(found, `${what} in:\n${initOutput}`).toHaveLength(1);
        return found[0] as Check;
      };
      const onPort = (port: number) => (check: Check) =>
        (check.type === 'tcp' && check.port === port) ||
        (check.type === 'http' && new URL(check.url).port === String(port));
      expect(find(onPort(nginx.port), 'nginx')).toMatchObject({ type: 'http', group: 'web-servers' });
      expect(find(onPort(redis.port), 'Redis')).toMatchObject({ type: 'tcp', handshake: 'redis' });
      expect(find(onPort(postgres.port), 'PostgreSQL')).toMatchObject({ type: 'tcp', handshake: 'postgres' });
      expect(find(onPort(mariadb.port), 'MariaDB')).toMatchObject({ type: 'tcp', handshake: 'mysql' });
      expect(find((check) => check.type === 'docker', 'the Compose project')).toMatchObject({
        composeProject: 'lab',
        services: ['app', 'worker'],
      });
      expect(find((check) => check.type === 'slurm', 'SLURM')).toMatchObject({ cluster: SLURM_CLUSTER });
      expect(find((check) => check.type === 'gpu', 'the GPUs')).toMatchObject({ group: 'gpus' });
      expect(find((check) => check.type === 'host', 'the host')).toMatchObject({ group: 'machine' });
      expect(checks.filter((check) => check.type === 'systemd').length).toBeGreaterThan(0);
      if (hung)
        expect(
          find((check) => check.type === 'filesystem' && check.path === hung?.mountPoint, 'the hung mount'),
        ).toMatchObject({
          mountPoint: true,
          group: 'filesystems',
        });
      // Where a fuller check needs a password, it is written beside, commented out, never guessed.
      expect(text).toContain('#   url: postgres://monitor@127.0.0.1:');
      expect(text).toMatch(/\$\{POSTGRES_PASSWORD\}/);

      const validated = await runVigil(['validate'], { cwd: dir, env });
      // init writes a page id, but cannot know the public address: that one warning, nothing else.
      expect(validated.stderr).toMatch(/^warning: \S*status\.config\.yaml: site\.url: not set; [^\n]+\n$/);
      expect(validated.exitCode).toBe(0);
    }, 120_000);

    it('one collect with it: every one of them is up', async () => {
      const run = await runVigil(['collect', '--json'], { cwd: dir, env });
      expect(run.exitCode, run.stderr).toBe(0);
      const line = JSON.parse(run.stdout) as { results: { id: string; status: string; message?: string }[] };
      const statuses = new Map(
        line.results.map((result) => [result.id, `${result.status}: ${result.message}`]),
      );
      // PBS answers with its documented output, whose cluster has nodes down: degraded, as it says.
      // The services this test started (other tests' listeners on this machine may be found too,
      // and are theirs to judge).
      const ports = new Set([nginx.port, redis.port, postgres.port, mariadb.port].map(String));
      const ours = checks.filter(
        (check) =>
          ['docker', 'slurm', 'gpu', 'host'].includes(check.type) ||
          (check.type === 'tcp' && ports.has(String(check.port))) ||
          (check.type === 'http' && ports.has(new URL(check.url).port)),
      );
      expect(ours).toHaveLength(8);
      for (const check of ours)
        expect(`${check.id} ${statuses.get(check.id)}`).toMatch(new RegExp(`^${check.id} up: `));
      if (hung) {
        const mount = checks.find((check) => check.type === 'filesystem' && check.path === hung?.mountPoint);
        expect(statuses.get(mount?.id ?? '')).toMatch(
          /^degraded: failing \(1 of 2 before down\): no answer from /,
        );
      }
      for (const check of checks.filter((candidate) => candidate.type === 'pbs'))
        expect(statuses.get(check.id)).toMatch(/^degraded: \d+ of \d+ nodes usable/);
      // The fake systemctl's units: each collected, as its documented `systemctl show` output says.
      const units = checks.filter((candidate) => candidate.type === 'systemd');
      for (const check of units) expect(statuses.get(check.id)).toMatch(/^(up|degraded|down): \S/);
      expect(
        statuses.get(
          units.find((check) => check.type === 'systemd' && check.unit === 'imaging-api.service')?.id ?? '',
        ),
      ).toMatch(/^up: /);
    }, 120_000);

    it('vigil start shows each of them on the page as operational', async () => {
      const port = await findClosedPort();
      const start = spawnStart(dir, env, port);
      let browser: Browser | undefined;
      try {
        const url = await start.servingUrl;
        browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
        await mkdir(ARTIFACTS, { recursive: true });
        for (const [width, name] of [
          [1280, 'desktop'],
          [375, 'phone'],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.goto(url);
          const text = await page.locator('main').innerText();
          for (const check of checks) expect(text).toContain(check.name ?? check.id);
          await page.screenshot({
            path: path.join(ARTIFACTS, `init-front-page-${name}.png`),
            fullPage: true,
          });
          await page.close();
        }
        const summary = JSON.parse(
          await readFile(path.join(dir, 'dist', 'api', 'v2', 'components.json'), 'utf8'),
        ) as {
          components: { name: string; status: string }[];
        };
        const byName = new Map(summary.components.map((component) => [component.name, component.status]));
        // The services this test started, by their ports: another test's Redis or PostgreSQL that init
        // found on this machine may have stopped since, and its component is rightly down.
        const ports = new Set([nginx.port, redis.port, postgres.port, mariadb.port].map(String));
        const ours = checks.filter(
          (check) =>
            (check.type === 'tcp' && ports.has(String(check.port))) ||
            (check.type === 'http' && ports.has(new URL(check.url).port)),
        );
        expect(ours).toHaveLength(4);
        for (const check of ours) {
          const name = check.name ?? check.id;
          expect(byName.get(name), `${name} among ${[...byName.keys()].join(', ')}`).toBe('operational');
        }
      } finally {
        await browser?.close();
        await start.stop();
      }
    }, 240_000);
  },
);

function spawnStart(dir: string, env: Record<string, string>, port: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [VIGIL_BIN, 'start', '--once', '--port', String(port)],
    {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const servingUrl = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`vigil start did not serve in 180 s:\n${output}`)),
      180_000,
    );
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`vigil start exited ${code}:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    servingUrl,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
