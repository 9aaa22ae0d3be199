import path from 'node:path';

/** Where a source's alert state (open alerts, the outbox) lives, under data/. */
export function getAlertStateFile(source: string): string {
  return path.join('state', `${source}.alerts.json`);
}
