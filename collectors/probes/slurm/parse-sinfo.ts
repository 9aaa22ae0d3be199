import { type GresItem, parseGres } from './parse-gres.ts';
import { parseSlurmTime } from './slurm-time.ts';

/**
 * The fixed sinfo columns, one line per node and partition, `|`-separated, width 0 (no padding,
 * no truncation). Reason is last because it is free text and may itself contain `|`.
 */
export const SINFO_FIELDS = [
  'NodeList',
  'Partition',
  'Available',
  'StateCompact',
  'StateComplete',
  'CPUsState',
  'Gres',
  'GresUsed',
  'Memory',
  'AllocMem',
  'Features',
  'Timestamp',
  'Reason',
] as const;

export const SINFO_FORMAT = SINFO_FIELDS.map((field, i) =>
  i === SINFO_FIELDS.length - 1 ? `${field}:0` : `${field}:0|`,
).join(',');

/** The arguments sinfo is run with (before an optional `--partition`). */
export const SINFO_ARGS = ['--noheader', '--Node', `--Format=${SINFO_FORMAT}`] as const;

export interface SinfoRow {
  node: string;
  partition: string;
  /** The partition is the default one (sinfo marks it with a trailing "*"). */
  isDefaultPartition: boolean;
  /** Partition availability: up, down, drain, inact. */
  availability: string;
  stateCompact: string;
  stateComplete: string;
  cpus: { allocated: number; idle: number; other: number; total: number };
  gres: GresItem[];
  gresUsed: GresItem[];
  memoryMiB: number;
  allocatedMemoryMiB: number;
  /** Available features as sinfo prints them, "" when none. */
  features: string;
  /** ISO time the reason was set, when known. */
  reasonSince?: string;
  /** "" when sinfo says none. */
  reason: string;
}

/** Parses the output of `sinfo` run with SINFO_ARGS; lines that do not have every column are skipped. */
export function parseSinfo(text: string): SinfoRow[] {
  const rows: SinfoRow[] = [];
  const columns = SINFO_FIELDS.length;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parts = line.split('|');
    if (parts.length < columns) continue;
    const [
      node,
      partition,
      availability,
      compact,
      complete,
      cpus,
      gres,
      gresUsed,
      memory,
      allocMem,
      features,
      since,
    ] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const reason = parts
      .slice(columns - 1)
      .join('|')
      .trim();
    const row: SinfoRow = {
      node: node.trim(),
      partition: partition.trim().replace(/\*$/, ''),
      isDefaultPartition: partition.trim().endsWith('*'),
      availability: availability.trim(),
      stateCompact: compact.trim(),
      stateComplete: complete.trim(),
      cpus: parseCpusState(cpus),
      gres: parseGres(gres),
      gresUsed: parseGres(gresUsed),
      memoryMiB: toNumber(memory),
      allocatedMemoryMiB: toNumber(allocMem),
      features: isNone(features) ? '' : features.trim(),
      reason: isNone(reason) ? '' : reason,
    };
    const reasonSince = parseSlurmTime(since);
    if (reasonSince !== undefined) row.reasonSince = reasonSince;
    rows.push(row);
  }
  return rows;
}

// "A/I/O/T": allocated, idle, other (down, drained…), total.
function parseCpusState(text: string): SinfoRow['cpus'] {
  const [allocated, idle, other, total] = text.split('/').map(toNumber);
  return { allocated: allocated ?? 0, idle: idle ?? 0, other: other ?? 0, total: total ?? 0 };
}

function toNumber(text: string): number {
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : 0;
}

function isNone(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t === '' || t === 'none' || t === '(null)' || t === 'n/a';
}
