// The incremental renderer in a worker thread of `vigil watch`: a render of a large site is tens to
// hundreds of milliseconds of synchronous work, which must not hold up the thread that keeps the
// runs' deadlines and times their probes' answers.
import { parentPort, workerData } from 'node:worker_threads';
import { createDataRenderer, type RenderDataInputs } from '../render/render-data-outputs.ts';
import type { RenderReply, RenderRequest } from './render-messages.ts';

const renderer = createDataRenderer(workerData as RenderDataInputs);

parentPort?.on('message', (request: RenderRequest) => {
  renderer
    .render(request.nowMs)
    .then((outcome) => parentPort?.postMessage({ id: request.id, outcome } satisfies RenderReply))
    .catch((error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies RenderReply),
    );
});
