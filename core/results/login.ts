import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

const LoginDetailShape = z.object({
  /** The line the figures were read from (`uptime`'s, or the first of `w`), at most 256 characters. */
  uptimeLine: z.string(),
});
export const LoginDetailSchema = LoginDetailShape.loose();
export type LoginDetail = z.infer<typeof LoginDetailShape>;

export const LoginMetricsSchema = z.object({
  /** Sessions logged in, as `uptime` counts them; absent when its output names no user count. */
  users: z.number().exactOptional(),
  load1: z.number().exactOptional(),
  load5: z.number().exactOptional(),
  load15: z.number().exactOptional(),
});
export type LoginMetrics = z.infer<typeof LoginMetricsSchema>;

export const LOGIN_METRICS = listFieldNames(LoginMetricsSchema);
