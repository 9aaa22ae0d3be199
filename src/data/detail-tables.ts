import { isRecord } from '../../core/is-record.ts';
import { HEAL_DETAIL_KEY, type HealRecord, HealRecordSchema } from '../../core/results/heal-record.ts';
import { tidyMetricLabel } from '../../core/results/metric-vocabulary.ts';
import { t } from '../i18n/index.ts';
import type { CheckSample } from './history.ts';
import { localizeTerm } from './metric-words.ts';

/** Rows a table shows at most; a Compose project or GPU box has far fewer. */
export const MAX_DETAIL_ROWS = 200;

type Scalar = string | number | boolean;

/** A list of records from a result's detail: Docker containers or Compose services, GPUs. */
export interface DetailTable {
  name: string;
  label: string;
  columns: { key: string; label: string }[];
  rows: Record<string, string>[];
  /** Rows left out past MAX_DETAIL_ROWS. */
  omitted: number;
}

/** A list of sentences from a result's detail: problems, notes. */
export interface DetailList {
  name: string;
  label: string;
  items: string[];
}

/** The newest self-heal among the samples: what ran, when, and how it ended. */
export type HealEvent = HealRecord;

// Keys whose records are shown by other parts of the page (heal) or by richer pages (clusters);
// host's `rates: "no rate yet"` is said better by its list of missing rates.
const SHOWN_ELSEWHERE = new Set([HEAL_DETAIL_KEY, 'rates']);

/** Whether the page says what this detail key holds in another way (the heal section, the rates list). */
export function isShownElsewhere(key: string): boolean {
  return SHOWN_ELSEWHERE.has(key);
}

// Detail keys (and record fields) whose words are not simply their name's.
export const DETAIL_LABELS: Record<string, string> = {
  hostname: 'Host name',
  os: 'Operating system',
  fsType: 'Filesystem type',
  cpuWindow: 'CPU usage measured over',
  ratesMissing: 'Disk and network rates',
  unknownInterfaces: 'Interfaces not on this machine',
  unknownDisks: 'Disks not on this machine',
  restartCount: 'Restarts',
  failingStreak: 'Failed health checks in a row',
  lastHealthOutput: 'Last health check said',
  maxmemoryPolicy: 'Eviction policy',
  certExpires: 'Certificate expires',
  certProblem: 'Certificate problem',
  bodyTruncated: 'Body read',
  outputCutAtBytes: 'Output cut at (bytes)',
  timedOutWhile: 'Timed out while',
  queryFailures: 'Metric queries that failed',
  problems: 'Problems',
};

// Why the host probe stored no rate ("first sample", "eth1: counter went down"), as a reader wants it said.
const RATE_REASONS: [pattern: RegExp, words: (name: string) => string][] = [
  [/^first sample$/, () => t('component.rateFirstSample')],
  [/^(.+): first sample$/, (name) => t('component.rateFirstSampleOf', { name })],
  [/^(.+): counter went down$/, (name) => t('component.rateCounterRestarted', { name })],
];

/**
 * The structured parts of a result's detail as tables and lists: an array of records (containers,
 * GPUs) or a map of name → record (Compose services) becomes a table; an array of strings a list.
 */
export function listDetailTables(detail: Record<string, unknown>): {
  tables: DetailTable[];
  lists: DetailList[];
} {
  const tables: DetailTable[] = [];
  const lists: DetailList[] = [];
  for (const [name, value] of Object.entries(detail)) {
    if (isShownElsewhere(name)) continue;
    if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
      const items = value.slice(0, MAX_DETAIL_ROWS);
      lists.push({
        name,
        label: labelFromKey(name),
        items: name === 'ratesMissing' ? items.map(describeMissingRate) : items,
      });
      continue;
    }
    const records = toRecords(value);
    if (records === undefined || records.length === 0) continue;
    const columns = [...new Set(records.flatMap((record) => Object.keys(record)))].map((key) => ({
      key,
      label: labelFromKey(key),
    }));
    tables.push({
      name,
      label: labelFromKey(name),
      columns,
      rows: records.slice(0, MAX_DETAIL_ROWS),
      omitted: Math.max(0, records.length - MAX_DETAIL_ROWS),
    });
  }
  return { tables, lists };
}

/** The newest readable `detail.heal` record in the samples (newest last), if the heal command ever ran. */
export function findLastHeal(samples: readonly CheckSample[]): HealEvent | undefined {
  for (let i = samples.length - 1; i >= 0; i -= 1) {
    const stored = samples[i]?.result.detail[HEAL_DETAIL_KEY];
    if (stored === undefined) continue;
    const heal = HealRecordSchema.safeParse(stored);
    if (heal.success) return heal.data;
  }
  return undefined;
}

/** Records whose values are all scalars, keyed by name first when they came as a map. */
function toRecords(value: unknown): Record<string, string>[] | undefined {
  if (Array.isArray(value)) {
    if (!value.every(isScalarRecord)) return undefined;
    return value.map(stringifyRecord);
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 || !entries.every(([, item]) => isScalarRecord(item))) return undefined;
    return entries.map(([key, item]) => ({ name: key, ...stringifyRecord(item as Record<string, unknown>) }));
  }
  return undefined;
}

/** A record of scalars (nested values are dropped when shown, so at least one scalar is needed). */
function isScalarRecord(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Object.values(value).some(isScalar);
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function stringifyRecord(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record)
      .filter((entry): entry is [string, Scalar] => isScalar(entry[1]))
      .map(([key, value]) => [key, String(value)]),
  );
}

/** A detail key as a label: `cpuModel` "CPU model", `maxmemoryPolicy` "Eviction policy". */
export function labelFromKey(key: string): string {
  return localizeTerm(DETAIL_LABELS[key] ?? tidyMetricLabel(key));
}

/** "first sample" → "first sample: rates appear after the next run"; other reasons as the probe said them. */
export function describeMissingRate(reason: string): string {
  for (const [pattern, words] of RATE_REASONS) {
    const match = pattern.exec(reason);
    if (match !== null) return words(match[1] ?? '');
  }
  return reason;
}
