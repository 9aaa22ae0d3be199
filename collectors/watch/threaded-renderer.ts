import { Worker } from 'node:worker_threads';
import type { DataRenderer, RenderDataInputs, RenderDataOutcome } from '../render/render-data-outputs.ts';
import type { RenderReply, RenderRequest } from './render-messages.ts';

const WORKER_FILE = new URL('./render-worker.ts', import.meta.url);

/**
 * A DataRenderer whose renders run in a worker thread (render-worker.ts), keeping its caches there
 * between renders. A worker that died is started again by the next render.
 */
export function createThreadedRenderer(inputs: RenderDataInputs): DataRenderer {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (outcome: RenderDataOutcome) => void; reject: (error: Error) => void }
  >();
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const startWorker = (): Worker => {
    const started = new Worker(WORKER_FILE, { workerData: inputs });
    started.on('message', (reply: RenderReply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.outcome);
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`the render worker ended (exit code ${code})`));
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
        pending.set(id, { resolve, reject });
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
