import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pbsProbe } from '../../../../../collectors/probes/pbs/probe-pbs.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { PbsCheckSchema } from '../../../../../core/model/index.ts';
import { PbsDetailSchema } from '../../../../../core/results/pbs.ts';
import { generateDerechoPbsnodes } from '../../../../fixtures/pbs/generate-pbsnodes.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/pbs/', import.meta.url));

// PBS Pro cannot run here: fake pbsnodes/qstat scripts check their arguments and replay
// documented-format output (the Casper-style five-type fixture, a Derecho-scale 2,570-node file).
let binDir: string;
const derecho = generateDerechoPbsnodes();

beforeAll(async () => {
  binDir = await mkdtemp(path.join(tmpdir(), 'vigil-fake-pbs-types-'));
  await writeFile(path.join(binDir, 'derecho.json'), derecho.text);
  const replay = (args: string, file: string) =>
    `#!/bin/sh\n[ "$*" = "${args}" ] || { echo "unexpected arguments: $*" >&2; exit 2; }\ncat "${file}"\n`;
  await writeFile(
    path.join(binDir, 'pbsnodes-casper'),
    replay('-a -F json', `${FIXTURES}pbsnodes-casper-documented-format.json`),
    { mode: 0o755 },
  );
  await writeFile(
    path.join(binDir, 'pbsnodes-derecho'),
    replay('-a -F json', path.join(binDir, 'derecho.json')),
    {
      mode: 0o755,
    },
  );
  await writeFile(
    path.join(binDir, 'qstat'),
    replay('-Q -f -F json', `${FIXTURES}qstat-Q-documented-format.json`),
    {
      mode: 0o755,
    },
  );
});

afterAll(async () => {
  await rm(binDir, { recursive: true, force: true });
});

async function probe(pbsnodes: string, fields: Record<string, unknown>) {
  const check = PbsCheckSchema.parse({
    id: 'casper',
    type: 'pbs',
    reservations: false,
    commands: { pbsnodes: path.join(binDir, pbsnodes), qstat: path.join(binDir, 'qstat') },
    ...fields,
  });
  const observation = await pbsProbe.probe(check, makeProbeContext({ run: runCommand, timeoutMs: 20_000 }));
  // As the site reads it: the stored line through its result schema.
  const detail = PbsDetailSchema.parse(JSON.parse(JSON.stringify(observation.detail)));
  return { ...observation, metrics: observation.metrics ?? {}, detail };
}

describe('pbs node types through the probe, replaying documented pbsnodes output', () => {
  it('Casper-style, nodeTypeResource: nodetype — five types with their counts and nodetype metrics', async () => {
    const { status, metrics, detail } = await probe('pbsnodes-casper', { nodeTypeResource: 'nodetype' });
    expect(status).toBe('up');
    expect(detail.nodeTypes.map((t) => [t.name, t.nodes, t.available, t.allocated, t.down])).toEqual([
      ['standard', 12, 4, 6, 2],
      ['gpu-v100', 6, 1, 3, 2],
      ['bigmem', 4, 1, 2, 1],
      ['gpu-a100', 4, 1, 2, 0],
      ['gpu-mi100', 2, 1, 1, 0],
    ]);
    expect(metrics).toMatchObject({
      'nodetype:gpu-v100:nodesDown': 2,
      'nodetype:gpu-mi100:utilisationPercent': 50,
      'nodetype:bigmem:nodesAvailable': 1,
    });
  });

  it('the same cluster without nodeTypeResource: types by specs, no nodetype metric', async () => {
    const { metrics, detail } = await probe('pbsnodes-casper', {});
    expect(detail.nodeTypes.every((t) => t.name === undefined && t.down === undefined)).toBe(true);
    expect(Object.keys(metrics).filter((k) => k.startsWith('nodetype:'))).toEqual([]);
  });

  it("Derecho's 2,570 nodes through a real pipe: cpu and gpu types as the replay was written", async () => {
    const { detail, metrics } = await probe('pbsnodes-derecho', { nodeTypeResource: 'nodetype' });
    expect(detail.resources.nodes.total).toBe(2570);
    for (const name of ['cpu', 'gpu'] as const) {
      const want = derecho.expected[name];
      expect(detail.nodeTypes.find((t) => t.name === name)).toMatchObject({
        nodes: want.nodes,
        available: want.available,
        allocated: want.allocated,
        down: want.down,
        drained: want.drained,
      });
      expect(metrics[`nodetype:${name}:nodesDown`]).toBe(want.down);
    }
  });
});
