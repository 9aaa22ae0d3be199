import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

// What the three SQL probes (postgres, mysql, sqlite) store alike: one answer to `SELECT 1`, the
// server's version and size, and one number per named metric query.

const SqlDetailShape = z.object({
  /** The server's own version string: "16.4 (Debian 16.4-1.pgdg120+1)", "10.11.6-MariaDB-0+deb12u1", "3.46.1". */
  version: z.string().exactOptional(),
  /** One line per metric query that gave no number: `query "jobs" failed: …`. */
  queryFailures: z.array(z.string()).exactOptional(),
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
