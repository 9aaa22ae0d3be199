import { z } from 'zod';
import { listFieldNames } from './result-shape.ts';

/** The unit's properties as systemctl show gives them, each only when it is not empty. */
const SystemdDetailShape = z.object({
  description: z.string().exactOptional(),
  /** "loaded", "not-found", "masked", … */
  loadState: z.string().exactOptional(),
  /** "active", "activating", "failed", … */
  activeState: z.string().exactOptional(),
  /** "running", "exited", "auto-restart", … */
  subState: z.string().exactOptional(),
  /** "enabled", "disabled", "static", … */
  unitFileState: z.string().exactOptional(),
  /** "success", "exit-code", "signal", … */
  result: z.string().exactOptional(),
  mainPid: z.number().exactOptional(),
  /** When the main process started (ISO 8601); active units only. */
  since: z.string().exactOptional(),
});
export const SystemdDetailSchema = SystemdDetailShape.loose();
export type SystemdDetail = z.infer<typeof SystemdDetailShape>;

export const SystemdMetricsSchema = z.object({
  /** NRestarts: restarts systemd made since the unit was last started by hand. */
  restarts: z.number().exactOptional(),
  /** Active units with a start time only. */
  uptimeSeconds: z.number().exactOptional(),
});
export type SystemdMetrics = z.infer<typeof SystemdMetricsSchema>;

export const SYSTEMD_METRICS = listFieldNames(SystemdMetricsSchema);
