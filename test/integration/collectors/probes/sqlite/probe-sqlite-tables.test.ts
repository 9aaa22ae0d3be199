import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteProbe } from '../../../../../collectors/probes/sqlite/probe-sqlite.ts';
import { SqliteCheckSchema } from '../../../../../core/model/index.ts';
import { SqlDetailSchema } from '../../../../../core/results/sql.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { runVigil } from '../../../../helpers/run-vigil.ts';
import {
  DASHBOARD_TABLES,
  EXPECTED_DASHBOARD_TABLES,
  IMAGE_PROCESSOR_SQL,
} from '../../../../helpers/sql-tables-fixture.ts';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-sqlite-tables-'));
  file = path.join(dir, 'db.sqlite3');
  const database = new DatabaseSync(file);
  database.exec(`PRAGMA journal_mode = WAL; ${IMAGE_PROCESSOR_SQL}`);
  database.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const probe = (tables: Record<string, unknown>) =>
  sqliteProbe.probe(
    SqliteCheckSchema.parse({ id: 'jobs', type: 'sqlite', path: file, tables }),
    makeProbeContext(),
  );

describe('sqlite tables against a real SQLite file', () => {
  it('keeps the dashboard’s last jobs, last failures and users near their limit as text, secrets masked', async () => {
    const observation = await probe(DASHBOARD_TABLES);
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^SQLite 3\.\d+\.\d+: SELECT 1 in [\d.]+ ms, 3 of 3 tables read$/);
    expect(observation.detail?.tables).toEqual(EXPECTED_DASHBOARD_TABLES);
    expect(JSON.stringify(observation)).not.toContain('s3-Secret-pass');
    expect(SqlDetailSchema.safeParse(observation.detail).success).toBe(true);
  });

  it('steps through only the rows it keeps, even of an endless query', async () => {
    const observation = await probe({
      endless: {
        query:
          'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n, n * n AS square FROM r',
        maxRows: 3,
      },
    });
    expect(observation.detail?.tables).toEqual({
      endless: {
        columns: ['n', 'square'],
        rows: [
          ['1', '1'],
          ['2', '4'],
          ['3', '9'],
        ],
        truncated: true,
      },
    });
  });

  it('cuts a huge cell at 1 KiB and shows a blob by its size', async () => {
    const observation = await probe({
      huge: { query: "SELECT printf('%.*c', 5000000, 'x') AS body, zeroblob(70000) AS thumbnail" },
    });
    expect(observation.detail?.tables).toEqual({
      huge: {
        columns: ['body', 'thumbnail'],
        rows: [[`${'x'.repeat(1024)}…`, '(binary, 70000 bytes)']],
        truncated: true,
      },
    });
  });

  it('is degraded with SQLite’s words for a query error or a write, and still reads the other tables', async () => {
    const observation = await probe({
      broken: { query: 'SELECT nope FROM processing_jobs' },
      wipe: { query: 'DELETE FROM processing_jobs RETURNING id' },
      recent_failures: DASHBOARD_TABLES.recent_failures,
    });
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /, 1 of 3 tables read; table "broken" failed: no such column: nope \(and 1 more\)$/,
    );
    expect(observation.detail?.tables).toEqual({
      broken: { columns: [], rows: [], truncated: false, error: 'no such column: nope' },
      wipe: { columns: [], rows: [], truncated: false, error: 'attempt to write a readonly database' },
      recent_failures: EXPECTED_DASHBOARD_TABLES.recent_failures,
    });
    const database = new DatabaseSync(file, { readOnly: true });
    expect(database.prepare('SELECT count(*) AS n FROM processing_jobs').get()).toEqual({ n: 12 });
    database.close();
  });

  it('vigil collect masks an environment secret that crosses a cell’s cut: no part of it reaches data/', async () => {
    const token = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const secretFile = path.join(dir, 'secret.sqlite3');
    const database = new DatabaseSync(secretFile);
    database.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    // The token starts at character 1007 of the cell, which is cut at 1024: 17 of its characters.
    database.prepare('INSERT INTO notes (body) VALUES (?)').run(`${'x'.repeat(1000)} token ${token}`);
    database.close();
    const config = path.join(dir, 'secret.config.yaml');
    // The token is a secret of the run (read from the environment for another check's header).
    await writeFile(
      config,
      `site:
  title: Secrets
sources:
  - id: local
checks:
  - id: notes-db
    type: sqlite
    path: ${secretFile}
    tables:
      notes:
        query: SELECT body FROM notes
  - id: api
    type: http
    url: http://127.0.0.1:9/health
    timeout: 1s
    retries: 0
    headers:
      Authorization: Bearer \${API_TOKEN}
`,
    );
    const dataDir = path.join(dir, 'secret-data');
    const run = await runVigil(['collect', '--config', config, '--data', dataDir], {
      cwd: dir,
      env: { API_TOKEN: token },
    });
    expect(run.exitCode).toBe(0);
    const written = await readTree(dataDir);
    expect(written).toContain(`${'x'.repeat(1000)} token ***`);
    for (const fragment of [token.slice(0, 8), token.slice(0, 17), token.slice(-8)])
      expect(written).not.toContain(fragment);
    expect(`${run.stdout}${run.stderr}`).not.toContain(token.slice(0, 8));
  });

  it('a query that never ends: vigil collect gives up at the timeout, writes the line and leaves no process behind', async () => {
    const config = path.join(dir, 'status.config.yaml');
    await writeFile(
      config,
      `site:
  title: Hang
sources:
  - id: local
checks:
  - id: jobs-db
    type: sqlite
    path: ${file}
    timeout: 2s
    retries: 0
    tables:
      recent_jobs:
        query: SELECT id, status FROM processing_jobs ORDER BY id DESC LIMIT 3
      stuck:
        query: WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r
`,
    );
    const run = await runVigil(['collect', '--config', config, '--data', path.join(dir, 'data'), '--json'], {
      cwd: dir,
    });
    expect(run.exitCode).toBe(0);
    const line = JSON.parse(run.stdout) as { results: { id: string; raw?: string; message: string }[] };
    expect(line.results[0]).toMatchObject({
      id: 'jobs-db',
      raw: 'down',
      message: expect.stringContaining('timed out after 2 s'),
    });
    expect(await listProcessesIn(dir)).toEqual([]);
  });
});

/** Every file under `root`, read as text and joined. */
async function readTree(root: string): Promise<string> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
}

/** Pids of the processes whose working directory is `cwd` (the collector and its probe runners). */
async function listProcessesIn(cwd: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const where = await readlink(`/proc/${name}/cwd`).catch(() => undefined);
    if (where === cwd) pids.push(Number(name));
  }
  return pids;
}
