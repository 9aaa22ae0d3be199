import type pg from 'pg';
import { formatDurationMs, type PostgresCheck } from '../../../core/model/index.ts';
import { describeNetworkError } from '../../transport/network-error.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { hideSecrets, readUrlPassword, withPassword } from '../sql/connection-url.ts';
import { describeSqlAnswer, elapsedMs, runMetricQueries } from '../sql/sql-metrics.ts';

// The extended protocol runs exactly one statement, so "COMMIT; DELETE …" cannot leave the
// read-only transaction. @types/pg does not list queryMode yet; pg 8.11+ reads it.
const ONE_STATEMENT = { queryMode: 'extended' } as const;

/**
 * Connects, times `SELECT 1`, reads version and database size, then runs each metric query in its
 * own `BEGIN READ ONLY` transaction on a session whose default is read-only too.
 */
async function probePostgres(check: PostgresCheck, context: ProbeContext): Promise<Observation> {
  const secrets = [check.password, readUrlPassword(check.url)];
  // Loaded on first use: collectors that watch no database never pay for the driver.
  const { default: postgres } = await import('pg');
  const client = new postgres.Client({
    connectionString: withPassword(check.url, check.password),
    connectionTimeoutMillis: context.timeoutMs,
    statement_timeout: context.timeoutMs,
    application_name: 'vigil',
    options: '-c default_transaction_read_only=on',
  });
  // A connection lost between queries also fails the query that follows; that is where it is reported.
  client.on('error', () => {});
  const endClient = () => void client.end().catch(() => {});
  context.signal.addEventListener('abort', endClient, { once: true });
  let step = 'connecting';
  try {
    const connectStartedAt = performance.now();
    await client.connect();
    const connectMs = elapsedMs(connectStartedAt);
    step = 'running SELECT 1';
    const queryStartedAt = performance.now();
    await client.query('SELECT 1');
    const queryMs = elapsedMs(queryStartedAt);
    step = 'reading the version and database size';
    const about = await client.query<[string, string]>({
      text: "SELECT current_setting('server_version'), pg_database_size(current_database())",
      rowMode: 'array',
    });
    const [version = '', size = '0'] = about.rows[0] ?? [];
    step = 'running metric queries';
    const outcome = await runMetricQueries(
      check.queries,
      async (sql) => {
        await client.query('BEGIN READ ONLY');
        try {
          const result = await client.query({
            ...ONE_STATEMENT,
            text: sql,
            rowMode: 'array',
          } as pg.QueryArrayConfig);
          return result.rows[0];
        } finally {
          await client.query('ROLLBACK').catch(() => {});
        }
      },
      describePostgresError,
      () => context.signal.aborted,
    );
    return describeSqlAnswer({
      server: `PostgreSQL ${version.split(' ')[0]}`,
      version,
      connectMs,
      queryMs,
      sizeBytes: Number(size),
      outcome,
      queryCount: Object.keys(check.queries).length,
    });
  } catch (error) {
    if (context.signal.aborted) {
      return { status: 'down', message: `timed out after ${formatDurationMs(context.timeoutMs)} ${step}` };
    }
    return { status: 'down', message: hideSecrets(describePostgresError(error), secrets) };
  } finally {
    context.signal.removeEventListener('abort', endClient);
    endClient();
  }
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

export const postgresProbe: ProbeDefinition<'postgres'> = { probe: probePostgres };
