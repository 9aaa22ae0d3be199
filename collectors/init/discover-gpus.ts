import { firstLineOf, isCommandMissing } from './discover-helpers.ts';
import type { DiscoverContext, Discoverer, Discovery } from './finding.ts';

/** One fixed query: enough to name each GPU; the gpu check asks for the readings. */
export const NVIDIA_SMI_INVENTORY_ARGV = [
  'nvidia-smi',
  '--query-gpu=index,name,uuid,memory.total',
  '--format=csv,noheader,nounits',
] as const;

/** nvidia-smi takes seconds when the driver is not kept loaded (no persistence mode). */
const NVIDIA_SMI_TIMEOUT_MS = 8000;

export interface GpuInventoryItem {
  index: number;
  name: string;
  uuid: string;
  /** Absent when the board says "[N/A]". */
  memoryTotalMiB?: number;
}

/**
 * Parses `nvidia-smi --query-gpu=index,name,uuid,memory.total --format=csv,noheader,nounits`. The
 * CSV is not quoted, so a name with a comma takes every field between the index and the uuid; a
 * line that is not a GPU row ("Unable to determine the device handle for GPU …") is a problem.
 */
export function parseGpuInventory(text: string): { gpus: GpuInventoryItem[]; problems: string[] } {
  const gpus: GpuInventoryItem[] = [];
  const problems: string[] = [];
  for (const line of text.split('\n').map((raw) => raw.trim())) {
    if (line === '') continue;
    const fields = line.split(',').map((field) => field.trim());
    const index = Number(fields[0]);
    const uuid = fields.at(-2) ?? '';
    if (fields.length < 4 || !/^\d+$/.test(fields[0] ?? '') || !uuid.startsWith('GPU-')) {
      problems.push(line);
      continue;
    }
    const gpu: GpuInventoryItem = { index, name: fields.slice(1, -2).join(', '), uuid };
    const memory = Number(fields.at(-1));
    if (fields.at(-1) !== '' && Number.isFinite(memory)) gpu.memoryTotalMiB = memory;
    gpus.push(gpu);
  }
  return { gpus, problems };
}

/** "8 × NVIDIA A100-SXM4-80GB (80 GiB)", or each model with its count when they differ. */
export function describeGpus(gpus: readonly GpuInventoryItem[]): string {
  const byModel = new Map<string, GpuInventoryItem[]>();
  for (const gpu of gpus) byModel.set(gpu.name, [...(byModel.get(gpu.name) ?? []), gpu]);
  return [...byModel.entries()]
    .map(([name, same]) => {
      const mib = same[0]?.memoryTotalMiB;
      const memory = mib === undefined ? '' : ` (${Math.round(mib / 1024)} GiB)`;
      return `${same.length} × ${name}${memory}`;
    })
    .join(', ');
}

async function discoverGpus(context: DiscoverContext): Promise<Discovery> {
  const outcome = await context.run(NVIDIA_SMI_INVENTORY_ARGV, NVIDIA_SMI_TIMEOUT_MS);
  const label = 'NVIDIA GPUs';
  if (isCommandMissing(outcome.failure)) return leaveOut(label, 'nvidia-smi not found on PATH');
  if (outcome.timedOut)
    return leaveOut(label, `nvidia-smi did not answer within ${NVIDIA_SMI_TIMEOUT_MS / 1000} s`);
  const { gpus, problems } = parseGpuInventory(outcome.stdout);
  if (gpus.length === 0) {
    // "No devices were found" (exit 6), "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver" (exit 9), …
    const said = firstLineOf(outcome.stdout, outcome.stderr) || outcome.failure || 'no GPU rows';
    return leaveOut(label, `nvidia-smi: ${said}`);
  }
  const comment = [
    `nvidia-smi saw ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} during init; fewer is down (one fell off the bus).`,
    ...gpus.map((gpu) => `GPU ${gpu.index}: ${gpu.name} ${gpu.uuid}`),
    ...problems.map((problem) => `nvidia-smi also said: ${problem}`),
  ];
  return {
    findings: [
      {
        key: 'gpu:nvidia',
        group: 'gpus',
        label: `GPUs: ${describeGpus(gpus)}`,
        check: { id: 'gpu', name: 'GPUs', type: 'gpu', expectGpus: gpus.length },
        comment,
      },
    ],
    leftOut: [],
  };
}

function leaveOut(label: string, reason: string): Discovery {
  return { findings: [], leftOut: [{ label, reason }] };
}

/** NVIDIA GPUs through nvidia-smi: one gpu check expecting as many GPUs as it sees now. */
export const gpusDiscoverer: Discoverer = { name: 'NVIDIA GPUs', discover: discoverGpus };
