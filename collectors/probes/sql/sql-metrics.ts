import { formatDurationMs, type Metrics, type SqlMetricQueries } from '../../../core/model/index.ts';
import type { SqlBuiltinMetrics, SqlDetail, SqlMetrics } from '../../../core/results/sql.ts';
import type { Observation } from '../probe-types.ts';
import type { TableQueryOutcome } from './sql-tables.ts';

/** Runs one metric query read-only and resolves with its first row as an array (undefined: no rows). */
export type RunFirstRow = (sql: string) => Promise<readonly unknown[] | undefined>;

export interface MetricQueryOutcome {
  metrics: Metrics;
  /** One line per query that gave no number: `query "x" failed: …`. */
  failures: string[];
}

/**
 * Runs every named query in turn; one failing query is recorded and the others still run, since a
 * typo in one job-table query must not hide the rest. Stops early only when `isAborted` says so.
 */
export async function runMetricQueries(
  queries: SqlMetricQueries,
  runFirstRow: RunFirstRow,
  describeError: (error: unknown) => string,
  isAborted: () => boolean,
): Promise<MetricQueryOutcome> {
  const outcome: MetricQueryOutcome = { metrics: {}, failures: [] };
  for (const [name, sql] of Object.entries(queries)) {
    if (isAborted()) break;
    try {
      const row = await runFirstRow(sql);
      const value = readMetricValue(row);
      if (typeof value === 'number') outcome.metrics[name] = value;
      else outcome.failures.push(`query "${name}" ${value}`);
    } catch (error) {
      if (isAborted()) throw error;
      outcome.failures.push(`query "${name}" failed: ${describeError(error)}`);
    }
  }
  return outcome;
}

/** The first column of a first row as a number, or the words for why it is not one. */
export function readMetricValue(row: readonly unknown[] | undefined): number | string {
  if (row === undefined) return 'returned no rows';
  if (row.length === 0) return 'returned no columns';
  const value = row[0];
  if (value === null || value === undefined) return 'returned NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? value : `returned ${value}, not a number`;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  // pg returns count(*) and numeric as strings, MySQL returns SUM and DECIMAL as strings.
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value))
    return Number(value);
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  return `returned ${shown}, not a number`;
}

export interface SqlFacts {
  /** "PostgreSQL 16.4", "MariaDB 10.11.6", "SQLite 3.46.1". */
  server: string;
  version?: string;
  connectMs?: number;
  queryMs: number;
  sizeBytes?: number;
  outcome: MetricQueryOutcome;
  queryCount: number;
  /** The `tables:` queries' answers; absent when the check declares none. */
  tables?: TableQueryOutcome;
}

/**
 * The observation of a database that answered `SELECT 1`: up, or degraded when a metric query gave
 * no number or a table query failed (the database works; what someone relies on is missing).
 */
export function describeSqlAnswer(facts: SqlFacts): Observation {
  const metrics: SqlMetrics = {
    queryMs: facts.queryMs,
    ...facts.outcome.metrics,
  } satisfies SqlBuiltinMetrics;
  if (facts.connectMs !== undefined) metrics.connectMs = facts.connectMs;
  if (facts.sizeBytes !== undefined) metrics.sizeBytes = facts.sizeBytes;
  const detail: SqlDetail = {};
  if (facts.version !== undefined) detail.version = facts.version;
  const answered = `${facts.server}: SELECT 1 in ${formatDurationMs(facts.queryMs)}`;
  const recorded = facts.queryCount - facts.outcome.failures.length;
  const counted =
    (facts.queryCount === 0 ? '' : `, ${recorded} of ${facts.queryCount} metric queries recorded`) +
    describeTablesRead(facts.tables);
  if (facts.tables !== undefined && Object.keys(facts.tables.tables).length > 0)
    detail.tables = facts.tables.tables;
  const [first, ...rest] = [...facts.outcome.failures, ...(facts.tables?.failures ?? [])];
  if (first === undefined) return { status: 'up', message: `${answered}${counted}`, metrics, detail };
  if (facts.outcome.failures.length > 0) detail.queryFailures = facts.outcome.failures;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more)`;
  return { status: 'degraded', message: `${answered}${counted}; ${first}${more}`, metrics, detail };
}

/** ", 2 of 3 tables read" (nothing when the check declares no tables). */
function describeTablesRead(tables: TableQueryOutcome | undefined): string {
  const count = tables === undefined ? 0 : Object.keys(tables.tables).length;
  if (tables === undefined || count === 0) return '';
  const read = count - tables.failures.length;
  return `, ${read} of ${count} ${count === 1 ? 'table' : 'tables'} read`;
}

/** Milliseconds since `startedAt` (a performance.now() reading), to 0.1 ms. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
