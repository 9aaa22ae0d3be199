import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../core/model/index.ts';
import { resolveCacheDir } from './day-cache.ts';
import type { WarmUpTask } from './day-cache-worker.ts';
import { getDayFoldSettings, getRawWindow } from './day-parts.ts';

// Shared by astro.config.mjs (which starts the warm-up) and the build's bundled pages (which wait for
// it): the same key on globalThis, as the build clock does it.
const WARM_UP_KEY = Symbol.for('vigil.dayCacheWarmUp');

/** The most worker threads a warm-up starts. */
const MAX_WORKERS = 4;

/**
 * Cores left to Vite and the main thread: Rolldown bundles on every core it finds, so on a 2-core
 * machine a worker only competes with it (measured: no faster, 150 MB more); from 4 cores on the
 * cores it leaves idle fold the days.
 */
const CORES_FOR_THE_BUILD = 2;

/**
 * Folds the day files the build will read into the build cache in worker threads, started when the
 * build starts: while Vite bundles the pages, the cores it leaves idle parse and validate the days
 * no earlier build folded. The pages then read every day from the cache. Nothing depends on it: a
 * worker that fails leaves its days to the build itself.
 */
export function startDayCacheWarmUp(input: {
  config: Pick<Config, 'checks' | 'site'>;
  dataDir: string;
  nowMs: number;
  /** Worker threads to start; default: the cores beyond the build's own two, at most four. */
  workers?: number;
}): void {
  const cacheDir = resolveCacheDir(input.dataDir);
  const slots = input.workers ?? countWarmUpWorkers();
  if (cacheDir === undefined || slots < 1) return;
  const settings = getDayFoldSettings(input.config);
  const workers: Worker[] = [];
  const done = Array.from({ length: slots }, (_, slot) => {
    const task: WarmUpTask = {
      dataDir: input.dataDir,
      cacheDir,
      settings: {
        renames: [...settings.renames],
        fullHistoryIds: [...settings.fullHistoryIds],
        showCollectorAddress: settings.showCollectorAddress,
      },
      ...getRawWindow(input.config.site, input.nowMs),
      slot,
      slots,
    };
    return new Promise<void>((resolve) => {
      const worker = new Worker(new URL('./day-cache-worker.ts', import.meta.url), { workerData: task });
      // A build that fails before its pages ask for the data ends at once, not when the warm-up does.
      worker.unref();
      workers.push(worker);
      worker.once('exit', () => resolve());
      worker.once('error', () => resolve());
    });
  });
  const warmUp: WarmUp = { workers, done: Promise.all(done).then(() => {}) };
  (globalThis as Record<symbol, unknown>)[WARM_UP_KEY] = warmUp;
}

interface WarmUp {
  workers: Worker[];
  done: Promise<void>;
}

/** How many worker threads a warm-up starts on this machine (none on 2 cores). */
export function countWarmUpWorkers(): number {
  return Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - CORES_FOR_THE_BUILD));
}

/** The warm-up of this build, if one runs: the pages read data/ once it has folded its days. */
export async function getDayCacheWarmUp(): Promise<void> {
  const warmUp = (globalThis as Record<symbol, unknown>)[WARM_UP_KEY] as WarmUp | undefined;
  if (warmUp === undefined) return;
  // Waited for now: the workers keep the process alive until they are done.
  for (const worker of warmUp.workers) worker.ref();
  await warmUp.done;
}
