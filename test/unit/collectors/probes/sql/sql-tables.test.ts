import { describe, expect, it } from 'vitest';
import {
  buildSqlTable,
  runTableQueries,
  SQL_CELL_MAX_CHARS,
  SQL_TABLE_MAX_COLUMNS,
  toCellText,
} from '../../../../../collectors/probes/sql/sql-tables.ts';
import { createRedactor } from '../../../../../core/redact/redact.ts';
import { SQL_TABLE_MAX_BYTES, SqlDetailSchema } from '../../../../../core/results/sql.ts';

const redact = createRedactor(['hunter2-secret']);

describe('toCellText', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['failed: timeout', 'failed: timeout'],
    [42, '42'],
    [12.5, '12.5'],
    [9_007_199_254_740_993n, '9007199254740993'],
    [true, 'true'],
    [new Date('2026-12-02T00:30:00Z'), '2026-12-02T00:30:00.000Z'],
    [new Uint8Array([1, 2, 3]), '(binary, 3 bytes)'],
    [Buffer.from('abcd'), '(binary, 4 bytes)'],
    [{ mime: ['image/png'] }, '{"mime":["image/png"]}'],
  ])('%o → %j', (value, text) => {
    expect(toCellText(value)).toBe(text);
  });
});

describe('buildSqlTable', () => {
  it('keeps columns and rows as text, marked truncated when the query had more rows than kept', () => {
    const table = buildSqlTable(
      {
        columns: ['id', 'status', 'attempts'],
        rows: [
          [1, 'failed', 3],
          [2, 'completed', null],
          [3, 'pending', 0],
        ],
      },
      2,
      redact,
    );
    expect(table).toEqual({
      columns: ['id', 'status', 'attempts'],
      rows: [
        ['1', 'failed', '3'],
        ['2', 'completed', ''],
      ],
      truncated: true,
    });
    expect(SqlDetailSchema.parse({ tables: { jobs: table } })).toEqual({ tables: { jobs: table } });
  });

  it('is not truncated when every row fits', () => {
    expect(buildSqlTable({ columns: ['n'], rows: [[1]] }, 10, redact)).toEqual({
      columns: ['n'],
      rows: [['1']],
      truncated: false,
    });
  });

  it('masks URL credentials, the check’s secrets and whole columns named like secrets', () => {
    const table = buildSqlTable(
      {
        columns: ['user_id', 'api_token', 'error_message'],
        rows: [
          ['u1', 'tok-123', 'upload to https://svc:hunter2-secret@s3.internal/b failed'],
          ['u2', null, 'GET https://api.internal/x?token=abc&page=2 gave 500; password hunter2-secret'],
        ],
      },
      10,
      redact,
    );
    expect(table.rows).toEqual([
      ['u1', '***', 'upload to https://svc:***@s3.internal/b failed'],
      ['u2', '', 'GET https://api.internal/x?token=***&page=2 gave 500; password ***'],
    ]);
    expect(JSON.stringify(table)).not.toContain('hunter2');
    expect(JSON.stringify(table)).not.toContain('tok-123');
  });

  it('cuts a huge cell at 1 KiB with "…", masking a secret that crosses the cut', () => {
    const before = 'x'.repeat(SQL_CELL_MAX_CHARS - 5);
    const huge = `${before}hunter2-secret${'y'.repeat(5_000_000)}`;
    const table = buildSqlTable({ columns: ['error'], rows: [[huge]] }, 10, redact);
    const [cell] = table.rows[0] ?? [];
    expect(cell).toBe(`${before}***yy…`);
    expect(table.truncated).toBe(true);
  });

  it('never cuts inside a surrogate pair', () => {
    const text = `${'a'.repeat(SQL_CELL_MAX_CHARS - 1)}😀${'b'.repeat(10)}`;
    const [cell] = buildSqlTable({ columns: ['t'], rows: [[text]] }, 1, redact).rows[0] ?? [];
    expect(cell).toBe(`${'a'.repeat(SQL_CELL_MAX_CHARS - 1)}…`);
  });

  it('stops adding rows at 16 KiB and says so', () => {
    const row = ['é'.repeat(SQL_CELL_MAX_CHARS - 1)];
    const table = buildSqlTable(
      { columns: ['message'], rows: Array.from({ length: 20 }, () => row) },
      20,
      redact,
    );
    const bytes = table.rows.flat().reduce((total, cell) => total + Buffer.byteLength(cell), 0);
    expect(bytes).toBeLessThanOrEqual(SQL_TABLE_MAX_BYTES);
    expect(table.rows.length).toBe(8);
    expect(table.truncated).toBe(true);
  });

  it(`keeps at most ${SQL_TABLE_MAX_COLUMNS} columns`, () => {
    const columns = Array.from({ length: 30 }, (_, index) => `c${index}`);
    const table = buildSqlTable({ columns, rows: [columns.map((_, index) => index)] }, 1, redact);
    expect(table.columns).toHaveLength(SQL_TABLE_MAX_COLUMNS);
    expect(table.rows[0]).toHaveLength(SQL_TABLE_MAX_COLUMNS);
    expect(table.truncated).toBe(true);
  });
});

describe('runTableQueries', () => {
  const tables = {
    recent_jobs: { query: 'SELECT 1', maxRows: 2 },
    recent_failures: { query: 'SELECT broken', maxRows: 10, title: 'Last 10 failures' },
  };

  it('redacts a cell as far past its cut as the longest secret reaches', async () => {
    const longSecret = `ey${'J'.repeat(3000)}`;
    const before = 'x'.repeat(SQL_CELL_MAX_CHARS - 10);
    const outcome = await runTableQueries(
      { notes: { query: 'SELECT body', maxRows: 1 } },
      async () => ({ columns: ['body'], rows: [[`${before}${longSecret} after`]] }),
      {
        describeError: String,
        isAborted: () => false,
        redact: createRedactor([longSecret]),
        longestSecretChars: longSecret.length,
      },
    );
    expect(outcome.tables.notes?.rows).toEqual([[`${before}*** after`]]);
  });

  it('reads one row past maxRows, keeps a failing query’s error in its table, and runs the rest', async () => {
    const limits: number[] = [];
    const outcome = await runTableQueries(
      tables,
      async (sql, rowLimit) => {
        limits.push(rowLimit);
        if (sql === 'SELECT broken')
          throw new Error('column "broken" does not exist; url postgres://a:hunter2-secret@h');
        return { columns: ['id'], rows: [[1], [2], [3]] };
      },
      { describeError: (error) => (error as Error).message, isAborted: () => false, redact },
    );
    expect(limits).toEqual([3, 11]);
    expect(outcome).toEqual({
      tables: {
        recent_jobs: { columns: ['id'], rows: [['1'], ['2']], truncated: true },
        recent_failures: {
          title: 'Last 10 failures',
          columns: [],
          rows: [],
          truncated: false,
          error: 'column "broken" does not exist; url postgres://a:***@h',
        },
      },
      failures: ['table "recent_failures" failed: column "broken" does not exist; url postgres://a:***@h'],
    });
  });

  it('rethrows once aborted, so the probe reports the timeout', async () => {
    let aborted = false;
    const running = runTableQueries(
      tables,
      async () => {
        aborted = true;
        throw new Error('Connection terminated');
      },
      { describeError: String, isAborted: () => aborted, redact },
    );
    await expect(running).rejects.toThrow('Connection terminated');
  });
});
