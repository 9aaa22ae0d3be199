import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { SqliteCheck } from '../../../core/model/index.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { describeSqlAnswer, elapsedMs, runMetricQueries } from '../sql/sql-metrics.ts';

// node:sqlite is synchronous: a locked file is waited for at most this long, on the collector's
// thread, so a writer holding the lock delays the run by a second, not by the check's timeout.
const BUSY_TIMEOUT_MS = 1000;

/**
 * Opens the file read-only (never creating it), times `SELECT 1`, reads the SQLite version and the
 * database size, then runs the metric queries; a read-only connection refuses every write.
 */
async function probeSqlite(check: SqliteCheck, context: ProbeContext): Promise<Observation> {
  if (!existsSync(check.path)) return { status: 'down', message: `database file not found: ${check.path}` };
  let database: DatabaseSync | undefined;
  try {
    const openStartedAt = performance.now();
    database = new DatabaseSync(check.path, {
      readOnly: true,
      timeout: Math.min(BUSY_TIMEOUT_MS, context.timeoutMs),
    });
    const connectMs = elapsedMs(openStartedAt);
    const queryStartedAt = performance.now();
    database.prepare('SELECT 1').get();
    const queryMs = elapsedMs(queryStartedAt);
    const version = String(readFirstRow(database, 'SELECT sqlite_version()')?.[0] ?? '');
    const pages = readFirstRow(
      database,
      'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()',
    );
    const open = database;
    const outcome = await runMetricQueries(
      check.queries,
      async (sql) => readFirstRow(open, sql),
      describeSqliteError,
      () => context.signal.aborted,
    );
    return describeSqlAnswer({
      server: `SQLite ${version}`,
      version,
      connectMs,
      queryMs,
      sizeBytes: Number(pages?.[0] ?? 0),
      outcome,
      queryCount: Object.keys(check.queries).length,
    });
  } catch (error) {
    return { status: 'down', message: `${check.path}: ${describeSqliteError(error)}` };
  } finally {
    database?.close();
  }
}

function readFirstRow(database: DatabaseSync, sql: string): unknown[] | undefined {
  const statement = database.prepare(sql);
  statement.setReturnArrays(true);
  return statement.get() as unknown[] | undefined;
}

/** SQLite's own words ("file is not a database", "no such table: jobs"), without Node's prefix. */
function describeSqliteError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const sqliteProbe: ProbeDefinition<'sqlite'> = { probe: probeSqlite };
