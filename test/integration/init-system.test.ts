import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersDiscoverer } from '../../collectors/init/discover-clusters.ts';
import { dockerDiscoverer } from '../../collectors/init/discover-docker.ts';
import {
  classifyMounts,
  filesystemsDiscoverer,
  STAT_TIMEOUT_MS,
} from '../../collectors/init/discover-filesystems.ts';
import { gpusDiscoverer } from '../../collectors/init/discover-gpus.ts';
import { systemdDiscoverer } from '../../collectors/init/discover-systemd.ts';
import {
  type DiscoverContext,
  type Discovery,
  FINDING_GROUPS,
  type Finding,
} from '../../collectors/init/finding.ts';
import { runDiscovery } from '../../collectors/init/run-discovery.ts';
import { dockerProbe } from '../../collectors/probes/docker/probe-docker.ts';
import { filesystemProbe } from '../../collectors/probes/filesystem/probe-filesystem.ts';
import { gpuProbe } from '../../collectors/probes/gpu/probe-gpu.ts';
import { parseProcMounts } from '../../collectors/probes/host/host-filesystems.ts';
import { pbsProbe } from '../../collectors/probes/pbs/probe-pbs.ts';
import { slurmProbe } from '../../collectors/probes/slurm/probe-slurm.ts';
import { systemdProbe } from '../../collectors/probes/systemd/probe-systemd.ts';
import { runCommand } from '../../collectors/transport/run-command.ts';
import type { Check } from '../../core/model/index.ts';
import { canMountFuse, mountHungFuse } from '../helpers/hung-fuse-mount.ts';
import { parseCheck } from '../helpers/parse-check.ts';
import { makeProbeContext } from '../helpers/probe-context.ts';
import {
  type DockerEngine,
  startDockerd,
  TEST_IMAGE,
  whyDockerCannotRun,
  writeComposeProject,
} from '../helpers/services/start-dockerd.ts';
import {
  SLURM_CLUSTER,
  type SlurmCluster,
  startSlurm,
  whySlurmCannotRun,
} from '../helpers/services/start-slurm.ts';

const FAKE_BIN = path.join(import.meta.dirname, '../fixtures/init/bin');

/** A DiscoverContext like the one `vigil init` builds: real programs, in their own process group, with deadlines. */
function makeRealContext(env: Record<string, string> = {}, timeoutMs = 10_000): DiscoverContext {
  const signal = AbortSignal.timeout(timeoutMs);
  return {
    signal,
    env: { ...process.env, ...env },
    procRoot: '/proc',
    run: (argv, runTimeoutMs) =>
      runCommand({ argv, env, signal: AbortSignal.any([signal, AbortSignal.timeout(runTimeoutMs)]) }),
  };
}

/** The check as `vigil validate` loads it, in the group the writer puts it in: it must load as written. */
function loadCheck(finding: Finding): Check {
  return parseCheck({ ...finding.check, group: FINDING_GROUPS[finding.group].id });
}

function findingOf(discovery: Discovery, key: string): Finding {
  const finding = discovery.findings.find((candidate) => candidate.key === key);
  if (finding === undefined)
    throw new Error(`no finding ${key}; found ${discovery.findings.map((f) => f.key).join(', ') || 'none'}`);
  return finding;
}

const dockerCannotRun = whyDockerCannotRun();
describe.skipIf(dockerCannotRun !== undefined)(
  `init finds Docker containers on a real Docker Engine (dockerd in a temp dir)${dockerCannotRun === undefined ? '' : ` — skipped: ${dockerCannotRun}`}`,
  () => {
    let engine: DockerEngine;
    beforeAll(async () => {
      engine = await startDockerd();
      const project = await writeComposeProject(
        path.join(engine.dir, 'shop'),
        `version: "2.4"
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "1000"]
    network_mode: none
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "1000"]
    network_mode: none
  cache:
    image: ${TEST_IMAGE}
    command: ["sleep", "1000"]
    network_mode: none
`,
      );
      const up = await engine.compose(project, '-p', 'shop', 'up', '-d');
      if (up.exitCode !== 0) throw new Error(`docker-compose up: ${up.stderr}`);
      const run = await engine.docker(
        'run',
        '-d',
        '--network',
        'none',
        '--name',
        'gitea',
        TEST_IMAGE,
        'sleep',
        '1000',
      );
      if (run.exitCode !== 0) throw new Error(`docker run: ${run.stderr}`);
    });
    afterAll(async () => {
      await engine?.stop();
    });

    it('a Compose project of three services and a standalone container, each a docker check that the docker probe finds up', async () => {
      const { findings, leftOut } = await runDiscovery([dockerDiscoverer], {
        env: { ...process.env, DOCKER_HOST: engine.host },
      });
      expect(leftOut).toEqual([]);
      const compose = findingOf({ findings, leftOut }, 'docker:compose:shop');
      expect(compose.check).toEqual({
        id: 'shop',
        name: 'shop (Compose)',
        type: 'docker',
        composeProject: 'shop',
        services: ['cache', 'web', 'worker'],
        expandServices: true,
        socketPath: engine.socketPath,
      });
      const standalone = findingOf({ findings, leftOut }, 'docker:containers');
      expect(standalone.check).toMatchObject({ containers: ['gitea'], socketPath: engine.socketPath });

      const composeObservation = await dockerProbe.probe(
        loadCheck(compose) as Check & { type: 'docker' },
        makeProbeContext({ timeoutMs: 10_000 }),
      );
      expect(composeObservation.status).toBe('up');
      const services = composeObservation.detail?.services as Record<string, { status: string }>;
      expect(Object.entries(services).map(([name, service]) => `${name} ${service.status}`)).toEqual([
        'cache up',
        'web up',
        'worker up',
      ]);
      const standaloneObservation = await dockerProbe.probe(
        loadCheck(standalone) as Check & { type: 'docker' },
        makeProbeContext({ timeoutMs: 10_000 }),
      );
      expect(standaloneObservation).toMatchObject({ status: 'up', message: 'gitea running' });
    });
  },
);

const slurmCannotRun = whySlurmCannotRun();
describe.skipIf(slurmCannotRun !== undefined)(
  `init finds a real single-node SLURM cluster (slurmctld + slurmd + munged)${slurmCannotRun === undefined ? '' : ` — skipped: ${slurmCannotRun}`}`,
  () => {
    let cluster: SlurmCluster;
    beforeAll(async () => {
      cluster = await startSlurm();
    }, 60_000);
    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('by its ClusterName, with slurm.conf written in, and the slurm probe finds it up', async () => {
      const discovery = await clustersDiscoverer.discover(makeRealContext({ SLURM_CONF: cluster.slurmConf }));
      const finding = findingOf(discovery, `slurm:${SLURM_CLUSTER}`);
      expect(finding).toMatchObject({
        group: 'hpc',
        label: `SLURM cluster ${SLURM_CLUSTER}: partitions batch (default), debug`,
        check: { id: SLURM_CLUSTER, type: 'slurm', cluster: SLURM_CLUSTER, slurmConf: cluster.slurmConf },
      });
      const observation = await slurmProbe.probe(
        loadCheck(finding) as Check & { type: 'slurm' },
        makeProbeContext({ run: runCommand, timeoutMs: 30_000 }),
      );
      expect(observation.status).toBe('up');
    });
  },
);

describe.runIf(canMountFuse())('init and real mounts: a tmpfs and a FUSE mount that never answers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-init-mounts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('skips the tmpfs with its reason, and the hung mount becomes a check without stalling discovery', async () => {
    const memory = path.join(dir, 'memory');
    await mkdir(memory);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', memory]);
    const hung = await mountHungFuse(path.join(dir, 'hung'));
    try {
      const startedAt = performance.now();
      const discovery = await runDiscovery([filesystemsDiscoverer], { timeoutMs: 10_000 });
      const elapsedMs = performance.now() - startedAt;
      // Every stat runs at once in a child process, each with its 2 s deadline: one hung mount costs 2 s, not the run.
      expect(elapsedMs).toBeLessThan(STAT_TIMEOUT_MS + 3000);
      expect(discovery.leftOut.some((left) => left.reason.startsWith('no answer within'))).toBe(false);

      const finding = findingOf(discovery, `filesystem:${hung.mountPoint}`);
      expect(finding.check).toMatchObject({ type: 'filesystem', path: hung.mountPoint, mountPoint: true });
      expect(finding.label).toContain('no answer during init');
      expect(finding.comment).toContain(
        'It did not answer stat within 2 s during init (hung or slow?); the check reports it down until it does.',
      );
      // The check it wrote is what reports the hang, with its own deadline.
      const observation = await filesystemProbe.probe(
        loadCheck(finding) as Check & { type: 'filesystem' },
        makeProbeContext({ run: runCommand, timeoutMs: 10_000 }),
      );
      expect(observation).toMatchObject({
        status: 'down',
        message: expect.stringMatching(/^no answer from /),
      });

      expect(discovery.findings.some((f) => f.key === `filesystem:${memory}`)).toBe(false);
      expect(discovery.leftOut).toContainEqual({
        label: expect.stringMatching(/^(\d+ )?tmpfs (on|mounts)/),
        reason: 'memory-backed, emptied at every boot',
      });
      const verdict = classifyMounts(parseProcMounts(await readFile('/proc/self/mounts', 'utf8'))).find(
        (candidate) => candidate.entry.mount === memory,
      );
      expect(verdict).toMatchObject({ kind: 'skip', reason: 'memory-backed, emptied at every boot' });
      for (const found of discovery.findings) loadCheck(found);
    } finally {
      await hung.release();
      execFileSync('umount', [memory]);
    }
  });
});

describe('init with a fake systemctl replaying documented output (test/fixtures/init/bin)', () => {
  const withFakes = (mode = '') =>
    makeRealContext({ PATH: `${FAKE_BIN}:${process.env.PATH}`, VIGIL_FAKE_MODE: mode });

  it('finds the running services, not the plumbing, and the systemd probe reads one through the same fake', async () => {
    const discovery = await systemdDiscoverer.discover(withFakes());
    expect(discovery.findings.map((finding) => finding.key)).toContain('systemd:imaging-api.service');
    expect(discovery.findings.some((finding) => finding.key.startsWith('systemd:systemd-'))).toBe(false);
    expect(discovery.leftOut).toHaveLength(2);
    for (const finding of discovery.findings) loadCheck(finding);
    const observation = await systemdProbe.probe(
      loadCheck(findingOf(discovery, 'systemd:imaging-api.service')) as Check & { type: 'systemd' },
      makeProbeContext({
        run: (request) =>
          runCommand({ ...request, env: { ...request.env, PATH: `${FAKE_BIN}:${process.env.PATH}` } }),
      }),
    );
    expect(observation.status).toBe('up');
  });

  it('on a machine without systemd as PID 1, systemd is left out with the reason', async () => {
    expect(await systemdDiscoverer.discover(withFakes('no-systemd'))).toEqual({
      findings: [],
      leftOut: [{ label: 'systemd services', reason: 'systemd is not the init system here (a container?)' }],
    });
  });
});

describe('init with a fake nvidia-smi replaying documented output (test/fixtures/init/bin)', () => {
  const withFakes = (mode = '') =>
    makeRealContext({ PATH: `${FAKE_BIN}:${process.env.PATH}`, VIGIL_FAKE_MODE: mode });

  it('finds 8 GPUs, and the gpu probe with that expected count is up through the same fake', async () => {
    const discovery = await gpusDiscoverer.discover(withFakes());
    const finding = findingOf(discovery, 'gpu:nvidia');
    expect(finding.check).toEqual({ id: 'gpu', name: 'GPUs', type: 'gpu', expectGpus: 8 });
    const observation = await gpuProbe.probe(
      loadCheck(finding) as Check & { type: 'gpu' },
      makeProbeContext({
        run: (request) =>
          runCommand({ ...request, env: { ...request.env, PATH: `${FAKE_BIN}:${process.env.PATH}` } }),
      }),
    );
    expect(observation.status).toBe('up');
  });

  it('"No devices were found" leaves the GPUs out with nvidia-smi\'s words', async () => {
    expect(await gpusDiscoverer.discover(withFakes('no-devices'))).toEqual({
      findings: [],
      leftOut: [{ label: 'NVIDIA GPUs', reason: 'nvidia-smi: No devices were found' }],
    });
  });
});

describe('init with a fake PBS qstat (and pbsnodes, pbs_rstat) replaying documented output (test/fixtures/init/bin)', () => {
  it('finds the PBS server with its queues, a check that loads and that the pbs probe asks the same way', async () => {
    const path_ = `${FAKE_BIN}:/usr/bin:/bin`;
    const discovery = await clustersDiscoverer.discover(makeRealContext({ PATH: path_ }));
    const finding = findingOf(discovery, 'pbs:desched1');
    expect(finding.check).toEqual({
      id: 'desched1',
      name: 'desched1 (PBS)',
      type: 'pbs',
      cluster: 'desched1',
    });
    expect(finding.label).toMatch(/^PBS server desched1: queues /);
    const check = loadCheck(finding) as Check & { type: 'pbs' };
    // The pbs probe asks the same fakes (qstat, pbsnodes, pbs_rstat) and reads the cluster.
    const observation = await pbsProbe.probe(
      check,
      makeProbeContext({
        run: (request) => runCommand({ ...request, env: { ...request.env, PATH: path_ } }),
      }),
    );
    expect(observation).toMatchObject({
      status: 'up',
      message: '4 of 7 nodes usable; 269 jobs running, 1056 pending',
    });
  });
});
