import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlProbe } from '../../../../../collectors/probes/mysql/probe-mysql.ts';
import { MysqlCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type MariadbServer, startMariadb } from '../../../../helpers/services/start-mariadb.ts';

const PASSWORD = 'my-Secret/9@pass';
let server: MariadbServer;

beforeAll(async () => {
  server = await startMariadb();
  await server.sql(`
    CREATE DATABASE app;
    CREATE USER 'vigil'@'%' IDENTIFIED BY '${PASSWORD}';
    GRANT ALL ON app.* TO 'vigil'@'%';
    CREATE TABLE app.jobs (id INT AUTO_INCREMENT PRIMARY KEY, state VARCHAR(20) NOT NULL,
      finished_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB;
    INSERT INTO app.jobs (state) VALUES ('done'), ('failed'), ('failed'), ('done');
    CREATE TABLE app.rate_limits (client VARCHAR(40), window_start TIMESTAMP, hits INT);
    INSERT INTO app.rate_limits VALUES ('a', NOW(), 120), ('b', NOW(), 30);`);
});
afterAll(async () => {
  await server?.stop();
});

function parseCheck(fields: Record<string, unknown> = {}) {
  return MysqlCheckSchema.parse({
    id: 'db',
    type: 'mysql',
    url: server.url('vigil', undefined, 'app'),
    password: PASSWORD,
    ...fields,
  });
}

const probe = (fields: Record<string, unknown> = {}) =>
  mysqlProbe.probe(parseCheck(fields), makeProbeContext());

describe('mysql probe against a real MariaDB on loopback', () => {
  it('is up with connect and query latency, version and schema size', async () => {
    const observation = await probe();
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^MariaDB \d+\.\d+\.\d+: SELECT 1 in [\d.]+ ms$/),
      metrics: { connectMs: expect.any(Number), queryMs: expect.any(Number), sizeBytes: expect.any(Number) },
      detail: { version: expect.stringContaining('MariaDB') },
    });
    expect(observation.metrics?.sizeBytes).toBeGreaterThan(0);
  });

  it('records named metric queries (counts and DECIMAL sums) as numbers', async () => {
    const observation = await probe({
      queries: {
        failed_jobs_last_hour:
          "SELECT count(*) FROM jobs WHERE state = 'failed' AND finished_at > NOW() - INTERVAL 1 HOUR",
        rate_limit_hits: 'SELECT SUM(hits) FROM rate_limits',
      },
    });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/2 of 2 metric queries recorded$/),
      metrics: { failed_jobs_last_hour: 2, rate_limit_hits: 150 },
    });
  });

  it('is degraded naming the query with a syntax error, and still records the others', async () => {
    const observation = await probe({
      queries: { broken: 'SELECT count(*) FORM jobs', jobs: 'SELECT count(*) FROM jobs' },
    });
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /1 of 2 metric queries recorded; query "broken" failed: You have an error in your SQL syntax/,
    );
    expect(observation.metrics).toMatchObject({ jobs: 4 });
  });

  it('refuses writes in the read-only transaction and runs one statement only', async () => {
    const observation = await probe({
      queries: {
        sneaky: "DELETE FROM jobs WHERE state = 'done'",
        chained: 'COMMIT; DELETE FROM jobs',
        ddl: 'DROP TABLE rate_limits',
      },
    });
    expect(observation.status).toBe('degraded');
    expect(observation.detail?.queryFailures).toEqual([
      'query "sneaky" failed: Cannot execute statement in a READ ONLY transaction',
      expect.stringMatching(/^query "chained" failed: You have an error in your SQL syntax/),
      'query "ddl" failed: Cannot execute statement in a READ ONLY transaction',
    ]);
    expect(await server.sql('SELECT count(*) FROM app.rate_limits')).toBe('2');
    expect(await server.sql('SELECT count(*) FROM app.jobs')).toBe('4');
  });

  it('is down on a wrong password, without the password in the message', async () => {
    const observation = await probe({ password: 'wrong-Pa55word' });
    expect(observation).toEqual({
      status: 'down',
      message: expect.stringMatching(
        /^authentication failed: Access denied for user 'vigil'@'[\w.]+' \(using password: YES\)$/,
      ),
    });
    expect(observation.message).not.toContain('wrong-Pa55word');
  });

  it('reads the password from the URL and connects through the Unix socket', async () => {
    const check = MysqlCheckSchema.parse({
      id: 'db',
      type: 'mysql',
      url: server.url('vigil', PASSWORD, 'app'),
      socketPath: server.socketPath,
    });
    expect((await mysqlProbe.probe(check, makeProbeContext())).status).toBe('up');
  });

  it('is down with ECONNREFUSED once the server is stopped', async () => {
    await server.stop();
    const observation = await probe();
    expect(observation).toEqual({ status: 'down', message: `connect ECONNREFUSED 127.0.0.1:${server.port}` });
  });
});
