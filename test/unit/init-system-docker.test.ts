import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  containerName,
  dockerDiscoverer,
  findDockerSocket,
  groupContainers,
  type ListedContainer,
  makeDockerDiscovery,
} from '../../collectors/init/discover-docker.ts';
import { expectValidChecks, makeDiscoverContext, readFixture } from './init-system-helpers.ts';

// GET /containers/json?all=1 of a real Docker Engine 20.10 (see test/fixtures/init/README.md).
const listed = JSON.parse(readFixture('init/docker-containers-json-20.10.json')) as ListedContainer[];

describe('findDockerSocket', () => {
  it.each([
    [{}, { socketPath: '/var/run/docker.sock' }],
    [{ DOCKER_HOST: '' }, { socketPath: '/var/run/docker.sock' }],
    [{ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, { socketPath: '/run/user/1000/docker.sock' }],
    [{ DOCKER_HOST: 'tcp://10.0.0.2:2376' }, { notLocal: 'tcp://10.0.0.2:2376' }],
  ])('%o → %o', (env, expected) => {
    expect(findDockerSocket(env)).toEqual(expected);
  });
});

describe('groupContainers (Engine API listing captured from Docker 20.10)', () => {
  it('groups a Compose project by service, drops the `compose run` one-off, and splits the standalone ones', () => {
    expect(groupContainers(listed)).toEqual({
      projects: [
        {
          name: 'lab',
          services: ['web', 'worker'],
          stoppedServices: ['migrate'],
          containers: ['lab_migrate_1', 'lab_web_1', 'lab_worker_1'],
          workingDir: expect.stringMatching(/\/lab$/),
        },
      ],
      standalone: ['gitea'],
      stopped: [{ name: 'old-backup', status: expect.stringMatching(/^Exited \(2\)/) }],
    });
  });

  it("names a container by its own name, not a link's alias", () => {
    expect(
      containerName(['/lab_worker_run_bdfe/worker', '/lab_worker_1', '/lab_worker_run_bdfe/lab_worker_1']),
    ).toBe('lab_worker_1');
  });
});

describe('makeDockerDiscovery', () => {
  it('one docker check per Compose project with its services required, one for the standalone containers', () => {
    const discovery = makeDockerDiscovery(groupContainers(listed), '/var/run/docker.sock');
    expect(discovery.findings).toMatchObject([
      {
        key: 'docker:compose:lab',
        group: 'containers',
        label: 'Compose project lab: web, worker',
        check: {
          id: 'lab',
          type: 'docker',
          composeProject: 'lab',
          services: ['web', 'worker'],
          expandServices: true,
        },
      },
      {
        key: 'docker:containers',
        group: 'containers',
        check: { id: 'docker-containers', type: 'docker', containers: ['gitea'] },
      },
    ]);
    expect(discovery.findings[0]?.check).not.toHaveProperty('socketPath');
    expect(discovery.findings[0]?.comment?.[2]).toMatch(/^Stopped during init: migrate;/);
    expect(discovery.leftOut).toEqual([
      {
        label: expect.stringMatching(/^1 stopped container: old-backup \(Exited \(2\)/),
        reason: 'not running now; add a name to the containers check if it should be',
      },
    ]);
    expectValidChecks(discovery);
  });

  it('writes the socket into each check when it is not the default one', () => {
    const discovery = makeDockerDiscovery(groupContainers(listed), '/srv/docker/docker.sock');
    expect(discovery.findings.map((finding) => finding.check.socketPath)).toEqual([
      '/srv/docker/docker.sock',
      '/srv/docker/docker.sock',
    ]);
    expectValidChecks(discovery);
  });

  it('leaves out a Compose project none of whose containers runs', () => {
    const stopped = listed.map((container) => ({ ...container, State: 'exited' }));
    const discovery = makeDockerDiscovery(groupContainers(stopped), '/var/run/docker.sock');
    expect(discovery.findings).toEqual([]);
    expect(discovery.leftOut[0]).toEqual({
      label: 'Compose project lab',
      reason: 'none of its containers is running',
    });
  });
});

describe('dockerDiscoverer without a Docker Engine', () => {
  let dir: string;
  let silent: Server;
  const held: Socket[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-init-docker-'));
    // Accepts and never answers: a wedged dockerd.
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(path.join(dir, 'silent.sock'), resolve));
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('no socket: left out, saying where it looked', async () => {
    const socket = path.join(dir, 'none.sock');
    const discovery = await dockerDiscoverer.discover(
      makeDiscoverContext({}, { env: { DOCKER_HOST: `unix://${socket}` } }),
    );
    expect(discovery).toEqual({
      findings: [],
      leftOut: [{ label: 'Docker', reason: `no Docker socket at ${socket} (is the Docker daemon running?)` }],
    });
  });

  it('DOCKER_HOST over TCP: left out, as init asks only a local socket', async () => {
    const discovery = await dockerDiscoverer.discover(
      makeDiscoverContext({}, { env: { DOCKER_HOST: 'tcp://10.0.0.2:2376' } }),
    );
    expect(discovery.leftOut[0]?.reason).toBe(
      'DOCKER_HOST is tcp://10.0.0.2:2376; init asks only a local Docker socket (unix://…)',
    );
  });

  it('a daemon that never answers: the context signal ends the question', async () => {
    const startedAt = performance.now();
    const discovery = await dockerDiscoverer.discover(
      makeDiscoverContext(
        {},
        { env: { DOCKER_HOST: `unix://${path.join(dir, 'silent.sock')}` }, signal: AbortSignal.timeout(300) },
      ),
    );
    expect(performance.now() - startedAt).toBeLessThan(3000);
    expect(discovery.findings).toEqual([]);
    expect(discovery.leftOut[0]?.reason).toMatch(/^no answer from .*silent\.sock in time$/);
  });
});
