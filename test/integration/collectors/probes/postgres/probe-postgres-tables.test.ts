import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProbe } from '../../../../../collectors/probes/postgres/probe-postgres.ts';
import { PostgresCheckSchema } from '../../../../../core/model/index.ts';
import { SqlDetailSchema } from '../../../../../core/results/sql.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type PostgresServer, startPostgres } from '../../../../helpers/services/start-postgres.ts';
import {
  DASHBOARD_TABLES,
  EXPECTED_DASHBOARD_TABLES,
  IMAGE_PROCESSOR_SQL,
} from '../../../../helpers/sql-tables-fixture.ts';

const PASSWORD = 'pg-Tables/7@pass';
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
  await server.psql('postgres', `CREATE ROLE vigil LOGIN PASSWORD '${PASSWORD}'`);
  await server.psql('postgres', 'CREATE DATABASE app OWNER vigil');
  await server.psql('app', IMAGE_PROCESSOR_SQL);
  await server.psql('app', 'GRANT SELECT, DELETE ON processing_jobs, upload_rate_limits TO vigil');
});
afterAll(async () => {
  await server?.stop();
});

const probe = (tables: Record<string, unknown>, fields: Record<string, unknown> = {}) =>
  postgresProbe.probe(
    PostgresCheckSchema.parse({
      id: 'db',
      type: 'postgres',
      url: server.url('vigil', undefined, 'app'),
      password: PASSWORD,
      tables,
      ...fields,
    }),
    makeProbeContext(fields.timeout === undefined ? {} : { timeoutMs: 2000 }),
  );

describe('postgres tables against a real PostgreSQL on loopback', () => {
  it('keeps the dashboard’s last jobs, last failures and users near their limit as text, secrets masked', async () => {
    const observation = await probe(DASHBOARD_TABLES);
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^PostgreSQL \d+\.\d+: SELECT 1 in [\d.]+ ms, 3 of 3 tables read$/);
    expect(observation.detail?.tables).toEqual(EXPECTED_DASHBOARD_TABLES);
    expect(JSON.stringify(observation)).not.toContain('s3-Secret-pass');
    expect(SqlDetailSchema.safeParse(observation.detail).success).toBe(true);
  });

  it('reads only the rows it keeps through a cursor, even from ten million', async () => {
    const observation = await probe({
      many: { query: 'SELECT n, md5(n::text) AS hash FROM generate_series(1, 10000000) AS n;', maxRows: 3 },
    });
    expect(observation.detail?.tables).toEqual({
      many: {
        columns: ['n', 'hash'],
        rows: [
          ['1', 'c4ca4238a0b923820dcc509a6f75849b'],
          ['2', 'c81e728d9d4c2f636f067f89cc14862c'],
          ['3', 'eccbc87e4b5ce2fe28308fd9f2a7baf3'],
        ],
        truncated: true,
      },
    });
  });

  it('cuts a huge cell at 1 KiB and marks the table truncated', async () => {
    const observation = await probe({ huge: { query: "SELECT repeat('x', 5000000) AS body, 'ok' AS note" } });
    const table = (
      observation.detail?.tables as Record<string, { rows: string[][]; truncated: boolean }> | undefined
    )?.huge;
    expect(table?.rows[0]?.[0]).toBe(`${'x'.repeat(1024)}…`);
    expect(table?.rows[0]?.[1]).toBe('ok');
    expect(table?.truncated).toBe(true);
  });

  it('is degraded with the server’s words for a query error, and still reads the other tables', async () => {
    const observation = await probe({
      broken: { query: 'SELECT nope FROM processing_jobs' },
      recent_failures: DASHBOARD_TABLES.recent_failures,
    });
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /, 1 of 2 tables read; table "broken" failed: column "nope" does not exist$/,
    );
    expect(observation.detail?.tables).toEqual({
      broken: { columns: [], rows: [], truncated: false, error: 'column "nope" does not exist' },
      recent_failures: EXPECTED_DASHBOARD_TABLES.recent_failures,
    });
  });

  it('never writes: a table query that deletes fails and every row stays', async () => {
    const observation = await probe({
      wipe: { query: 'DELETE FROM processing_jobs RETURNING id' },
      chained: { query: 'SELECT 1; DELETE FROM processing_jobs' },
    });
    expect(observation.status).toBe('degraded');
    const tables = observation.detail?.tables as Record<string, { error?: string }>;
    expect(tables.wipe?.error).toMatch(/syntax error at or near "DELETE"/);
    expect(tables.chained?.error).toBe('cannot insert multiple commands into a prepared statement');
    expect(await server.psql('app', 'SELECT count(*) FROM processing_jobs')).toBe('12');
  });

  it('is down naming the table query that hung past the timeout', async () => {
    const observation = await probe(
      { recent_jobs: DASHBOARD_TABLES.recent_jobs, stuck: { query: 'SELECT pg_sleep(30)' } },
      { timeout: '2s' },
    );
    expect(observation).toEqual({
      status: 'down',
      message: 'timed out after 2 s running table query "stuck"',
    });
    // The server gives the statement up too (statement_timeout is the check's timeout): no session
    // of ours is left running it. Polled: the backend notices at its own next check.
    let running = '';
    for (let attempt = 0; attempt < 100 && running !== '0'; attempt += 1) {
      running = await server.psql(
        'app',
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vigil' AND state = 'active'",
      );
      if (running !== '0') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(running).toBe('0');
  });

  it('refuses more than 20 rows and a name that is not one word', () => {
    const result = PostgresCheckSchema.safeParse({
      id: 'db',
      type: 'postgres',
      url: 'postgres://vigil@127.0.0.1/app',
      tables: { 'last jobs': { query: 'SELECT 1' }, jobs: { query: 'SELECT 1', maxRows: 50 } },
    });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['tables.jobs.maxRows', 'expected at most 20 rows; a table keeps a few rows, not a report'],
      [
        'tables.last jobs',
        '"last jobs" is not a table name; use letters, digits, "_" or "-" (at most 64), such as "recent_failures"',
      ],
    ]);
  });
});
