import type { RenderDataOutcome } from '../render/render-data-outputs.ts';

/** What the watch asks its render worker (render-worker.ts). */
export interface RenderRequest {
  id: number;
  nowMs: number;
}

/** What the render worker answers: the render's outcome, or why it failed. */
export type RenderReply = { id: number; outcome: RenderDataOutcome } | { id: number; error: string };
