import { type SqlDetail, SqlDetailSchema, type SqlMetrics, SqlMetricsSchema } from './sql.ts';

// postgres: the result all SQL probes share (core/results/sql.ts).

export const PostgresDetailSchema = SqlDetailSchema;
export type PostgresDetail = SqlDetail;

export const PostgresMetricsSchema = SqlMetricsSchema;
export type PostgresMetrics = SqlMetrics;
