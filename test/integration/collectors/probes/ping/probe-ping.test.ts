import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingProbe } from '../../../../../collectors/probes/ping/probe-ping.ts';
import { type CommandRunner, runCommand } from '../../../../../collectors/transport/run-command.ts';
import { PingCheckSchema, SnapshotLineSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { VIGIL_BIN } from '../../../../helpers/run-vigil.ts';

const run = promisify(execFile);
const PING = '/usr/bin/ping';
const IP = '/usr/sbin/ip';
const isRoot = process.getuid?.() === 0;

const check = (fields: Record<string, unknown>) =>
  PingCheckSchema.parse({ id: 'gw', type: 'ping', ...fields });

// On CI (root, iputils-ping and iproute2 installed) these must run; a workstation without them skips.
const canPing = existsSync(PING);
describe.skipIf(!canPing && !process.env.CI)('ping probe with the system ping', () => {
  beforeAll(() => {
    if (!canPing) throw new Error(`${PING} is missing: install the Debian package iputils-ping`);
  });

  it('is up pinging 127.0.0.1, with loss and round-trip metrics', async () => {
    const observation = await pingProbe.probe(
      check({ host: '127.0.0.1' }),
      makeProbeContext({ run: runCommand }),
    );
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^3 of 3 answered, round trip [\d.]+ ms average, [\d.]+ ms max$/),
      metrics: {
        packetLossPercent: 0,
        rttMinMs: expect.any(Number),
        rttAvgMs: expect.any(Number),
        rttMaxMs: expect.any(Number),
      },
      detail: { address: '127.0.0.1', transmitted: 3, received: 3 },
    });
  });

  it("is down with ping's words for a host that does not resolve", async () => {
    const observation = await pingProbe.probe(
      check({ host: 'no-such-host.invalid' }),
      makeProbeContext({ run: runCommand }),
    );
    expect(observation).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^ping failed: no-such-host\.invalid: /),
    });
  });
});

// A network namespace of the test's own, where 10.200.0.2 has a neighbour entry (so no ARP error
// comes back) on a veth whose far end owns no such address: every echo request is silently dropped.
const canNamespace = isRoot && canPing && existsSync(IP);
describe.skipIf(!canNamespace && !process.env.CI)('ping probe to an address that never answers', () => {
  const namespace = `vigil-ping-${process.pid}`;
  const silentAddress = '10.200.0.2';
  let dir: string;
  const inNamespace: CommandRunner = (request) =>
    runCommand({ ...request, argv: [IP, 'netns', 'exec', namespace, ...request.argv] });

  beforeAll(async () => {
    if (!canNamespace)
      throw new Error('needs root, /usr/bin/ping (iputils-ping) and /usr/sbin/ip (iproute2)');
    dir = await mkdtemp(join(tmpdir(), 'vigil-ping-'));
    await run(IP, ['netns', 'add', namespace]);
    for (const args of [
      ['link', 'set', 'lo', 'up'],
      ['link', 'add', 'vigil0', 'type', 'veth', 'peer', 'name', 'vigil1'],
      ['addr', 'add', '10.200.0.1/24', 'dev', 'vigil0'],
      ['link', 'set', 'vigil0', 'up'],
      ['link', 'set', 'vigil1', 'up'],
      ['neigh', 'add', silentAddress, 'lladdr', '02:00:00:00:00:99', 'dev', 'vigil0', 'nud', 'permanent'],
    ]) {
      await run(IP, ['-n', namespace, ...args]);
    }
  });
  afterAll(async () => {
    await run(IP, ['netns', 'del', namespace]).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is down "no reply" with 100 % loss and no round-trip metrics; ping ends before the timeout', async () => {
    const observation = await pingProbe.probe(
      check({ host: silentAddress }),
      makeProbeContext({ run: inNamespace, timeoutMs: 5000 }),
    );
    expect(observation).toEqual({
      status: 'down',
      message: 'no reply: 0 of 3 answered (100% packet loss)',
      metrics: { packetLossPercent: 100 },
      detail: { address: silentAddress, transmitted: 3, received: 0 },
    });
  });

  it('is down "timed out" when more requests are asked than the timeout leaves time for', async () => {
    const observation = await pingProbe.probe(
      check({ host: silentAddress, count: 20 }),
      makeProbeContext({ run: inNamespace, timeoutMs: 1500 }),
    );
    expect(observation).toEqual({ status: 'down', message: 'timed out after 1.5 s' });
  });

  it('a real vigil collect run inside the namespace writes the check down and ends', async () => {
    const config = join(dir, 'status.config.yaml');
    const data = join(dir, 'data');
    await writeFile(
      config,
      `site: { title: Ping test }\ncollect: { failuresBeforeDown: 1 }\nchecks:\n  - { id: gw, type: ping, host: ${silentAddress}, timeout: 3s }\n  - { id: self, type: ping, host: 127.0.0.1 }\n`,
    );
    const { stdout } = await run(
      IP,
      [
        'netns',
        'exec',
        namespace,
        process.execPath,
        VIGIL_BIN,
        'collect',
        '--config',
        config,
        '--data',
        data,
      ],
      {
        timeout: 60_000,
      },
    );
    expect(stdout).toMatch(/2 checks: 1 up, 0 degraded, 1 down/);
    const [file] = await readdir(join(data, 'snapshots', 'local'));
    const line = SnapshotLineSchema.parse(
      JSON.parse(await readFile(join(data, 'snapshots', 'local', file ?? ''), 'utf8')),
    );
    const results = Object.fromEntries(line.results.map((result) => [result.id, result]));
    expect(results.gw).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^no reply: 0 of 3 answered \(100% packet loss\)/),
    });
    expect(results.self).toMatchObject({ status: 'up', metrics: { packetLossPercent: 0 } });
  });
});
