import type mysql from 'mysql2/promise';
import { formatDurationMs, type MysqlCheck } from '../../../core/model/index.ts';
import { describeNetworkError } from '../../transport/network-error.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { hideSecrets, readUrlPassword } from '../sql/connection-url.ts';
import { describeSqlAnswer, elapsedMs, runMetricQueries } from '../sql/sql-metrics.ts';

const DEFAULT_PORT = 3306;
const SIZE_SQL =
  'SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = DATABASE()';

/**
 * Connects, times `SELECT 1`, reads version and schema size, then runs each metric query in its own
 * `START TRANSACTION READ ONLY` on a session set to read-only. Works for MySQL and MariaDB alike.
 */
async function probeMysql(check: MysqlCheck, context: ProbeContext): Promise<Observation> {
  const url = new URL(check.url);
  const password = check.password ?? readUrlPassword(check.url);
  const database = decodeURIComponent(url.pathname.slice(1));
  let connection: mysql.Connection | undefined;
  const destroy = () => connection?.destroy();
  context.signal.addEventListener('abort', destroy, { once: true });
  let step = 'connecting';
  try {
    const connectStartedAt = performance.now();
    // Loaded on first use: collectors that watch no database never pay for the driver.
    const { createConnection } = await import('mysql2/promise');
    connection = await createConnection({
      ...(check.socketPath === undefined
        ? { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || DEFAULT_PORT) }
        : { socketPath: check.socketPath }),
      user: decodeURIComponent(url.username),
      ...(password === undefined ? {} : { password }),
      ...(database === '' ? {} : { database }),
      connectTimeout: context.timeoutMs,
      multipleStatements: false,
      supportBigNumbers: true,
      dateStrings: true,
    });
    // The error event fires for a connection lost between queries; the next query reports it.
    connection.on('error', () => {});
    if (context.signal.aborted) throw context.signal.reason;
    const connectMs = elapsedMs(connectStartedAt);
    step = 'running SELECT 1';
    const queryStartedAt = performance.now();
    await connection.query('SELECT 1');
    const queryMs = elapsedMs(queryStartedAt);
    step = 'reading the version and database size';
    const [versionRows] = await connection.query<mysql.RowDataPacket[]>({
      sql: 'SELECT VERSION()',
      rowsAsArray: true,
    });
    const version = String(versionRows[0]?.[0] ?? '');
    const sizeBytes = database === '' ? undefined : await readSchemaSize(connection);
    step = 'running metric queries';
    await connection.query('SET SESSION TRANSACTION READ ONLY');
    await limitStatementTime(connection, context.timeoutMs);
    const active = connection;
    const outcome = await runMetricQueries(
      check.queries,
      async (sql) => {
        await active.query('START TRANSACTION READ ONLY');
        try {
          const [rows] = await active.query<mysql.RowDataPacket[]>({ sql, rowsAsArray: true });
          return Array.isArray(rows) ? (rows[0] as unknown[] | undefined) : undefined;
        } finally {
          await active.query('ROLLBACK').catch(() => {});
        }
      },
      describeMysqlError,
      () => context.signal.aborted,
    );
    return describeSqlAnswer({
      server: describeServer(version),
      version,
      connectMs,
      queryMs,
      ...(sizeBytes === undefined ? {} : { sizeBytes }),
      outcome,
      queryCount: Object.keys(check.queries).length,
    });
  } catch (error) {
    if (context.signal.aborted) {
      return { status: 'down', message: `timed out after ${formatDurationMs(context.timeoutMs)} ${step}` };
    }
    return { status: 'down', message: hideSecrets(describeMysqlError(error), [password]) };
  } finally {
    context.signal.removeEventListener('abort', destroy);
    destroy();
  }
}

async function readSchemaSize(connection: mysql.Connection): Promise<number> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>({ sql: SIZE_SQL, rowsAsArray: true });
  return Number(rows[0]?.[0] ?? 0);
}

/** Asks the server to stop a metric query at the check's timeout (MariaDB and MySQL name it differently). */
async function limitStatementTime(connection: mysql.Connection, timeoutMs: number): Promise<void> {
  await connection.query(`SET SESSION max_statement_time = ${timeoutMs / 1000}`).catch(async () => {
    await connection.query(`SET SESSION max_execution_time = ${Math.ceil(timeoutMs)}`).catch(() => {});
  });
}

/** "MariaDB 10.11.6" from "10.11.6-MariaDB-0+deb12u1", "MySQL 8.4.2" from "8.4.2". */
function describeServer(version: string): string {
  const number = version.split('-')[0] ?? version;
  return /mariadb/i.test(version) ? `MariaDB ${number}` : `MySQL ${number}`;
}

/** Server errors keep the server's words; a refused login says so first. */
function describeMysqlError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const sqlMessage = (error as { sqlMessage?: unknown } | undefined)?.sqlMessage;
  if (code === 'ER_ACCESS_DENIED_ERROR' && typeof sqlMessage === 'string') {
    return `authentication failed: ${sqlMessage}`;
  }
  if (typeof sqlMessage === 'string') return sqlMessage;
  if (code === 'ETIMEDOUT') return 'no answer to the connection (connect timeout)';
  if (code === 'PROTOCOL_CONNECTION_LOST') return 'the server closed the connection';
  return describeNetworkError(error);
}

export const mysqlProbe: ProbeDefinition<'mysql'> = { probe: probeMysql };
