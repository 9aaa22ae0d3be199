import type pg from 'pg';
import type { PostgresCheck } from '../../../core/model/index.ts';
import { describeNetworkError } from '../../transport/network-error.ts';
import type { ProbeDefinition } from '../probe-types.ts';
import { readUrlPassword, withPassword } from '../sql/connection-url.ts';
import { probeSqlDatabase, type SqlDriver } from '../sql/sql-probe.ts';

// The extended protocol runs exactly one statement, so "COMMIT; DELETE …" cannot leave the
// read-only transaction. @types/pg does not list queryMode yet; pg 8.11+ reads it.
const ONE_STATEMENT = { queryMode: 'extended' } as const;

// A table's cells are kept as PostgreSQL writes them ("2026-12-02 00:39:54+00", "12.50"), not as
// JavaScript values pg would build.
const AS_TEXT = { getTypeParser: () => (text: string) => text };

/** The cursor a table query's rows are fetched through, so the server stops after the rows kept. */
const TABLE_CURSOR = 'vigil_table_rows';

/**
 * PostgreSQL through `pg`: a session whose default is read-only, each metric and table query in its
 * own `BEGIN READ ONLY` transaction, statements limited to the check's timeout by the server; a
 * table query's rows come through a cursor, only as many as are kept.
 */
const postgresDriver: SqlDriver<PostgresCheck> = {
  async load() {
    // Loaded on first use: collectors that watch no database never pay for the driver.
    const { default: postgres } = await import('pg');
    return async (check, context) => {
      const client = new postgres.Client({
        connectionString: withPassword(check.url, check.password),
        connectionTimeoutMillis: context.timeoutMs,
        statement_timeout: context.timeoutMs,
        application_name: 'vigil',
        options: '-c default_transaction_read_only=on',
      });
      // A connection lost between queries also fails the query that follows; that is where it is reported.
      client.on('error', () => {});
      const close = () => void client.end().catch(() => {});
      context.signal.addEventListener('abort', close, { once: true });
      try {
        await client.connect();
      } finally {
        context.signal.removeEventListener('abort', close);
      }
      const firstRow = async (sql: string) =>
        (await client.query({ ...ONE_STATEMENT, text: sql, rowMode: 'array' } as pg.QueryArrayConfig))
          .rows[0];
      return {
        queryFirstRow: firstRow,
        async readAbout() {
          const [version = '', size = '0'] = ((await firstRow(
            "SELECT current_setting('server_version'), pg_database_size(current_database())",
          )) ?? []) as string[];
          return { server: `PostgreSQL ${version.split(' ')[0]}`, version, sizeBytes: Number(size) };
        },
        async queryMetricRow(sql) {
          await client.query('BEGIN READ ONLY');
          try {
            return await firstRow(sql);
          } finally {
            await client.query('ROLLBACK').catch(() => {});
          }
        },
        async queryTableRows(sql, rowLimit) {
          await client.query('BEGIN READ ONLY');
          try {
            await client.query({
              ...ONE_STATEMENT,
              text: `DECLARE ${TABLE_CURSOR} NO SCROLL CURSOR FOR ${withoutTrailingSemicolons(sql)}`,
            });
            const fetched = await client.query({
              text: `FETCH FORWARD ${rowLimit} FROM ${TABLE_CURSOR}`,
              rowMode: 'array',
              types: AS_TEXT,
            } as pg.QueryArrayConfig);
            return { columns: fetched.fields.map((field) => field.name), rows: fetched.rows };
          } finally {
            await client.query('ROLLBACK').catch(() => {});
          }
        },
        close,
      };
    };
  },
  describeError: describePostgresError,
  secrets: (check) => [check.password, readUrlPassword(check.url)],
};

/** `SELECT …;` without its final `;`, which cannot stand inside DECLARE … FOR. */
function withoutTrailingSemicolons(sql: string): string {
  let end = sql.length;
  while (end > 0 && (sql[end - 1] === ';' || /\s/.test(sql[end - 1] as string))) end -= 1;
  return sql.slice(0, end);
}

/** Server errors keep PostgreSQL's own words ("password authentication failed for user "app""). */
function describePostgresError(error: unknown): string {
  if (error instanceof Error && 'severity' in error) return error.message;
  if (error instanceof Error && error.message === 'Connection terminated due to connection timeout') {
    return 'no answer to the connection (connection timeout)';
  }
  if (error instanceof Error && error.message === 'Connection terminated unexpectedly') {
    return 'the server closed the connection unexpectedly';
  }
  return describeNetworkError(error);
}

export const postgresProbe: ProbeDefinition<'postgres'> = {
  preload: () => import('pg'),
  probe: (check, context) => probeSqlDatabase(postgresDriver, check, context),
};
