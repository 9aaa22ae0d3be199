// A worker thread of the day cache warm-up (day-cache-warm.ts): folds its share of the day files into
// the build cache, and says nothing (the build replays each file's warnings from the cache).
import { workerData } from 'node:worker_threads';
import { readDayParts } from './day-cache.ts';

export interface WarmUpTask {
  dataDir: string;
  cacheDir: string;
  settings: { renames: [string, string][]; fullHistoryIds: string[]; showCollectorAddress: boolean };
  sinceMs: number;
  untilMs: number;
  slot: number;
  slots: number;
}

if (workerData !== null && typeof workerData === 'object' && 'slots' in workerData) {
  const task = workerData as WarmUpTask;
  await readDayParts(task.dataDir, {
    settings: {
      renames: new Map(task.settings.renames),
      fullHistoryIds: new Set(task.settings.fullHistoryIds),
      showCollectorAddress: task.settings.showCollectorAddress,
    },
    cacheDir: task.cacheDir,
    sinceMs: task.sinceMs,
    untilMs: task.untilMs,
    onWarning: () => {},
    select: (index) => index % task.slots === task.slot,
    tidy: false,
    // Nothing is kept here: the build reads each day back from the cache.
    onPart: () => {},
    // One file at a time: a worker's memory stays one day file's worth.
    concurrency: 1,
  }).catch(() => {});
}
