import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';
import { SqlMetricQueriesSchema, SqlTablesSchema } from './sql-queries.ts';

/** Connects to MySQL or MariaDB, times `SELECT 1`, reads the database size and runs read-only metric queries. */
export const MysqlCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z
    .literal('mysql')
    .meta({ description: 'MySQL or MariaDB: connect, SELECT 1, size, metric queries.' }),
  /** Connection URL: `mysql://user@host:3306/db`. Credentials in it are redacted. */
  url: z
    .string()
    .regex(/^(mysql|mariadb):\/\//, {
      error: 'expected a URL such as "mysql://monitor@db.internal:3306/app"',
    })
    .meta({
      description: 'mysql://user@host:port/db; credentials in it are redacted.',
      examples: ['mysql://monitor@db.internal:3306/app'],
    }),
  /** Unix socket to connect through instead of the URL's host and port. */
  socketPath: z
    .string()
    .min(1)
    .optional()
    .meta({
      description: "Unix socket to use instead of the URL's host and port.",
      examples: ['/run/mysqld/mysqld.sock'],
    }),
  /** Password; overrides the URL's. Give it as `${ENV_VAR}`. */
  password: z
    .string()
    .optional()
    .meta({ description: "Password; overrides the URL's. Use ${ENV_VAR}.", examples: ['${MYSQL_PASSWORD}'] }),
  /** Named read-only queries recorded as metrics. */
  queries: SqlMetricQueriesSchema,
  /** Named read-only queries whose rows are kept and shown as tables. */
  tables: SqlTablesSchema,
});
export type MysqlCheck = z.infer<typeof MysqlCheckSchema>;
