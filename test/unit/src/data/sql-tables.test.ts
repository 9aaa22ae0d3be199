import { describe, expect, it } from 'vitest';
import { listFacts, listSqlTables, withoutSqlTables } from '../../../../src/data/sql-tables.ts';

const detail = {
  version: '3.46.1',
  tables: {
    recent_failures: {
      title: 'Last 10 failures',
      columns: ['id', 'error_message'],
      rows: [['6', 'upload failed']],
      truncated: false,
    },
    users_near_limit: { columns: ['user_id'], rows: [], truncated: false },
    broken: { columns: [], rows: [], truncated: false, error: 'no such column: nope' },
    written_by_a_newer_version: { cells: 'unknown shape' },
  },
};

describe('listSqlTables', () => {
  it('reads each stored table in order, labelled by its title or its name in words; an unreadable one is left out', () => {
    expect(listSqlTables('sqlite', detail)).toEqual([
      {
        name: 'recent_failures',
        label: 'Last 10 failures',
        columns: ['id', 'error_message'],
        rows: [['6', 'upload failed']],
        truncated: false,
        error: undefined,
      },
      {
        name: 'users_near_limit',
        label: 'Users near limit',
        columns: ['user_id'],
        rows: [],
        truncated: false,
        error: undefined,
      },
      {
        name: 'broken',
        label: 'Broken',
        columns: [],
        rows: [],
        truncated: false,
        error: 'no such column: nope',
      },
    ]);
  });

  it('is empty for a result stored before tables existed, and for other check types', () => {
    expect(listSqlTables('postgres', { version: '16.4' })).toEqual([]);
    expect(listSqlTables('docker', detail)).toEqual([]);
  });
});

describe('withoutSqlTables', () => {
  it('leaves the tables to their own section, and other types’ details as they are', () => {
    expect(withoutSqlTables('mysql', detail)).toEqual({ version: '3.46.1' });
    expect(withoutSqlTables('docker', detail)).toBe(detail);
  });
});

describe('listFacts', () => {
  it('keeps the order written, numbers as written and true/false in words', () => {
    expect(
      listFacts({ 'WebP quality': 85, 'S3 storage': false, Thumbnails: true, MIME: 'image/png' }),
    ).toEqual([
      { label: 'WebP quality', value: '85' },
      { label: 'S3 storage', value: 'no' },
      { label: 'Thumbnails', value: 'yes' },
      { label: 'MIME', value: 'image/png' },
    ]);
    expect(listFacts(undefined)).toEqual([]);
  });
});
