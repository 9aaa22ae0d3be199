import { Worker } from 'node:worker_threads';
import type { DataRenderer, RenderDataInputs, RenderDataOutcome } from '../render/render-data-outputs.ts';
import type { RenderReply, RenderRequest } from './render-messages.ts';

const WORKER_FILE = new URL('./render-worker.ts', import.meta.url);

/**
 * A render that has not answered by then never will (a worker stuck in a loop or on a hung disk):
 * it is ended, the render fails, and the next one starts a fresh worker. Renders take milliseconds
 * to a few seconds (a cold start at 1,000 components), so this only cuts one that is stuck.
 */
export const RENDER_TIMEOUT_MS = 60_000;

/**
 * A DataRenderer whose renders run in a worker thread (render-worker.ts), keeping its caches there
 * between renders. A worker that died is started again by the next render.
 */
export function createThreadedRenderer(
  inputs: RenderDataInputs,
  timeoutMs = RENDER_TIMEOUT_MS,
): DataRenderer {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<
    number,
    { worker: Worker; resolve: (outcome: RenderDataOutcome) => void; reject: (error: Error) => void }
  >();
  // A worker's renders fail with it; a fresh worker's renders are not its.
  const failAll = (error: Error, of: Worker) => {
    for (const [id, waiter] of pending) {
      if (waiter.worker !== of) continue;
      pending.delete(id);
      waiter.reject(error);
    }
  };
  const startWorker = (): Worker => {
    const started = new Worker(WORKER_FILE, { workerData: inputs });
    started.on('message', (reply: RenderReply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.outcome);
    });
    started.on('error', (error) => failAll(error, started));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`the render worker ended (exit code ${code})`), started);
    });
    // The watch's own timers keep it alive; an idle renderer must not.
    started.unref();
    return started;
  };
  return {
    render(nowMs = Date.now()) {
      worker ??= startWorker();
      const id = nextId++;
      const active = worker;
      return new Promise<RenderDataOutcome>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!pending.has(id)) return;
          if (worker === active) worker = undefined;
          // Its other renders fail with it (through 'exit'); this one says why.
          pending.delete(id);
          reject(new Error(`the render did not answer within ${timeoutMs / 1000} s; its worker was ended`));
          void active.terminate();
        }, timeoutMs);
        timer.unref();
        pending.set(id, {
          worker: active,
          resolve: (outcome) => {
            clearTimeout(timer);
            resolve(outcome);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        active.postMessage({ id, nowMs } satisfies RenderRequest);
      });
    },
    close() {
      const closing = worker;
      worker = undefined;
      void closing?.terminate();
    },
  };
}
