import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';
import { SqlMetricQueriesSchema, SqlTablesSchema } from './sql-queries.ts';

/** Connects to PostgreSQL, times `SELECT 1`, reads the database size and runs read-only metric queries. */
export const PostgresCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('postgres').meta({ description: 'PostgreSQL: connect, SELECT 1, size, metric queries.' }),
  /**
   * Connection URL: `postgres://user@host:5432/db`; a Unix socket as
   * `postgres://user@/db?host=/var/run/postgresql`. Credentials in it are redacted.
   */
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      error: 'expected a URL such as "postgres://monitor@db.internal:5432/app"',
    })
    .meta({
      description:
        'postgres://user@host:port/db (a socket: ?host=/var/run/postgresql); credentials are redacted.',
      examples: [
        'postgres://monitor@db.internal:5432/app',
        'postgres://monitor@/app?host=/var/run/postgresql',
      ],
    }),
  /** Password; overrides the URL's. Give it as `${ENV_VAR}`. */
  password: z
    .string()
    .optional()
    .meta({ description: "Password; overrides the URL's. Use ${ENV_VAR}.", examples: ['${PGPASSWORD}'] }),
  /** Named read-only queries recorded as metrics. */
  queries: SqlMetricQueriesSchema,
  /** Named read-only queries whose rows are kept and shown as tables. */
  tables: SqlTablesSchema,
});
export type PostgresCheck = z.infer<typeof PostgresCheckSchema>;
