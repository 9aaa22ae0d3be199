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
