import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlProbe } from '../../../../../collectors/probes/mysql/probe-mysql.ts';
import { MysqlCheckSchema } from '../../../../../core/model/index.ts';
import { SqlDetailSchema } from '../../../../../core/results/sql.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type MariadbServer, startMariadb } from '../../../../helpers/services/start-mariadb.ts';
import {
  DASHBOARD_TABLES,
  EXPECTED_DASHBOARD_TABLES,
  IMAGE_PROCESSOR_SQL,
} from '../../../../helpers/sql-tables-fixture.ts';

const PASSWORD = 'my-Tables/9@pass';
let server: MariadbServer;

beforeAll(async () => {
  server = await startMariadb();
  await server.sql(`
    CREATE DATABASE app;
    CREATE USER 'vigil'@'%' IDENTIFIED BY '${PASSWORD}';
    GRANT ALL ON app.* TO 'vigil'@'%';
    USE app;
    ${IMAGE_PROCESSOR_SQL}`);
});
afterAll(async () => {
  await server?.stop();
});

const probe = (tables: Record<string, unknown>, timeoutMs?: number) =>
  mysqlProbe.probe(
    MysqlCheckSchema.parse({
      id: 'db',
      type: 'mysql',
      url: server.url('vigil', undefined, 'app'),
      password: PASSWORD,
      tables,
    }),
    makeProbeContext(timeoutMs === undefined ? {} : { timeoutMs }),
  );

describe('mysql tables against a real MariaDB on loopback', () => {
  it('keeps the dashboard’s last jobs, last failures and users near their limit as text, secrets masked', async () => {
    const observation = await probe(DASHBOARD_TABLES);
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^MariaDB \d+\.\d+\.\d+: SELECT 1 in [\d.]+ ms, 3 of 3 tables read$/);
    expect(observation.detail?.tables).toEqual(EXPECTED_DASHBOARD_TABLES);
    expect(JSON.stringify(observation)).not.toContain('s3-Secret-pass');
    expect(SqlDetailSchema.safeParse(observation.detail).success).toBe(true);
  });

  it('keeps maxRows rows of a long answer and leaves the session’s row limit as it was', async () => {
    const observation = await probe({
      jobs: { query: 'SELECT id, status FROM processing_jobs ORDER BY id', maxRows: 2 },
      all: { query: 'SELECT count(*) AS jobs FROM processing_jobs' },
    });
    expect(observation.detail?.tables).toEqual({
      jobs: {
        columns: ['id', 'status'],
        rows: [
          ['1', 'completed'],
          ['2', 'completed'],
        ],
        truncated: true,
      },
      all: { columns: ['jobs'], rows: [['12']], truncated: false },
    });
  });

  it('cuts a huge cell at 1 KiB and marks the table truncated', async () => {
    const observation = await probe({ huge: { query: "SELECT REPEAT('x', 5000000) AS body, 'ok' AS note" } });
    const table = (
      observation.detail?.tables as Record<string, { rows: string[][]; truncated: boolean }> | undefined
    )?.huge;
    expect(table?.rows[0]).toEqual([`${'x'.repeat(1024)}…`, 'ok']);
    expect(table?.truncated).toBe(true);
  });

  it('is degraded with the server’s words for a query error, and still reads the other tables', async () => {
    const observation = await probe({
      broken: { query: 'SELECT nope FROM processing_jobs' },
      recent_failures: DASHBOARD_TABLES.recent_failures,
    });
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /, 1 of 2 tables read; table "broken" failed: Unknown column 'nope' in 'SELECT'$/,
    );
    expect(observation.detail?.tables).toMatchObject({
      broken: { columns: [], rows: [], truncated: false, error: "Unknown column 'nope' in 'SELECT'" },
      recent_failures: EXPECTED_DASHBOARD_TABLES.recent_failures,
    });
  });

  it('never writes: a table query that deletes fails in the read-only transaction', async () => {
    const observation = await probe({
      wipe: { query: "DELETE FROM processing_jobs WHERE status = 'failed'" },
    });
    expect(observation.status).toBe('degraded');
    expect(observation.detail?.tables).toEqual({
      wipe: {
        columns: [],
        rows: [],
        truncated: false,
        error: 'Cannot execute statement in a READ ONLY transaction',
      },
    });
    expect(await server.sql('SELECT count(*) FROM app.processing_jobs')).toBe('12');
  });

  it('is down naming the table query that hung past the timeout', async () => {
    const observation = await probe(
      { recent_jobs: DASHBOARD_TABLES.recent_jobs, stuck: { query: 'SELECT SLEEP(30) AS slept' } },
      2000,
    );
    expect(observation).toEqual({
      status: 'down',
      message: 'timed out after 2 s running table query "stuck"',
    });
  });

  it('settles at the timeout even when the server would let the table query run on', async () => {
    // The statement's own max_statement_time = 0 lifts the probe's server-side limit: only the
    // probe's deadline (destroying the connection, rejecting the streaming query) ends it.
    const observation = await probe(
      { stuck: { query: 'SET STATEMENT max_statement_time = 0 FOR SELECT SLEEP(30) AS slept' } },
      2000,
    );
    expect(observation).toEqual({
      status: 'down',
      message: 'timed out after 2 s running table query "stuck"',
    });
  }, 10_000);
});
