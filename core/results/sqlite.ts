import { type SqlDetail, SqlDetailSchema, type SqlMetrics, SqlMetricsSchema } from './sql.ts';

// sqlite: the result all SQL probes share (core/results/sql.ts).

export const SqliteDetailSchema = SqlDetailSchema;
export type SqliteDetail = SqlDetail;

export const SqliteMetricsSchema = SqlMetricsSchema;
export type SqliteMetrics = SqlMetrics;
