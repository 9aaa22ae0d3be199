import type { Check, Config, SnapshotLine, StateFile } from '../../core/model/index.ts';
import { findStatusChanges } from './find-status-changes.ts';
import { notifyWebhooks } from './notify-webhooks.ts';
import type { PlaceGate } from './place-gate.ts';

/**
 * After a collect run: tells the configured webhooks which checks changed status since the previous
 * run (a multi-place check: its judged status, told by its announcer alone; see `places`). Delivery
 * problems are logged through `log` (which redacts secrets) and never fail the run.
 */
export async function notifyStatusChanges(
  config: Config,
  checks: readonly Check[],
  previous: StateFile,
  line: SnapshotLine,
  log: (line: string) => void,
  signal?: AbortSignal,
  places?: PlaceGate,
): Promise<void> {
  if (config.publish.webhooks.length === 0) return;
  const changes = findStatusChanges(checks, previous, line.results, line.t, places);
  if (changes.length === 0) return;
  await notifyWebhooks({
    webhooks: config.publish.webhooks,
    changes,
    siteTitle: config.site.title,
    log,
    ...(signal && { signal }),
  });
}
