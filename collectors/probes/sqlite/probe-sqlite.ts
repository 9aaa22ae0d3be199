import { access } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import type { SqliteCheck } from '../../../core/model/index.ts';
import type { ProbeDefinition } from '../probe-types.ts';
import { probeSqlDatabase, type SqlDriver } from '../sql/sql-probe.ts';

// node:sqlite is synchronous: a locked file is waited for at most this long, on the collector's
// thread, so a writer holding the lock delays the run by a second, not by the check's timeout.
const BUSY_TIMEOUT_MS = 1000;

/**
 * SQLite through `node:sqlite`: the file opened read-only (never created), so every write is refused;
 * the version and size come from SQLite's own functions and pragmas.
 */
const sqliteDriver: SqlDriver<SqliteCheck> = {
  async refuse(check) {
    return (await access(check.path).then(
      () => true,
      () => false,
    ))
      ? undefined
      : `database file not found: ${check.path}`;
  },
  async load() {
    const { DatabaseSync } = await import('node:sqlite');
    return async (check, context) => {
      const database = new DatabaseSync(check.path, {
        readOnly: true,
        timeout: Math.min(BUSY_TIMEOUT_MS, context.timeoutMs),
      });
      const firstRow = async (sql: string) => readFirstRow(database, sql);
      return {
        queryFirstRow: firstRow,
        async readAbout() {
          const version = String(readFirstRow(database, 'SELECT sqlite_version()')?.[0] ?? '');
          const pages = readFirstRow(
            database,
            'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()',
          );
          return { server: `SQLite ${version}`, version, sizeBytes: Number(pages?.[0] ?? 0) };
        },
        queryMetricRow: firstRow,
        queryTableRows: async (sql, rowLimit) => readRows(database, sql, rowLimit),
        close: () => {
          if (database.isOpen) database.close();
        },
      };
    };
  },
  describeError: describeSqliteError,
  secrets: () => [],
  describeFailure: (check, reason) => `${check.path}: ${reason}`,
};

function readFirstRow(database: DatabaseSync, sql: string): unknown[] | undefined {
  const statement = database.prepare(sql);
  statement.setReturnArrays(true);
  return statement.get() as unknown[] | undefined;
}

/** A statement's column names and its first `rowLimit` rows, stepped one at a time (never all read). */
function readRows(
  database: DatabaseSync,
  sql: string,
  rowLimit: number,
): { columns: string[]; rows: unknown[][] } {
  const statement = database.prepare(sql);
  statement.setReturnArrays(true);
  const columns = statement.columns().map((column) => column.name);
  const rows: unknown[][] = [];
  for (const row of statement.iterate()) {
    rows.push(row as unknown as unknown[]);
    if (rows.length >= rowLimit) break;
  }
  return { columns, rows };
}

/** SQLite's own words ("file is not a database", "no such table: jobs"), without Node's prefix. */
function describeSqliteError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const sqliteProbe: ProbeDefinition<'sqlite'> = {
  probe: (check, context) => probeSqlDatabase(sqliteDriver, check, context),
};
