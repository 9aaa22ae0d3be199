import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerProbe } from '../../../../../collectors/probes/docker/probe-docker.ts';
import { DockerCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import {
  type DockerEngine,
  startDockerd,
  TEST_IMAGE,
  whyDockerCannotRun,
  writeComposeProject,
} from '../../../../helpers/services/start-dockerd.ts';

const cannotRun = whyDockerCannotRun();
const WAIT_MS = 30_000;
let engine: DockerEngine;

const COMPOSE_YAML = `version: "2.4"
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "1000"]
    network_mode: none
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "1000"]
    network_mode: none
`;

function probe(fields: Record<string, unknown>) {
  const check = DockerCheckSchema.parse({
    id: 'docker',
    type: 'docker',
    socketPath: engine.socketPath,
    ...fields,
  });
  return dockerProbe.probe(check, makeProbeContext({ timeoutMs: 10_000 }));
}

async function run(...args: string[]): Promise<void> {
  const out = await engine.docker(...args);
  if (out.exitCode !== 0) throw new Error(`docker ${args.join(' ')}: ${out.stderr.trim()}`);
}

/** Waits (bounded) until a container's health reads `health`. */
async function waitForHealth(name: string, health: string): Promise<void> {
  let last = '';
  for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
    last = (await engine.docker('inspect', '--format', '{{.State.Health.Status}}', name)).stdout.trim();
    if (last === health) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} stayed "${last}", never "${health}"`);
}

describe.skipIf(cannotRun !== undefined)(
  'docker probe against a real Docker Engine (dockerd in a temp dir)',
  () => {
    beforeAll(async () => {
      engine = await startDockerd();
      const detached = ['run', '-d', '--network', 'none'];
      await run(
        ...detached,
        '--name',
        'healthy',
        '--health-cmd',
        'true',
        '--health-interval',
        '1s',
        TEST_IMAGE,
        'sleep',
        '1000',
      );
      await run(
        ...detached,
        ...['--name', 'unhealthy', '--health-cmd', 'echo "db: connection refused"; false'],
        ...['--health-interval', '1s', '--health-retries', '1', TEST_IMAGE, 'sleep', '1000'],
      );
      // The first health check runs one interval after start: with an hour, it stays "starting".
      await run(
        ...detached,
        '--name',
        'starting',
        '--health-cmd',
        'true',
        '--health-interval',
        '1h',
        TEST_IMAGE,
        'sleep',
        '1000',
      );
      await run(...detached, '--name', 'plain', '--label', 'team=web', TEST_IMAGE, 'sleep', '1000');
      await run(...detached, '--name', 'exited', '--label', 'team=web', TEST_IMAGE, 'sh', '-c', 'exit 3');
      const project = await writeComposeProject(path.join(engine.dir, 'stack'), COMPOSE_YAML);
      const up = await engine.compose(project, '-p', 'vigilstack', 'up', '-d');
      if (up.exitCode !== 0) throw new Error(`docker-compose up: ${up.stderr}`);
      await Promise.all([waitForHealth('healthy', 'healthy'), waitForHealth('unhealthy', 'unhealthy')]);
      await waitForHealth('vigilstack_web_1', 'healthy');
      await run('wait', 'exited');
    });

    afterAll(async () => {
      await engine?.stop();
    });

    it('running and healthy is up; stopped, it is down with its exit code', async () => {
      const up = await probe({ containers: ['healthy'] });
      expect(up).toMatchObject({ status: 'up', message: 'healthy running, healthy' });
      expect(up.metrics).toMatchObject({ containers: 1, containersUp: 1, 'container:healthy:restarts': 0 });
      await run('kill', 'healthy');
      const down = await probe({ containers: ['healthy'] });
      expect(down).toMatchObject({ status: 'down', message: 'healthy exited with code 137' });
    });

    it('unhealthy is down with the failing streak and the health check output', async () => {
      const observation = await probe({ containers: ['unhealthy'] });
      expect(observation.status).toBe('down');
      expect(observation.message).toMatch(
        /^unhealthy unhealthy \(\d+ failed checks in a row\): db: connection refused$/,
      );
      const containers = observation.detail?.containers as {
        failingStreak: number;
        lastHealthOutput: string;
      }[];
      const [container] = containers;
      expect(container?.failingStreak).toBeGreaterThanOrEqual(1);
      expect(container?.lastHealthOutput).toBe('db: connection refused');
    });

    it('health "starting" is degraded; a container without a healthcheck is up', async () => {
      expect(await probe({ containers: ['starting'] })).toMatchObject({
        status: 'degraded',
        message: 'starting running, health check starting',
      });
      expect(await probe({ containers: ['plain'] })).toMatchObject({
        status: 'up',
        message: 'plain running',
      });
    });

    it('selects by label; an exited container among them makes the check down', async () => {
      const observation = await probe({ labels: ['team=web'] });
      expect(observation).toMatchObject({
        status: 'down',
        message: '1 of 2 containers up; exited exited with code 3',
      });
      expect(observation.metrics).toMatchObject({ containers: 2, containersUp: 1, containersDown: 1 });
    });

    it('a named container that does not exist is down as missing', async () => {
      expect(await probe({ containers: ['plain', 'nginx'] })).toMatchObject({
        status: 'down',
        message: '1 of 2 containers up; nginx missing (no such container)',
      });
    });

    it('a Compose project gives one status per service in detail.services; a stopped service turns it down', async () => {
      const up = await probe({ composeProject: 'vigilstack', services: ['web', 'worker'] });
      expect(up).toMatchObject({ status: 'up', message: '2 services up: web, worker' });
      expect(up.detail?.services).toMatchObject({
        web: { status: 'up', message: 'running, healthy', containers: ['vigilstack_web_1'] },
        worker: { status: 'up', message: 'running' },
      });
      expect(up.metrics).toMatchObject({ services: 2, servicesUp: 2 });
      await run('kill', 'vigilstack_worker_1');
      const down = await probe({ composeProject: 'vigilstack', services: ['web', 'worker', 'beat'] });
      expect(down.status).toBe('down');
      expect(down.message).toBe(
        '1 of 3 services up; beat missing (no such container); worker exited with code 137',
      );
      expect(down.detail?.services).toMatchObject({ worker: { status: 'down' }, beat: { status: 'down' } });
    });

    it('a socket with no daemon behind it is down and says so', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'vigil-nodocker-'));
      const socketPath = path.join(dir, 'docker.sock');
      const observation = await dockerProbe.probe(
        DockerCheckSchema.parse({ id: 'd', type: 'docker', containers: ['x'], socketPath }),
        makeProbeContext(),
      );
      expect(observation).toMatchObject({
        status: 'down',
        message: `no Docker socket at ${socketPath} (is the Docker daemon running?)`,
      });
      await rm(dir, { recursive: true, force: true });
    });

    it('a socket the collector may not open is down with "permission denied" (probe run as nobody)', async () => {
      await chmod(engine.dir, 0o755);
      await chmod(engine.socketPath, 0o660);
      const script = `
      const { dockerProbe } = await import(${JSON.stringify(path.resolve('collectors/probes/docker/probe-docker.ts'))});
      const { DockerCheckSchema } = await import(${JSON.stringify(path.resolve('core/model/index.ts'))});
      const check = DockerCheckSchema.parse({ id: 'd', type: 'docker', containers: ['plain'], socketPath: ${JSON.stringify(engine.socketPath)} });
      const seen = await dockerProbe.probe(check, { signal: AbortSignal.timeout(5000), timeoutMs: 5000, now: () => new Date(), run: null, previousState: undefined });
      process.stdout.write(JSON.stringify(seen));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        uid: 65_534,
        gid: 65_534,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout)).toMatchObject({
        status: 'down',
        message: `permission denied on the Docker socket ${engine.socketPath}: run the collector as root or as a member of the "docker" group`,
      });
    });
  },
);
