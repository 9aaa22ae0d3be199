import type { SqlMetricQueries, SqlTables } from '../../../core/model/index.ts';
import { createRedactor } from '../../../core/redact/redact.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext } from '../probe-types.ts';
import { describeSqlAnswer, elapsedMs, runMetricQueries } from './sql-metrics.ts';
import { type RawTableRows, runTableQueries } from './sql-tables.ts';

/** An open connection, as the shared SQL probe uses it; each driver adapts its client to this. */
export interface SqlSession {
  /** The first row of one statement as an array (undefined: no rows). */
  queryFirstRow(sql: string): Promise<readonly unknown[] | undefined>;
  /** The server's name for people ("PostgreSQL 16.4"), its own version string, and the database size. */
  readAbout(): Promise<{ server: string; version: string; sizeBytes?: number }>;
  /** Readies the session for metric queries (read-only, a statement time limit), where the driver can. */
  prepareMetricQueries?(): Promise<void>;
  /** One metric query, read-only, its first row as an array. */
  queryMetricRow(sql: string): Promise<readonly unknown[] | undefined>;
  /** One table query, read-only: its column names and at most `rowLimit` rows (never more read into memory). */
  queryTableRows(sql: string, rowLimit: number): Promise<RawTableRows>;
  /** Closes the connection; safe to call more than once, and from the abort handler. */
  close(): void;
}

/** What differs between PostgreSQL, MySQL/MariaDB and SQLite; everything else is one probe. */
/** What the shared probe reads of a check: its metric and table queries. */
export interface SqlQueries {
  queries: SqlMetricQueries;
  tables?: SqlTables;
}

export interface SqlDriver<C extends SqlQueries> {
  /**
   * Loads the driver's module (first use only; before any timing starts, so module loading never
   * shows as connect time) and returns how to connect; an abort during connect must end it.
   */
  load(): Promise<(check: C, context: ProbeContext) => Promise<SqlSession>>;
  /** The driver's error in the server's words. */
  describeError(error: unknown): string;
  /** Values masked in every message (passwords). */
  secrets(check: C): (string | undefined)[];
  /** Why the check is down without trying (SQLite: the file is missing). */
  refuse?(check: C): Promise<string | undefined>;
  /** Prefix of failure messages (SQLite: the file). */
  describeFailure?(check: C, reason: string): string;
}

/**
 * Connects, times `SELECT 1`, reads version and size, then runs each metric query and each table
 * query read-only. A timeout names the step it hit ("timed out after 5 s running metric queries",
 * "… running table query "recent_failures"").
 */
export async function probeSqlDatabase<C extends SqlQueries>(
  driver: SqlDriver<C>,
  check: C,
  context: ProbeContext,
): Promise<Observation> {
  const refused = await driver.refuse?.(check);
  if (refused !== undefined) return { status: 'down', message: refused };
  let session: SqlSession | undefined;
  const close = () => session?.close();
  context.signal.addEventListener('abort', close, { once: true });
  let step = 'loading the driver';
  try {
    const connect = await driver.load();
    step = 'connecting';
    const connectStartedAt = performance.now();
    session = await connect(check, context);
    if (context.signal.aborted) throw context.signal.reason;
    const connectMs = elapsedMs(connectStartedAt);
    step = 'running SELECT 1';
    const queryStartedAt = performance.now();
    await session.queryFirstRow('SELECT 1');
    const queryMs = elapsedMs(queryStartedAt);
    step = 'reading the version and database size';
    const about = await session.readAbout();
    step = 'running metric queries';
    await session.prepareMetricQueries?.();
    const open = session;
    const outcome = await runMetricQueries(
      check.queries,
      (sql) => open.queryMetricRow(sql),
      (error) => driver.describeError(error),
      () => context.signal.aborted,
    );
    // The run's secrets too: a cell is cut, and a secret crossing the cut must be masked before it.
    const secrets = [...(context.secrets ?? []), ...driver.secrets(check)];
    const tables =
      check.tables === undefined
        ? undefined
        : await runTableQueries(check.tables, (sql, rowLimit) => open.queryTableRows(sql, rowLimit), {
            describeError: (error) => driver.describeError(error),
            isAborted: () => context.signal.aborted,
            redact: createRedactor(secrets),
            longestSecretChars: Math.max(0, ...secrets.map((secret) => secret?.length ?? 0)),
            onQuery: (name) => {
              step = `running table query "${name}"`;
            },
          });
    // A driver whose query answered after the deadline destroyed its connection: still a timeout.
    if (context.signal.aborted) throw context.signal.reason;
    return describeSqlAnswer({
      ...about,
      connectMs,
      queryMs,
      outcome,
      queryCount: Object.keys(check.queries).length,
      ...(tables !== undefined && { tables }),
    });
  } catch (error) {
    if (context.signal.aborted) {
      return { status: 'down', message: describeTimeout(context, step) };
    }
    // A driver may quote a password in its error.
    const reason = createRedactor(driver.secrets(check))(driver.describeError(error));
    return { status: 'down', message: driver.describeFailure?.(check, reason) ?? reason };
  } finally {
    context.signal.removeEventListener('abort', close);
    close();
  }
}
