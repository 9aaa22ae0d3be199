import type { CheckType, Facts } from '../../core/model/index.ts';
import { type SqlTable, SqlTableSchema } from '../../core/results/sql.ts';
import { t } from '../i18n/index.ts';
import { labelFromKey } from './detail-tables.ts';

/** The check types whose results may hold `detail.tables` (their `tables:` queries). */
const SQL_TYPES: ReadonlySet<CheckType> = new Set(['postgres', 'mysql', 'sqlite']);

/** One `tables:` query's rows as the component page shows them. */
export interface SqlTableView {
  name: string;
  /** The config's title, else the name in words ("recent_failures" → "Recent failures"). */
  label: string;
  columns: string[];
  rows: string[][];
  /** Rows or cells were left out (maxRows, 16 KiB, a cell cut at 1 KiB). */
  truncated: boolean;
  /** The query failed: its database's words. */
  error: string | undefined;
}

/** One configured fact as the "Configuration" list shows it. */
export interface FactView {
  label: string;
  value: string;
}

/** The newest result's `detail.tables`, in the order the check declares them; an unreadable one is left out. */
export function listSqlTables(type: CheckType, detail: Record<string, unknown>): SqlTableView[] {
  return Object.entries(readStoredSqlTables(type, detail) ?? {}).map(([name, table]) => ({
    name,
    label: table.title ?? labelFromKey(name),
    columns: table.columns,
    rows: table.rows,
    truncated: table.truncated,
    error: table.error,
  }));
}

/** The detail without its SQL tables, which the page shows by listSqlTables, not as generic records. */
export function withoutSqlTables(type: CheckType, detail: Record<string, unknown>): Record<string, unknown> {
  if (!SQL_TYPES.has(type) || !('tables' in detail)) return detail;
  const { tables: _shown, ...rest } = detail;
  return rest;
}

/** A check's `facts:` as written, true/false in words ("yes", "no"). */
export function listFacts(facts: Facts | undefined): FactView[] {
  return Object.entries(facts ?? {}).map(([label, value]) => ({
    label,
    value: typeof value === 'boolean' ? t(value ? 'component.yes' : 'component.no') : String(value),
  }));
}

/** The newest result's tables as stored (for the component document), or undefined when it has none. */
export function readStoredSqlTables(
  type: CheckType,
  detail: Record<string, unknown> | undefined,
): Record<string, SqlTable> | undefined {
  const stored = detail?.tables;
  if (!SQL_TYPES.has(type) || typeof stored !== 'object' || stored === null || Array.isArray(stored))
    return undefined;
  const tables: Record<string, SqlTable> = {};
  for (const [name, value] of Object.entries(stored)) {
    const table = SqlTableSchema.safeParse(value);
    if (table.success) tables[name] = table.data;
  }
  return Object.keys(tables).length === 0 ? undefined : tables;
}
