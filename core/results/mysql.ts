import { type SqlDetail, SqlDetailSchema, type SqlMetrics, SqlMetricsSchema } from './sql.ts';

// mysql: the result all SQL probes share (core/results/sql.ts).

export const MysqlDetailSchema = SqlDetailSchema;
export type MysqlDetail = SqlDetail;

export const MysqlMetricsSchema = SqlMetricsSchema;
export type MysqlMetrics = SqlMetrics;
