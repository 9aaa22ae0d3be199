import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pbsProbe } from '../../../../../collectors/probes/pbs/probe-pbs.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { PbsCheckSchema } from '../../../../../core/model/index.ts';
import { PbsDetailSchema } from '../../../../../core/results/pbs.ts';
import { generateQstatJobs } from '../../../../fixtures/pbs/generate-qstat-jobs.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/pbs/', import.meta.url));

let binDir: string;

/**
 * PBS Pro cannot run here: each fake qstat replays documented-format output for the arguments
 * the probe must pass (`-Q -f -F json` for queues, `-f -F json` for jobs) and refuses any other.
 */
function qstat(jobs: string): string {
  return [
    'case "$*" in',
    `  "-Q -f -F json") cat "${FIXTURES}qstat-Q-documented-format.json" ;;`,
    `  "-f -F json") ${jobs} ;;`,
    '  *) echo "unexpected arguments: $*" >&2; exit 2 ;;',
    'esac',
  ].join('\n');
}

const FAKES: Record<string, () => string> = {
  pbsnodes: () => `cat "${FIXTURES}pbsnodes-documented-format.json"`,
  pbs_rstat: () => `cat "${FIXTURES}pbs_rstat-f-documented-format.txt"`,
  'qstat-jobs': () => qstat(`cat "${FIXTURES}qstat-f-documented-format.json"`),
  'qstat-jobs-invalid-json': () => qstat(`cat "${FIXTURES}qstat-f-documented-format-invalid-json.txt"`),
  'qstat-jobs-large': () => qstat(`cat "${binDir}/qstat-f-2000-jobs.json"`),
  // qstat stops partway (a server that went away mid-answer), far below maxJobOutputBytes.
  'qstat-jobs-ends-early': () => qstat(`head -c 40000 "${binDir}/qstat-f-2000-jobs.json"`),
  'qstat-jobs-refused': () =>
    qstat(
      'echo "Connection refused" >&2; echo "qstat: cannot connect to server desched1 (errno=15010)" >&2; exit 1',
    ),
  'qstat-jobs-hangs': () => qstat('sleep 1000'),
  'qstat-jobs-garbage': () => qstat('echo "qstat: Unknown Job Id 1.desched1"'),
  // A qstat that only knows -Q: a check without jobs: true must never ask for -f.
  'qstat-queues-only': () => qstat('echo "qstat -f must not run" >&2; exit 3'),
};

beforeAll(async () => {
  binDir = await mkdtemp(path.join(tmpdir(), 'vigil-fake-pbs-jobs-'));
  await writeFile(path.join(binDir, 'qstat-f-2000-jobs.json'), generateQstatJobs(2000).text);
  for (const [name, body] of Object.entries(FAKES)) {
    await writeFile(path.join(binDir, name), `#!/bin/sh\n${body()}\n`, { mode: 0o755 });
  }
});

afterAll(async () => {
  await rm(binDir, { recursive: true, force: true });
});

async function probe(qstatName: string, fields: Record<string, unknown> = {}, timeoutMs = 10_000) {
  const bin = (name: string) => path.join(binDir, name);
  const check = PbsCheckSchema.parse({
    id: 'derecho',
    type: 'pbs',
    commands: { pbsnodes: bin('pbsnodes'), qstat: bin(qstatName), pbs_rstat: bin('pbs_rstat') },
    jobs: true,
    ...fields,
  });
  const observation = await pbsProbe.probe(check, makeProbeContext({ run: runCommand, timeoutMs }));
  return {
    ...observation,
    metrics: observation.metrics ?? {},
    // Read back as the site reads a stored line.
    summary: PbsDetailSchema.parse(JSON.parse(JSON.stringify(observation.detail))),
  };
}

describe('pbs probe with jobs: true against fake qstat replaying documented qstat -f output', () => {
  it('replay: active users overall and per queue, holdings per queue, reservation queues', async () => {
    const { status, message, metrics, summary } = await probe('qstat-jobs');
    expect(status).toBe('up');
    expect(message).toBe('4 of 7 nodes usable; 269 jobs running, 1056 pending');
    expect(summary.jobs?.activeUsers).toBe(8);
    const byName = Object.fromEntries(summary.partitions.map((p) => [p.name, p]));
    // dec0001-dec0003 from exec_vnode; the array's two subjobs name no node and pbsnodes shows
    // three busy cpu nodes, so they add none.
    expect(byName.cpu).toMatchObject({ activeUsers: 4, allocated: { cpus: 392, gpus: 0, nodes: 3 } });
    expect(byName.gpu).toMatchObject({ activeUsers: 3, allocated: { cpus: 68, gpus: 6, nodes: 2 } });
    expect(metrics).toMatchObject({
      activeUsers: 8,
      'partition:cpu:activeUsers': 4,
      'partition:gpu:activeUsers': 3,
    });
    expect(summary.reservations?.map((r) => r.queue)).toEqual(['R123', 'M456']);
  });

  it('replay of invalid JSON: the same figures, and the message says it was repaired', async () => {
    const { status, message, summary } = await probe('qstat-jobs-invalid-json');
    expect(status).toBe('up');
    expect(message).toContain('qstat -f printed invalid JSON; it was repaired');
    expect(summary.jobs?.activeUsers).toBe(8);
  });

  it('without jobs: true, qstat -f is never run and the detail has no job figures', async () => {
    const { status, metrics, summary } = await probe('qstat-queues-only', { jobs: false });
    expect(status).toBe('up');
    expect(summary.jobs).not.toHaveProperty('activeUsers');
    expect(summary.partitions.some((p) => 'activeUsers' in p || 'allocated' in p)).toBe(false);
    expect(metrics).not.toHaveProperty('activeUsers');
  });

  it('qstat -f refused: degraded with PBS’s words; the queue counts stay', async () => {
    const { status, message, summary } = await probe('qstat-jobs-refused');
    expect(status).toBe('degraded');
    expect(message).toContain('qstat -f failed: qstat: cannot connect to server desched1 (errno=15010)');
    expect(summary.jobs).toMatchObject({ running: 269, pending: 1056 });
    expect(summary.jobs).not.toHaveProperty('activeUsers');
  });

  it('qstat -f that never finishes is stopped at the timeout: degraded, the nodes still counted', async () => {
    const { status, message, metrics } = await probe('qstat-jobs-hangs', {}, 1500);
    expect(status).toBe('degraded');
    expect(message).toContain('qstat -f failed: timed out after 1.5 s');
    expect(metrics.nodesTotal).toBe(7);
  });

  it('qstat -f that prints something else: degraded, naming where', async () => {
    const { status, message } = await probe('qstat-jobs-garbage');
    expect(status).toBe('degraded');
    expect(message).toContain('qstat -f: expected "{" at character 0');
  });

  it('replay longer than maxJobOutputBytes: the jobs before the cut are counted, and the note says so', async () => {
    const { status, message, summary } = await probe('qstat-jobs-large', { maxJobOutputBytes: 65_536 });
    expect(status).toBe('degraded');
    const counted = /count the first (\d+) jobs only/.exec(message);
    expect(message).toContain('qstat -f output was cut at maxJobOutputBytes (65536)');
    expect(Number(counted?.[1])).toBeGreaterThan(10);
    expect(Number(counted?.[1])).toBeLessThan(2000);
    expect(summary.jobs?.activeUsers).toBeGreaterThan(0);
  });

  it('qstat -f that ends mid-document under the cap: degraded, and the note says it ended, not that it was cut', async () => {
    const { status, message } = await probe('qstat-jobs-ends-early');
    expect(status).toBe('degraded');
    expect(message).toMatch(
      /qstat -f output ended mid-document; users and allocations count the first \d+ jobs only/,
    );
    expect(message).not.toContain('maxJobOutputBytes');
  });
});
