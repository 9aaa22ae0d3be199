import type { Webhook } from '../model/index.ts';
import type { StatusChange } from './find-status-changes.ts';
import { describeWebhook, type PostOptions, postWebhook } from './post-webhook.ts';
import { buildWebhookPayload } from './webhook-payload.ts';

const SEVERITY = { up: 0, unknown: 0, maintenance: 1, degraded: 2, down: 3 } as const;

/** Whether this webhook wants to hear of this change: its groups, and the worse side at least minSeverity. */
export function isWanted(webhook: Webhook, change: StatusChange): boolean {
  if (webhook.groups && !(change.group !== undefined && webhook.groups.includes(change.group))) return false;
  const worse = Math.max(SEVERITY[change.from], SEVERITY[change.to]);
  return worse >= SEVERITY[webhook.minSeverity];
}

export interface NotifyOptions {
  webhooks: readonly Webhook[];
  changes: readonly StatusChange[];
  siteTitle: string;
  /** One line per delivery problem; secrets are already kept out of it. */
  log: (line: string) => void;
  retryDelayMs?: PostOptions['retryDelayMs'];
}

/** Tells every webhook about the changes it wants, all at once; returns how many POSTs failed. */
export async function notifyWebhooks(options: NotifyOptions): Promise<number> {
  const deliveries = options.webhooks.flatMap((webhook) =>
    options.changes.filter((change) => isWanted(webhook, change)).map((change) => ({ webhook, change })),
  );
  const outcomes = await Promise.all(
    deliveries.map(async ({ webhook, change }) => {
      const outcome = await postWebhook(
        webhook.url,
        buildWebhookPayload(webhook.format, change, options.siteTitle),
        {
          timeoutMs: webhook.timeout,
          retries: webhook.retries,
          ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
        },
      );
      if (!outcome.ok) {
        options.log(
          `vigil notify: ${describeWebhook(webhook)}: ${change.checkId} ${change.from} → ${change.to} not delivered after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.reason}`,
        );
      }
      return outcome.ok;
    }),
  );
  return outcomes.filter((ok) => !ok).length;
}
