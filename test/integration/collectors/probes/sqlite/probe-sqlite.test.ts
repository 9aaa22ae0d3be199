import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteProbe } from '../../../../../collectors/probes/sqlite/probe-sqlite.ts';
import { SqliteCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-sqlite-'));
  file = path.join(dir, 'jobs.sqlite3');
  const database = new DatabaseSync(file);
  database.exec(`
    PRAGMA journal_mode = WAL;
    CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT NOT NULL, finished_at INTEGER NOT NULL);
    INSERT INTO jobs (state, finished_at) VALUES ('done', unixepoch()), ('failed', unixepoch()), ('failed', unixepoch() - 7200);
    CREATE TABLE rate_limit_windows (client TEXT, window_start INTEGER, hits INTEGER);
    INSERT INTO rate_limit_windows VALUES ('a', unixepoch(), 95), ('b', unixepoch(), 12);`);
  database.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const probe = (fields: Record<string, unknown> = {}) =>
  sqliteProbe.probe(
    SqliteCheckSchema.parse({ id: 'jobs', type: 'sqlite', path: file, ...fields }),
    makeProbeContext(),
  );

describe('sqlite probe against a real SQLite file in a temp dir', () => {
  it('is up with open and query latency, version and size', async () => {
    const observation = await probe();
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^SQLite 3\.\d+\.\d+: SELECT 1 in [\d.]+ ms$/),
      metrics: { connectMs: expect.any(Number), queryMs: expect.any(Number), sizeBytes: expect.any(Number) },
    });
    expect(observation.metrics?.sizeBytes).toBeGreaterThan(0);
  });

  it('records job-table and rate-limit metric queries', async () => {
    const observation = await probe({
      queries: {
        failed_jobs_last_hour:
          "SELECT count(*) FROM jobs WHERE state = 'failed' AND finished_at > unixepoch() - 3600",
        busiest_client_hits: 'SELECT max(hits) FROM rate_limit_windows WHERE window_start > unixepoch() - 60',
      },
    });
    expect(observation).toMatchObject({
      status: 'up',
      metrics: { failed_jobs_last_hour: 1, busiest_client_hits: 95 },
    });
  });

  it('is degraded naming the query with a syntax error; writes fail on the read-only connection', async () => {
    const observation = await probe({
      queries: {
        broken: 'SELECT count(*) FORM jobs',
        wipe: 'DELETE FROM jobs RETURNING id',
        jobs: 'SELECT count(*) FROM jobs',
      },
    });
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /: SELECT 1 in [\d.]+ ms, 1 of 3 metric queries recorded; query "broken" failed: near "jobs": syntax error \(and 1 more\)$/,
    );
    expect(observation.detail?.queryFailures).toEqual([
      'query "broken" failed: near "jobs": syntax error',
      'query "wipe" failed: attempt to write a readonly database',
    ]);
    expect(observation.metrics).toMatchObject({ jobs: 3 });
  });

  it('never creates a missing file', async () => {
    const missing = path.join(dir, 'missing.sqlite3');
    const observation = await probe({ path: missing });
    expect(observation).toEqual({ status: 'down', message: `database file not found: ${missing}` });
  });

  it('is down with SQLite’s words for a file that is not a database', async () => {
    const junk = path.join(dir, 'junk.sqlite3');
    await writeFile(
      junk,
      'this is not a database, just text that is long enough to fill a header'.repeat(10),
    );
    expect(await probe({ path: junk })).toEqual({
      status: 'down',
      message: `${junk}: file is not a database`,
    });
  });

  it('is down once the file is gone', async () => {
    const copy = path.join(dir, 'gone.sqlite3');
    new DatabaseSync(copy).close();
    expect((await probe({ path: copy })).status).toBe('up');
    await unlink(copy);
    expect(await probe({ path: copy })).toEqual({
      status: 'down',
      message: `database file not found: ${copy}`,
    });
  });
});
