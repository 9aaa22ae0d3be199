/** The fields the gpu probe asks nvidia-smi for, in this order. */
export const NVIDIA_SMI_QUERY_FIELDS = [
  'index',
  'name',
  'uuid',
  'utilization.gpu',
  'utilization.memory',
  'memory.total',
  'memory.used',
  'temperature.gpu',
  'power.draw',
  'power.limit',
] as const;

const MIB = 1_048_576;
const NUMERIC_FIELD_COUNT = NVIDIA_SMI_QUERY_FIELDS.length - 3;

/** One GPU as nvidia-smi reported it; a value it could not give ("[N/A]", "[Not Supported]") is absent. */
export interface GpuReading {
  index: number;
  name: string;
  uuid: string;
  utilizationPercent?: number;
  memoryUtilizationPercent?: number;
  memoryTotalBytes?: number;
  memoryUsedBytes?: number;
  temperatureC?: number;
  powerW?: number;
  powerLimitW?: number;
}

export interface NvidiaSmiReport {
  gpus: GpuReading[];
  /** Lines that were not a GPU row, such as "Unable to determine the device handle for GPU …: GPU is lost". */
  problems: string[];
}

/**
 * Parses `nvidia-smi --query-gpu=<NVIDIA_SMI_QUERY_FIELDS> --format=csv,noheader,nounits`. The CSV
 * is not quoted, so a name containing a comma takes every field between the index and the uuid.
 */
export function parseNvidiaSmiCsv(text: string): NvidiaSmiReport {
  const report: NvidiaSmiReport = { gpus: [], problems: [] };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const reading = parseGpuLine(line);
    if (reading === undefined) report.problems.push(line);
    else report.gpus.push(reading);
  }
  return report;
}

function parseGpuLine(line: string): GpuReading | undefined {
  const fields = line.split(',').map((field) => field.trim());
  if (fields.length < NVIDIA_SMI_QUERY_FIELDS.length || !/^\d+$/.test(fields[0] ?? '')) return undefined;
  const numeric = fields.slice(-NUMERIC_FIELD_COUNT).map(readNumber);
  const uuid = fields.at(-NUMERIC_FIELD_COUNT - 1) ?? '';
  const name = fields.slice(1, -NUMERIC_FIELD_COUNT - 1).join(', ');
  const [utilization, memoryUtilization, memoryTotalMiB, memoryUsedMiB, temperature, power, powerLimit] =
    numeric;
  const reading: GpuReading = { index: Number(fields[0]), name, uuid };
  setIfNumber(reading, 'utilizationPercent', utilization);
  setIfNumber(reading, 'memoryUtilizationPercent', memoryUtilization);
  setIfNumber(reading, 'memoryTotalBytes', memoryTotalMiB === undefined ? undefined : memoryTotalMiB * MIB);
  setIfNumber(reading, 'memoryUsedBytes', memoryUsedMiB === undefined ? undefined : memoryUsedMiB * MIB);
  setIfNumber(reading, 'temperatureC', temperature);
  setIfNumber(reading, 'powerW', power);
  setIfNumber(reading, 'powerLimitW', powerLimit);
  return reading;
}

// "[N/A]", "[Not Supported]", "[Unknown Error]", "[GPU requires reset]": nvidia-smi's words for "no value".
function readNumber(field: string): number | undefined {
  if (field === '' || field.startsWith('[')) return undefined;
  const value = Number(field);
  return Number.isFinite(value) ? value : undefined;
}

type NumericKey = Exclude<keyof GpuReading, 'index' | 'name' | 'uuid'>;

function setIfNumber(reading: GpuReading, key: NumericKey, value: number | undefined): void {
  if (value !== undefined) reading[key] = value;
}

/** nvidia-smi's documented exit codes (nvidia-smi(1), "RETURN VALUE"), in words. */
const EXIT_CODE_MEANINGS: Record<number, string> = {
  2: 'nvidia-smi was given an invalid argument or flag',
  3: 'the requested operation is not available on the target device',
  4: 'the current user is not allowed to query the GPUs',
  6: 'the query was unsuccessful',
  8: "a GPU's external power cables are not attached",
  9: 'the NVIDIA driver is not loaded',
  10: 'the NVIDIA kernel detected an interrupt issue with a GPU',
  12: 'the NVML shared library could not be found or loaded',
  13: 'the installed NVML does not implement this query',
  14: 'the infoROM is corrupted',
  15: 'a GPU has fallen off the bus or has otherwise become inaccessible',
  255: 'nvidia-smi failed (internal driver error)',
};

/** The failures nvidia-smi prints in prose, with the words a status page shows for each. */
const KNOWN_FAILURES: readonly [RegExp, string][] = [
  [
    /couldn't communicate with the NVIDIA driver/i,
    'NVIDIA driver not loaded: nvidia-smi could not communicate with the driver',
  ],
  [
    /Driver\/library version mismatch/i,
    'NVML driver/library version mismatch: the driver was upgraded but the old kernel module is still loaded (reboot or reload nvidia)',
  ],
  [/No devices were found/i, 'no NVIDIA GPUs found'],
  [/GPU is lost|fallen off the bus/i, 'a GPU is lost (fell off the bus); reboot to recover it'],
  [
    /NVML Shared Library Not Found|libnvidia-ml\.so/i,
    'NVML library not found (NVIDIA driver not installed?)',
  ],
  [/Insufficient Permissions/i, 'insufficient permissions to query the GPUs'],
];

/** Explains a failed nvidia-smi run from what it printed, then from its exit code. */
export function describeNvidiaSmiFailure(output: string, exitCode: number | null): string {
  for (const [pattern, words] of KNOWN_FAILURES) if (pattern.test(output)) return words;
  const said = output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
  const meaning = exitCode === null ? undefined : EXIT_CODE_MEANINGS[exitCode];
  if (meaning !== undefined) return `nvidia-smi exit ${exitCode}: ${meaning}`;
  return `nvidia-smi exit ${exitCode ?? '?'}${said === undefined ? '' : `: ${said}`}`;
}
