import { describe, expect, it } from 'vitest';
import { readUrlPassword, withPassword } from '../../../../../collectors/probes/sql/connection-url.ts';
import {
  describeSqlAnswer,
  readMetricValue,
  runMetricQueries,
} from '../../../../../collectors/probes/sql/sql-metrics.ts';
import { PostgresCheckSchema } from '../../../../../core/model/index.ts';
import { createRedactor } from '../../../../../core/redact/redact.ts';

describe('readMetricValue: the first column of the first row as a number', () => {
  it.each([
    [[42], 42],
    [['17'], 17], // PostgreSQL count(*) is a bigint, sent as text
    [['123.50'], 123.5], // MySQL SUM and DECIMAL
    [[' -1e3 '], -1000],
    [[12n], 12],
    [[true], 1],
    [[3, 'ignored'], 3],
    [undefined, 'returned no rows'],
    [[], 'returned no columns'],
    [[null], 'returned NULL'],
    [['ok'], 'returned "ok", not a number'],
    [[Number.NaN], 'returned NaN, not a number'],
    [[{}], 'returned object, not a number'],
  ] as const)('%o → %j', (row, expected) => {
    expect(readMetricValue(row as readonly unknown[] | undefined)).toBe(expected);
  });
});

describe('runMetricQueries', () => {
  it('records each number, names each failing query, and keeps going', async () => {
    const answers: Record<string, readonly unknown[] | Error | undefined> = {
      'SELECT a': [1],
      'SELECT b': new Error('relation "b" does not exist'),
      'SELECT c': undefined,
      'SELECT d': ['4'],
    };
    const outcome = await runMetricQueries(
      { a: 'SELECT a', b: 'SELECT b', c: 'SELECT c', d: 'SELECT d' },
      async (sql) => {
        const answer = answers[sql];
        if (answer instanceof Error) throw answer;
        return answer;
      },
      (error) => (error as Error).message,
      () => false,
    );
    expect(outcome).toEqual({
      metrics: { a: 1, d: 4 },
      failures: ['query "b" failed: relation "b" does not exist', 'query "c" returned no rows'],
    });
  });
});

describe('describeSqlAnswer', () => {
  it('is degraded with the first failure named and every failure in the detail', () => {
    const observation = describeSqlAnswer({
      server: 'PostgreSQL 16.4',
      queryMs: 0.8,
      outcome: { metrics: { ok: 1 }, failures: ['query "x" failed: boom', 'query "y" returned NULL'] },
      queryCount: 3,
    });
    expect(observation).toEqual({
      status: 'degraded',
      message:
        'PostgreSQL 16.4: SELECT 1 in 1 ms, 1 of 3 metric queries recorded; query "x" failed: boom (and 1 more)',
      metrics: { queryMs: 0.8, ok: 1 },
      detail: { queryFailures: ['query "x" failed: boom', 'query "y" returned NULL'] },
    });
  });
});

describe('connection URLs and passwords', () => {
  it.each([
    ['postgres://monitor@db:5432/app', 'postgres://monitor:p%40ss%2Fw@db:5432/app'],
    ['postgres://monitor:old@db/app', 'postgres://monitor:p%40ss%2Fw@db/app'],
    [
      'postgres://monitor@/app?host=/run/postgresql',
      'postgres://monitor:p%40ss%2Fw@/app?host=/run/postgresql',
    ],
    ['postgres:///app?host=/tmp', 'postgres://:p%40ss%2Fw@/app?host=/tmp'],
  ])('withPassword(%s)', (url, expected) => {
    expect(withPassword(url, 'p@ss/w')).toBe(expected);
    expect(readUrlPassword(expected)).toBe('p@ss/w');
  });

  it('leaves a URL alone without a password and hides secrets in text', () => {
    expect(withPassword('mysql://a@h/d', undefined)).toBe('mysql://a@h/d');
    expect(readUrlPassword('mysql://a@h/d')).toBeUndefined();
    expect(createRedactor(['hunter2', undefined, ''])('bad password hunter2 for hunter2')).toBe(
      'bad password *** for ***',
    );
  });
});

describe('metric query names', () => {
  it.each([
    [{ connectMs: 'SELECT 1' }, '"connectMs" is a metric the check records itself; choose another name'],
    [
      { 'has space': 'SELECT 1' },
      '"has space" is not a metric name; use letters, digits, "_", ".", ":" or "-", such as "failed_jobs_last_hour"',
    ],
    [{ empty: '  ' }, 'expected an SQL query that returns one number'],
  ])('%j is rejected', (queries, message) => {
    const result = PostgresCheckSchema.safeParse({
      id: 'db',
      type: 'postgres',
      url: 'postgres://a@b/c',
      queries,
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});
