import {
  type CeleryDetail,
  type CeleryMetrics,
  type CeleryWorker,
  MAX_CELERY_TASK_NAMES,
  MAX_CELERY_WORKERS,
} from '../../../core/results/celery.ts';

/** What was learnt of the workers: who answered, and each method's counts (absent when it failed). */
export interface CeleryReadings {
  /** Workers that answered (ping, or Flower's fresh entries). */
  workerNames: readonly string[];
  active?: ReadonlyMap<string, number>;
  reserved?: ReadonlyMap<string, number>;
  scheduled?: ReadonlyMap<string, number>;
  registered?: ReadonlyMap<string, readonly string[]>;
}

/** What runInspects or askFlower learnt, before judging. */
export interface GatheredReadings {
  ok: true;
  askedThrough: CeleryDetail['askedThrough'];
  readings: CeleryReadings;
  notes: string[];
  latencyMs?: number;
  /** Words for "nobody answered": "within 1 s" for inspect. */
  noAnswer: string;
}
export type GatherResult = GatheredReadings | { ok: false; error: string; latencyMs?: number };

export interface CelerySummary {
  metrics: CeleryMetrics;
  detail: Pick<CeleryDetail, 'workers' | 'registeredTasks' | 'omittedWorkers'>;
  /** Every registered name, uncapped, for expectTasks. */
  allTaskNames: ReadonlySet<string>;
}

/** Per-worker rows and the totals; a total is absent when its method failed for every worker. */
export function summarizeCelery(readings: CeleryReadings): CelerySummary {
  const names = [...new Set(readings.workerNames)].sort();
  const allTaskNames = new Set<string>();
  for (const name of names) for (const task of readings.registered?.get(name) ?? []) allTaskNames.add(task);
  const workers = names.slice(0, MAX_CELERY_WORKERS).map((name): CeleryWorker => {
    const active = readings.active?.get(name);
    const reserved = readings.reserved?.get(name);
    const scheduled = readings.scheduled?.get(name);
    return {
      name,
      ...(active === undefined ? {} : { active }),
      ...(reserved === undefined ? {} : { reserved }),
      ...(scheduled === undefined ? {} : { scheduled }),
      registered: [...(readings.registered?.get(name) ?? [])].slice(0, MAX_CELERY_TASK_NAMES),
    };
  });
  const total = (counts: ReadonlyMap<string, number> | undefined) =>
    counts === undefined ? undefined : names.reduce((sum, name) => sum + (counts.get(name) ?? 0), 0);
  const active = total(readings.active);
  const reserved = total(readings.reserved);
  const scheduled = total(readings.scheduled);
  const metrics: CeleryMetrics = {
    workers: names.length,
    ...(active === undefined ? {} : { active }),
    ...(reserved === undefined ? {} : { reserved }),
    ...(scheduled === undefined ? {} : { scheduled }),
    ...(readings.registered === undefined ? {} : { registeredTasks: allTaskNames.size }),
  };
  const omitted = names.length - workers.length;
  return {
    metrics,
    detail: {
      workers,
      registeredTasks: [...allTaskNames].sort().slice(0, MAX_CELERY_TASK_NAMES),
      ...(omitted > 0 ? { omittedWorkers: omitted } : {}),
    },
    allTaskNames,
  };
}
