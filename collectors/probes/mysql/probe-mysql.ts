import type mysql from 'mysql2/promise';
import type { MysqlCheck } from '../../../core/model/index.ts';
import { describeNetworkError } from '../../transport/network-error.ts';
import type { ProbeDefinition } from '../probe-types.ts';
import { readUrlPassword } from '../sql/connection-url.ts';
import { probeSqlDatabase, type SqlDriver } from '../sql/sql-probe.ts';

const DEFAULT_PORT = 3306;
const SIZE_SQL =
  'SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = DATABASE()';

/**
 * MySQL and MariaDB alike through `mysql2`: one statement per query, the session set read-only
 * before the metric and table queries, each in its own `START TRANSACTION READ ONLY`.
 */
const mysqlDriver: SqlDriver<MysqlCheck> = {
  async load() {
    // Loaded on first use: collectors that watch no database never pay for the driver.
    const { createConnection } = await import('mysql2/promise');
    return async (check, context) => {
      const url = new URL(check.url);
      const password = check.password ?? readUrlPassword(check.url);
      const database = decodeURIComponent(url.pathname.slice(1));
      const connection = await createConnection({
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
      const firstRow = async (sql: string) => {
        const [rows] = await connection.query<mysql.RowDataPacket[]>({ sql, rowsAsArray: true });
        return Array.isArray(rows) ? (rows[0] as unknown[] | undefined) : undefined;
      };
      return {
        queryFirstRow: firstRow,
        async readAbout() {
          const version = String((await firstRow('SELECT VERSION()'))?.[0] ?? '');
          const sizeBytes = database === '' ? undefined : await readSchemaSize(connection);
          return {
            server: describeServer(version),
            version,
            ...(sizeBytes === undefined ? {} : { sizeBytes }),
          };
        },
        async prepareMetricQueries() {
          await connection.query('SET SESSION TRANSACTION READ ONLY');
          await limitStatementTime(connection, context.timeoutMs);
        },
        async queryMetricRow(sql) {
          await connection.query('START TRANSACTION READ ONLY');
          try {
            return await firstRow(sql);
          } finally {
            await connection.query('ROLLBACK').catch(() => {});
          }
        },
        async queryTableRows(sql, rowLimit) {
          // The server stops after rowLimit rows (unless the query's own LIMIT says more); rows past
          // it are read off the socket and dropped, never held.
          await connection.query(`SET SESSION sql_select_limit = ${rowLimit}`);
          await connection.query('START TRANSACTION READ ONLY');
          try {
            return await streamRows(connection, sql, rowLimit, context.signal);
          } finally {
            await connection.query('ROLLBACK').catch(() => {});
            await connection.query('SET SESSION sql_select_limit = DEFAULT').catch(() => {});
          }
        },
        close: () => connection.destroy(),
      };
    };
  },
  describeError: describeMysqlError,
  secrets: (check) => [check.password ?? readUrlPassword(check.url)],
};

/**
 * The callback connection under mysql2's promise wrapper (its `connection`, which the typings leave
 * out): without a callback, its query emits each row as it arrives instead of collecting them.
 */
interface StreamingConnection {
  query(options: { sql: string; rowsAsArray: boolean }): NodeJS.EventEmitter;
}

/**
 * One statement's column names and its first `rowLimit` rows, read as they stream in. Rejects when
 * `signal` aborts: destroy() only half-closes the socket and tells no command, so a streaming query
 * would never settle, or would end with whatever the server sends once it notices the client left.
 */
function streamRows(
  connection: mysql.Connection,
  sql: string,
  rowLimit: number,
  signal: AbortSignal,
): Promise<{ columns: string[]; rows: unknown[][] }> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal.removeEventListener('abort', onAbort);
    const columns: string[] = [];
    const rows: unknown[][] = [];
    const query = (connection as unknown as { connection: StreamingConnection }).connection.query({
      sql,
      rowsAsArray: true,
    });
    query.on('fields', (fields: mysql.FieldPacket[] | undefined) => {
      if (columns.length === 0 && fields !== undefined) columns.push(...fields.map((field) => field.name));
    });
    query.on('result', (row: unknown) => {
      if (Array.isArray(row) && rows.length < rowLimit) rows.push(row);
    });
    query.on('error', (error: unknown) => {
      settle();
      reject(error);
    });
    query.on('end', () => {
      settle();
      resolve({ columns, rows });
    });
  });
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

export const mysqlProbe: ProbeDefinition<'mysql'> = {
  preload: () => import('mysql2/promise'),
  probe: (check, context) => probeSqlDatabase(mysqlDriver, check, context),
};
