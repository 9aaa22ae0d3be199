import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';
import { SqlMetricQueriesSchema, SqlTablesSchema } from './sql-queries.ts';

/** Opens an SQLite file read-only, times `SELECT 1`, reads its size and runs metric queries. */
export const SqliteCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z
    .literal('sqlite')
    .meta({ description: 'SQLite file: open read-only, SELECT 1, size, metric queries.' }),
  /** The database file; it is opened read-only and never created. */
  path: z
    .string()
    .min(1)
    .meta({
      description: 'Database file, opened read-only (never created).',
      examples: ['/srv/imaging/jobs.sqlite3'],
    }),
  /** Named read-only queries recorded as metrics. */
  queries: SqlMetricQueriesSchema,
  /** Named read-only queries whose rows are kept and shown as tables. */
  tables: SqlTablesSchema,
});
export type SqliteCheck = z.infer<typeof SqliteCheckSchema>;
