import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

// What the three SQL probes (postgres, mysql, sqlite) store alike: one answer to `SELECT 1`, the
// server's version and size, and one number per named metric query.

/** The most bytes (UTF-8, cells and column names) one stored table holds; rows past it are left out. */
export const SQL_TABLE_MAX_BYTES = 16 * 1024;

/** One `tables:` query's rows as stored: column names and cells as text, capped and redacted. */
export const SqlTableSchema = z.object({
  /** The heading the config gave (`tables.<name>.title`); absent: the name in words. */
  title: z.string().exactOptional(),
  /** Column names in the query's order. */
  columns: z.array(z.string()),
  /** At most the table's maxRows rows, each one cell per column, as text (NULL is ""). */
  rows: z.array(z.array(z.string())),
  /** Rows, columns or cells were left out or cut: more than maxRows rows, the 16 KiB cap, a cell cut at 1 KiB. */
  truncated: z.boolean(),
  /** Why the query gave no rows to show (its database error, "timed out …"); absent when it ran. */
  error: z.string().exactOptional(),
});
export type SqlTable = z.infer<typeof SqlTableSchema>;

const SqlDetailShape = z.object({
  /** The server's own version string: "16.4 (Debian 16.4-1.pgdg120+1)", "10.11.6-MariaDB-0+deb12u1", "3.46.1". */
  version: z.string().exactOptional(),
  /** One line per metric query that gave no number: `query "jobs" failed: …`. */
  queryFailures: z.array(z.string()).exactOptional(),
  /** Each `tables:` query by its name, in config order; absent when the check declares none. */
  tables: z.record(z.string(), SqlTableSchema).exactOptional(),
});
export const SqlDetailSchema = SqlDetailShape.loose();
export type SqlDetail = z.infer<typeof SqlDetailShape>;

/** The metrics the probes name themselves; each metric query's number comes on top, by its name. */
export const SqlBuiltinMetricsSchema = z.object({
  /** `SELECT 1`'s round trip. */
  queryMs: z.number().exactOptional(),
  /** Connecting (opening the file, for SQLite). */
  connectMs: z.number().exactOptional(),
  /** The database's size (MySQL: only when the URL names a database). */
  sizeBytes: z.number().exactOptional(),
});
export type SqlBuiltinMetrics = z.infer<typeof SqlBuiltinMetricsSchema>;

export const SqlMetricsSchema = SqlBuiltinMetricsSchema.catchall(z.number());
export type SqlMetrics = z.infer<typeof SqlMetricsSchema>;

export const SQL_METRICS = listFieldNames(SqlBuiltinMetricsSchema);
