import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pbsProbe } from '../../../../../collectors/probes/pbs/probe-pbs.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { PbsCheckSchema } from '../../../../../core/model/index.ts';
import type { ClusterSummary } from '../../../../../core/results/cluster-summary.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/pbs/', import.meta.url));

/**
 * PBS Pro cannot run here: each fake is a shell script that checks it got the arguments the
 * probe must pass, then replays documented-format output (or PBS's connect-failure message).
 */
function replay(expectedArgs: string, fixture: string): string {
  return `[ "$*" = "${expectedArgs}" ] || { echo "unexpected arguments: $*" >&2; exit 2; }\ncat "${FIXTURES}${fixture}"`;
}

const FAKES: Record<string, string> = {
  pbsnodes: replay('-a -F json', 'pbsnodes-documented-format.json'),
  qstat: replay('-Q -f -F json', 'qstat-Q-documented-format.json'),
  pbs_rstat: replay('-f', 'pbs_rstat-f-documented-format.txt'),
  'pbsnodes-invalid-json': replay('-a -F json', 'pbsnodes-documented-format-invalid-json.txt'),
  'pbsnodes-at-server': replay('-s desched1 -a -F json', 'pbsnodes-documented-format.json'),
  'qstat-at-server': replay('-Q -f -F json @desched1', 'qstat-Q-documented-format.json'),
  'pbsnodes-server-down':
    'echo "Connection refused" >&2\necho "pbsnodes: cannot connect to server desched1 (errno=15010)" >&2\nexit 1',
  'qstat-server-down':
    'echo "Connection refused" >&2\necho "qstat: cannot connect to server desched1 (errno=15010)" >&2\nexit 1',
  'pbsnodes-hangs': 'sleep 1000',
};

let binDir: string;

beforeAll(async () => {
  binDir = await mkdtemp(path.join(tmpdir(), 'vigil-fake-pbs-'));
  for (const [name, body] of Object.entries(FAKES)) {
    await writeFile(path.join(binDir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
});

afterAll(async () => {
  await rm(binDir, { recursive: true, force: true });
});

async function probe(
  commands: Record<string, string> = {},
  fields: Record<string, unknown> = {},
  timeoutMs = 10_000,
) {
  const bin = (name: string) => path.join(binDir, name);
  const check = PbsCheckSchema.parse({
    id: 'derecho',
    type: 'pbs',
    commands: {
      pbsnodes: bin(commands.pbsnodes ?? 'pbsnodes'),
      qstat: bin(commands.qstat ?? 'qstat'),
      pbs_rstat: bin(commands.pbs_rstat ?? 'pbs_rstat'),
    },
    ...fields,
  });
  const observation = await pbsProbe.probe(check, makeProbeContext({ run: runCommand, timeoutMs }));
  return {
    ...observation,
    metrics: observation.metrics ?? {},
    summary: observation.detail as unknown as ClusterSummary,
  };
}

describe('pbs probe against fake PBS executables replaying documented output', () => {
  it('a healthy cluster: nodes, queues, reservations', async () => {
    const { status, message, metrics, summary } = await probe({}, { cluster: 'derecho' });
    expect(status).toBe('up');
    expect(message).toBe('4 of 7 nodes usable; 269 jobs running, 1056 pending');
    expect(metrics).toMatchObject({
      nodesTotal: 7,
      nodesDown: 2,
      nodesDrained: 1,
      cpusTotal: 768,
      gpusTotal: 8,
    });
    expect(summary).toMatchObject({ scheduler: 'pbs', cluster: 'derecho' });
    expect(summary.reservations?.map((r) => [r.name, r.isMaintenance, r.isActive])).toEqual([
      ['climate_run', false, false],
      ['M456.desched1', true, true],
    ]);
  });

  it('invalid JSON from pbsnodes is repaired, and the message says so', async () => {
    const { status, message, metrics } = await probe({ pbsnodes: 'pbsnodes-invalid-json' });
    expect(status).toBe('up');
    expect(message).toContain('pbsnodes printed invalid JSON; it was repaired');
    expect(metrics.nodesTotal).toBe(2);
  });

  it('a named server is passed as -s to pbsnodes and @server to qstat', async () => {
    const { status } = await probe(
      { pbsnodes: 'pbsnodes-at-server', qstat: 'qstat-at-server' },
      { server: 'desched1', reservations: false },
    );
    expect(status).toBe('up');
  });

  it('a server that refuses connections: down with PBS’s own message', async () => {
    const { status, message } = await probe({ pbsnodes: 'pbsnodes-server-down', qstat: 'qstat-server-down' });
    expect(status).toBe('down');
    expect(message).toBe('pbsnodes: cannot connect to server desched1 (errno=15010)');
  });

  it('nodes answer but qstat fails: degraded, with the reason', async () => {
    const { status, message, summary } = await probe({ qstat: 'qstat-server-down' });
    expect(status).toBe('degraded');
    expect(message).toContain('qstat failed: qstat: cannot connect to server desched1 (errno=15010)');
    expect(summary.jobs).toBeNull();
  });

  it('a missing pbsnodes is a clear down', async () => {
    const { status, message } = await probe({ pbsnodes: 'no-such-pbsnodes' });
    expect(status).toBe('down');
    expect(message).toBe(`command not found: ${path.join(binDir, 'no-such-pbsnodes')}`);
  });

  it('a pbsnodes that hangs is stopped at the timeout', async () => {
    const { status, message } = await probe({ pbsnodes: 'pbsnodes-hangs' }, {}, 500);
    expect(status).toBe('down');
    expect(message).toBe('timed out after 500 ms');
  });
});
