import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProbe } from '../../../../../collectors/probes/postgres/probe-postgres.ts';
import { PostgresCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type PostgresServer, startPostgres } from '../../../../helpers/services/start-postgres.ts';

const PASSWORD = 'pg-Secret/7@pass';
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
  await server.psql('postgres', `CREATE ROLE vigil LOGIN PASSWORD '${PASSWORD}'`);
  await server.psql('postgres', 'CREATE DATABASE app OWNER vigil');
  await server.psql(
    'app',
    `CREATE TABLE jobs (id serial PRIMARY KEY, state text NOT NULL, finished_at timestamptz NOT NULL DEFAULT now());
     INSERT INTO jobs (state) VALUES ('done'), ('failed'), ('failed'), ('done');
     ALTER TABLE jobs OWNER TO vigil;`,
  );
});
afterAll(async () => {
  await server?.stop();
});

function parseCheck(fields: Record<string, unknown> = {}) {
  return PostgresCheckSchema.parse({
    id: 'db',
    type: 'postgres',
    url: server.url('vigil', undefined, 'app'),
    password: PASSWORD,
    ...fields,
  });
}

const probe = (fields: Record<string, unknown> = {}) =>
  postgresProbe.probe(parseCheck(fields), makeProbeContext());

describe('postgres probe against a real PostgreSQL on loopback', () => {
  it('is up with connect and query latency, version and database size', async () => {
    const observation = await probe();
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^PostgreSQL \d+\.\d+: SELECT 1 in [\d.]+ ms$/),
      metrics: { connectMs: expect.any(Number), queryMs: expect.any(Number), sizeBytes: expect.any(Number) },
      detail: { version: expect.stringMatching(/^\d+\.\d+/) },
    });
    expect(observation.metrics?.sizeBytes).toBeGreaterThan(1_000_000);
  });

  it('records named metric queries as numbers', async () => {
    const observation = await probe({
      queries: {
        failed_jobs_last_hour:
          "SELECT count(*) FROM jobs WHERE state = 'failed' AND finished_at > now() - interval '1 hour'",
        oldest_job_age_seconds: 'SELECT extract(epoch FROM now() - min(finished_at)) FROM jobs',
      },
    });
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/2 of 2 metric queries recorded$/);
    expect(observation.metrics).toMatchObject({
      failed_jobs_last_hour: 2,
      oldest_job_age_seconds: expect.any(Number),
    });
  });

  it('is degraded naming the query with a syntax error, and still records the others', async () => {
    const observation = await probe({
      queries: { broken: 'SELECT count(*) FORM jobs', jobs: 'SELECT count(*) FROM jobs' },
    });
    expect(observation).toMatchObject({
      status: 'degraded',
      message: expect.stringContaining(
        '1 of 2 metric queries recorded; query "broken" failed: syntax error at or near "jobs"',
      ),
      metrics: { jobs: 4 },
    });
  });

  it('refuses writes: a metric query that deletes fails in the read-only transaction', async () => {
    const observation = await probe({
      queries: {
        sneaky: 'DELETE FROM jobs RETURNING id',
        chained: 'COMMIT; DELETE FROM jobs',
      },
    });
    expect(observation.status).toBe('degraded');
    expect(observation.detail?.queryFailures).toEqual([
      'query "sneaky" failed: cannot execute DELETE in a read-only transaction',
      'query "chained" failed: cannot insert multiple commands into a prepared statement',
    ]);
    expect(await server.psql('app', 'SELECT count(*) FROM jobs')).toBe('4');
  });

  it('says which query gave no number', async () => {
    const observation = await probe({
      queries: { none: 'SELECT 1 WHERE false', text: "SELECT 'ok'", empty: 'SELECT NULL' },
    });
    expect(observation.detail?.queryFailures).toEqual([
      'query "none" returned no rows',
      'query "text" returned "ok", not a number',
      'query "empty" returned NULL',
    ]);
  });

  it('is down on a wrong password, without the password in the message', async () => {
    const observation = await probe({ password: 'wrong-Pa55word' });
    expect(observation).toEqual({
      status: 'down',
      message: 'password authentication failed for user "vigil"',
    });
  });

  it('reads the password from the URL when no password field is given', async () => {
    const url = server.url('vigil', PASSWORD, 'app');
    const observation = await postgresProbe.probe(
      PostgresCheckSchema.parse({ id: 'db', type: 'postgres', url }),
      makeProbeContext(),
    );
    expect(observation.status).toBe('up');
  });

  it('connects through the Unix socket given as ?host=', async () => {
    const observation = await probe({
      url: `postgres://vigil@/app?host=${server.socketDir}&port=${server.port}`,
    });
    expect(observation.status).toBe('up');
  });

  it('is down with the server message for a missing database', async () => {
    const observation = await probe({ url: server.url('vigil', undefined, 'nope') });
    expect(observation).toEqual({ status: 'down', message: 'database "nope" does not exist' });
  });

  it('is down with ECONNREFUSED once the server is stopped', async () => {
    await server.stop();
    const observation = await probe();
    expect(observation).toEqual({ status: 'down', message: `connect ECONNREFUSED 127.0.0.1:${server.port}` });
  });
});
