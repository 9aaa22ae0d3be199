import { describe, expect, it } from 'vitest';
import { describeGpus, gpusDiscoverer, parseGpuInventory } from '../../collectors/init/discover-gpus.ts';
import { expectValidChecks, makeDiscoverContext, outcome, readFixture } from './init-system-helpers.ts';

// The gpu probe's fixture cut to the four fields init asks for, as the fake nvidia-smi does.
const inventory = readFixture('gpu/a100-sxm4-8x.csv')
  .split('\n')
  .map((line) =>
    line
      .split(',')
      .filter((_, i) => [0, 1, 2, 5].includes(i))
      .join(','),
  )
  .join('\n');

describe('parseGpuInventory (nvidia-smi --query-gpu=index,name,uuid,memory.total, documented output)', () => {
  it('reads each GPU of an 8-way A100 node', () => {
    const { gpus, problems } = parseGpuInventory(inventory);
    expect(problems).toEqual([]);
    expect(gpus).toHaveLength(8);
    expect(gpus[7]).toEqual({
      index: 7,
      name: 'NVIDIA A100-SXM4-80GB',
      uuid: 'GPU-3c4d5e6f-7081-92a3-b4c5-d6e7f8091a2b',
      memoryTotalMiB: 81920,
    });
    expect(describeGpus(gpus)).toBe('8 × NVIDIA A100-SXM4-80GB (80 GiB)');
  });

  it('keeps a name with a comma, a memory of [N/A], and reports a line that is no GPU', () => {
    const text = [
      '0, NVIDIA GeForce RTX 3090, Founders, GPU-aaaa, 24576',
      '1, Tesla T4, GPU-bbbb, [N/A]',
      'Unable to determine the device handle for GPU 0000:3B:00.0: GPU is lost.  Reboot the system to recover this GPU',
    ].join('\n');
    const { gpus, problems } = parseGpuInventory(text);
    expect(gpus).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 3090, Founders', uuid: 'GPU-aaaa', memoryTotalMiB: 24576 },
      { index: 1, name: 'Tesla T4', uuid: 'GPU-bbbb' },
    ]);
    expect(problems).toHaveLength(1);
    expect(describeGpus(gpus)).toBe('1 × NVIDIA GeForce RTX 3090, Founders (24 GiB), 1 × Tesla T4');
  });
});

describe('gpusDiscoverer', () => {
  it('makes one gpu check expecting the GPUs it saw', async () => {
    const context = makeDiscoverContext({ 'nvidia-smi': outcome({ stdout: inventory }) });
    const discovery = await gpusDiscoverer.discover(context);
    expect(discovery.leftOut).toEqual([]);
    expect(discovery.findings).toMatchObject([
      {
        key: 'gpu:nvidia',
        group: 'gpus',
        check: { id: 'gpu', type: 'gpu', expectGpus: 8 },
      },
    ]);
    expect(discovery.findings[0]?.comment?.[1]).toBe(
      'GPU 0: NVIDIA A100-SXM4-80GB GPU-4b0c5a1e-3f0d-2e5c-9a0b-1d2e3f4a5b6c',
    );
    expect(context.calls[0]?.timeoutMs).toBeGreaterThan(0);
    expectValidChecks(discovery);
  });

  it.each([
    [
      'missing',
      outcome({ exitCode: null, failure: 'command not found: nvidia-smi' }),
      'nvidia-smi not found on PATH',
    ],
    [
      'no devices',
      outcome({ exitCode: 6, stdout: readFixture('gpu/no-devices.txt') }),
      'nvidia-smi: No devices were found',
    ],
    [
      'no driver',
      outcome({ exitCode: 9, stdout: readFixture('gpu/driver-not-loaded.txt') }),
      `nvidia-smi: ${readFixture('gpu/driver-not-loaded.txt').split('\n')[0]?.trim()}`,
    ],
    [
      'timed out',
      outcome({ exitCode: null, timedOut: true, failure: 'timed out' }),
      'nvidia-smi did not answer within 8 s',
    ],
  ])('leaves the GPUs out when nvidia-smi is %s', async (_, answer, reason) => {
    const discovery = await gpusDiscoverer.discover(makeDiscoverContext({ 'nvidia-smi': answer }));
    expect(discovery).toEqual({ findings: [], leftOut: [{ label: 'NVIDIA GPUs', reason }] });
  });
});
