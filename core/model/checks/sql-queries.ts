import { z } from 'zod';

/** Metrics every SQL check records itself; a named query may not reuse these names. */
export const SQL_BUILTIN_METRICS = ['connectMs', 'queryMs', 'sizeBytes'] as const;

const METRIC_NAME = /^[A-Za-z][\w.:-]*$/;

/**
 * Named read-only queries whose answer (first column of the first row, a number) is recorded as a
 * metric of that name, so thresholds can judge job tables, rate-limit windows and error counts.
 */
export const SqlMetricQueriesSchema = z
  .record(z.string(), z.string().trim().min(1, { error: 'expected an SQL query that returns one number' }))
  .superRefine((queries, context) => {
    for (const name of Object.keys(queries)) {
      const problem = describeNameProblem(name);
      if (problem !== undefined)
        context.addIssue({ code: 'custom', message: problem, path: [name], input: name });
    }
  })
  .default({})
  .meta({
    description:
      'Named read-only queries; the first column of the first row (a number) is recorded as a metric of that name.',
    examples: [{ failed_jobs_last_hour: "SELECT count(*) FROM jobs WHERE state = 'failed'" }],
  });
export type SqlMetricQueries = z.infer<typeof SqlMetricQueriesSchema>;

// Checked on the record rather than its key schema, so the message reaches the user as written.
function describeNameProblem(name: string): string | undefined {
  if (!METRIC_NAME.test(name))
    return `${JSON.stringify(name)} is not a metric name; use letters, digits, "_", ".", ":" or "-", such as "failed_jobs_last_hour"`;
  if ((SQL_BUILTIN_METRICS as readonly string[]).includes(name)) {
    return `${JSON.stringify(name)} is a metric the check records itself; choose another name`;
  }
  return undefined;
}

/** The most rows a `tables:` entry may keep. */
export const SQL_TABLE_MAX_ROWS = 20;

/** Rows a `tables:` entry keeps when it gives no `maxRows`. */
export const SQL_TABLE_DEFAULT_ROWS = 10;

const TABLE_NAME = /^[A-Za-z][\w-]*$/;

/** One query whose rows are kept (capped, redacted) and shown as a table on the component page. */
export const SqlTableQuerySchema = z.strictObject({
  /** A read-only query; its first `maxRows` rows are kept, every cell as text. */
  query: z
    .string()
    .trim()
    .min(1, { error: 'expected an SQL query that returns rows' })
    .meta({
      description: 'Read-only query; its first maxRows rows are kept, each cell as text.',
      examples: ['SELECT id, status, created_at FROM processing_jobs ORDER BY created_at DESC LIMIT 10'],
    }),
  /** The table's heading on the component page; defaults to its name in words. */
  title: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .optional()
    .meta({
      description: "Heading on the component page (default: the table's name).",
      examples: ['Last 10 jobs'],
    }),
  /** Rows kept at most (1 to 20); a table is also cut at 16 KiB. */
  maxRows: z
    .int()
    .min(1)
    .max(SQL_TABLE_MAX_ROWS, {
      error: `expected at most ${SQL_TABLE_MAX_ROWS} rows; a table keeps a few rows, not a report`,
    })
    .default(SQL_TABLE_DEFAULT_ROWS)
    .meta({
      description: `Rows kept at most (1–${SQL_TABLE_MAX_ROWS}, default ${SQL_TABLE_DEFAULT_ROWS}); each table is also cut at 16 KiB.`,
    }),
});
export type SqlTableQuery = z.infer<typeof SqlTableQuerySchema>;

/**
 * Named read-only queries whose rows are kept: columns and cells as text, capped at `maxRows` rows
 * and 16 KiB, secrets masked; shown as tables on the component page (last jobs, recent failures).
 */
export const SqlTablesSchema = z
  .record(z.string(), SqlTableQuerySchema)
  .superRefine((tables, context) => {
    for (const name of Object.keys(tables)) {
      if (!TABLE_NAME.test(name) || name.length > 64) {
        context.addIssue({
          code: 'custom',
          message: `${JSON.stringify(name)} is not a table name; use letters, digits, "_" or "-" (at most 64), such as "recent_failures"`,
          path: [name],
          input: name,
        });
      }
    }
  })
  .optional()
  .meta({
    description:
      'Named read-only queries whose rows are kept (at most maxRows, 16 KiB per table, secrets masked) and shown as tables on the component page.',
    examples: [
      {
        recent_failures: {
          title: 'Last 10 failures',
          query:
            "SELECT id, error_message, attempts, failed_at FROM processing_jobs WHERE status = 'failed' ORDER BY failed_at DESC LIMIT 10",
        },
      },
    ],
  });
export type SqlTables = z.infer<typeof SqlTablesSchema>;
