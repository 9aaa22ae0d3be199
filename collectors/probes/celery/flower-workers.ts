import { isRecord } from '../../../core/is-record.ts';
import { getJsonCapped, type JsonAnswer } from '../../transport/get-json-capped.ts';
import { countTaskReplies, readRegisteredReplies } from './parse-celery-inspect.ts';
import type { CeleryReadings } from './summarize-celery.ts';

/**
 * GET `<flower>/api/workers?refresh=1`: Flower inspects every worker before it answers, so a worker
 * that is gone keeps only its old timestamp. Basic-auth credentials in the URL are sent, not shown;
 * a network failure is a JsonRequestError.
 */
export function getFlowerWorkers(
  base: string,
  options: { signal: AbortSignal; maxBytes: number },
): Promise<JsonAnswer> {
  const url = new URL('api/workers', base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('refresh', '1');
  return getJsonCapped(url, options);
}

/**
 * Flower's `/api/workers` (worker name → the replies of its last inspect, with `timestamp` in Unix
 * seconds) as readings. A worker counts as answering when its timestamp is within `freshWithinMs`
 * of now: Flower keeps every worker it ever saw, and a gone one keeps its last timestamp.
 */
export function readFlowerWorkers(json: unknown, nowMs: number, freshWithinMs: number): CeleryReadings {
  const entries = isRecord(json) ? Object.entries(json).filter(([, entry]) => isRecord(entry)) : [];
  const fresh = entries.filter(([, entry]) => {
    const timestamp = (entry as Record<string, unknown>).timestamp;
    return typeof timestamp !== 'number' || timestamp * 1000 >= nowMs - freshWithinMs;
  }) as [string, Record<string, unknown>][];
  const method = (key: string) =>
    Object.fromEntries(fresh.filter(([, entry]) => key in entry).map(([name, entry]) => [name, entry[key]]));
  const hasMethod = (key: string) => fresh.some(([, entry]) => key in entry);
  return {
    workerNames: fresh.map(([name]) => name),
    ...(hasMethod('active') ? { active: countTaskReplies(method('active')) } : {}),
    ...(hasMethod('reserved') ? { reserved: countTaskReplies(method('reserved')) } : {}),
    ...(hasMethod('scheduled') ? { scheduled: countTaskReplies(method('scheduled')) } : {}),
    ...(hasMethod('registered') ? { registered: readRegisteredReplies(method('registered')) } : {}),
  };
}
