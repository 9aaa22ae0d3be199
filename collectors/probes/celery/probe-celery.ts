import { type CeleryCheck, formatDurationMs } from '../../../core/model/index.ts';
import { createRedactor, type Redact, redactDeep } from '../../../core/redact/redact.ts';
import type { CeleryDetail, CeleryMetrics } from '../../../core/results/celery.ts';
import { JsonRequestError } from '../../transport/get-json-capped.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { readUrlPassword, readWrittenUrlPassword } from '../sql/connection-url.ts';
import { runInspects } from './celery-inspect.ts';
import { getFlowerWorkers, readFlowerWorkers } from './flower-workers.ts';
import { type GatheredReadings, type GatherResult, summarizeCelery } from './summarize-celery.ts';

/** A Flower entry older than this (beyond the check's timeout) is a worker that has gone. */
const FLOWER_FRESH_MS = 60_000;

// Asks the workers through `celery inspect` (or Flower), then judges: down below minWorkers or
// with an expected task missing, degraded when some inspect failed.
async function probeCelery(check: CeleryCheck, context: ProbeContext): Promise<Observation> {
  const redact = makeRedactor(check);
  const gathered =
    check.flower === undefined ? await runInspects(check, context, redact) : await askFlower(check, context);
  if (!gathered.ok)
    return { status: 'down', message: redact(gathered.error), ...withLatency(gathered.latencyMs) };
  return redactDeep(judgeCelery(check, gathered), redact);
}

function judgeCelery(check: CeleryCheck, gathered: GatheredReadings): Observation {
  const summary = summarizeCelery(gathered.readings);
  const missingTasks = check.expectTasks.filter((task) => !summary.allTaskNames.has(task));
  const metrics = {
    ...(gathered.latencyMs === undefined ? {} : { latencyMs: gathered.latencyMs }),
    ...summary.metrics,
  } satisfies CeleryMetrics;
  const detail = {
    askedThrough: gathered.askedThrough,
    ...summary.detail,
    ...(missingTasks.length > 0 ? { missingTasks } : {}),
    ...(gathered.notes.length > 0 ? { notes: gathered.notes } : {}),
  } satisfies CeleryDetail;
  const count = summary.metrics.workers ?? 0;
  const facts = describeCounts(metrics);
  const problems: string[] = [];
  if (count < check.minWorkers) {
    problems.push(
      count === 0
        ? `no worker answered ${gathered.noAnswer}`
        : `${count} of ${check.minWorkers} workers answered (minWorkers ${check.minWorkers})`,
    );
  }
  if (missingTasks.length > 0) problems.push(`not registered by any worker: ${missingTasks.join(', ')}`);
  const status = problems.length > 0 ? 'down' : gathered.notes.length > 0 ? 'degraded' : 'up';
  const message = [...problems, ...(count === 0 ? [] : [facts]), ...gathered.notes].join('; ');
  return { status, message: message === '' ? 'no worker answered (minWorkers 0)' : message, metrics, detail };
}

/** "2 workers: 1 active, 0 reserved, 1 scheduled; 3 tasks registered". */
function describeCounts(metrics: CeleryMetrics): string {
  const workers = metrics.workers ?? 0;
  const counts = (['active', 'reserved', 'scheduled'] as const)
    .filter((name) => metrics[name] !== undefined)
    .map((name) => `${metrics[name]} ${name}`);
  const tasks = metrics.registeredTasks === undefined ? [] : [`${metrics.registeredTasks} tasks registered`];
  const head = `${workers} worker${workers === 1 ? '' : 's'}`;
  return [counts.length === 0 ? head : `${head}: ${counts.join(', ')}`, ...tasks].join('; ');
}

async function askFlower(check: CeleryCheck, context: ProbeContext): Promise<GatherResult> {
  const flower = check.flower as string;
  try {
    const answer = await getFlowerWorkers(flower, { signal: context.signal, maxBytes: check.maxOutputBytes });
    const latency = { latencyMs: answer.latencyMs };
    if (answer.statusCode === 401 || answer.statusCode === 403) {
      return {
        ok: false,
        error: `Flower refused the request (HTTP ${answer.statusCode}): check the credentials in flower`,
        ...latency,
      };
    }
    if (answer.statusCode !== 200)
      return { ok: false, error: `Flower answered HTTP ${answer.statusCode}`, ...latency };
    if (answer.isTruncated) {
      return {
        ok: false,
        error: `Flower's reply is longer than maxOutputBytes (${check.maxOutputBytes}); raise it`,
        ...latency,
      };
    }
    if (answer.json === undefined)
      return { ok: false, error: 'Flower answered HTTP 200 but not with JSON', ...latency };
    const freshWithinMs = FLOWER_FRESH_MS + context.timeoutMs;
    return {
      ok: true,
      askedThrough: 'Flower',
      readings: readFlowerWorkers(answer.json, context.now().getTime(), freshWithinMs),
      notes: [],
      latencyMs: answer.latencyMs,
      noAnswer: `in the last ${formatDurationMs(freshWithinMs)} (Flower)`,
    };
  } catch (error) {
    if (context.signal.aborted) return { ok: false, error: describeTimeout(context, 'waiting for Flower') };
    const said = error instanceof JsonRequestError ? error.message : String(error);
    return { ok: false, error: `Flower: ${said}` };
  }
}

/**
 * Masks the broker's and Flower's passwords besides URL userinfo: as written (`p%21ss`, which a
 * traceback may quote outside a URL), decoded (`p!ss`) and encoded again.
 */
function makeRedactor(check: CeleryCheck): Redact {
  const secrets = [check.broker, check.flower]
    .filter((url): url is string => url !== undefined)
    .flatMap((url) => {
      const password = readUrlPassword(url);
      return password === undefined
        ? []
        : [readWrittenUrlPassword(url), password, encodeURIComponent(password)];
    });
  return createRedactor(secrets);
}

function withLatency(latencyMs: number | undefined): { metrics?: CeleryMetrics } {
  return latencyMs === undefined ? {} : { metrics: { latencyMs } };
}

export const celeryProbe: ProbeDefinition<'celery'> = {
  preload: preloadCommandRunner,
  probe: probeCelery,
};
