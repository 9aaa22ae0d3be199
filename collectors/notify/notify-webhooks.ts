import type { Webhook } from '../../core/model/index.ts';
import type { StatusChange } from './find-status-changes.ts';
import { describeWebhook, type PostOptions, postWebhook } from './post-webhook.ts';
import { buildWebhookPayload } from './webhook-payload.ts';

/** How bad a notice is, on the scale of `minSeverity` (maintenance < degraded < down). */
export const SEVERITY = { up: 0, unknown: 0, maintenance: 1, degraded: 2, down: 3 } as const;
export type Severity = keyof typeof SEVERITY;

/** One thing to tell the webhooks that want it, whatever it is about. */
export interface Notice {
  /** Names it in log lines ("db up → down"); never holds a secret. */
  label: string;
  severity: Severity;
  /** Groups it concerns; undefined: the whole site, which every webhook hears of. */
  groups: readonly string[] | undefined;
  payload: (format: Webhook['format']) => unknown;
}

/** Whether this webhook wants to hear of this change: its groups, and the worse side at least minSeverity. */
export function isWanted(webhook: Webhook, change: StatusChange): boolean {
  return isNoticeWanted(webhook, getStatusChangeReach(change));
}

// A recovery is as severe as the status it ends; a check outside every group only reaches webhooks
// without a groups filter.
function getStatusChangeReach(change: StatusChange): Pick<Notice, 'severity' | 'groups'> {
  return {
    severity: SEVERITY[change.from] > SEVERITY[change.to] ? change.from : change.to,
    groups: change.group === undefined ? [] : [change.group],
  };
}

/** A webhook limited to groups hears of a notice for one of them, or for the whole site. */
export function isNoticeWanted(webhook: Webhook, notice: Pick<Notice, 'severity' | 'groups'>): boolean {
  const { groups } = notice;
  if (webhook.groups && groups !== undefined && !groups.some((group) => webhook.groups?.includes(group)))
    return false;
  return SEVERITY[notice.severity] >= SEVERITY[webhook.minSeverity];
}

export interface NotifyOptions {
  webhooks: readonly Webhook[];
  changes: readonly StatusChange[];
  siteTitle: string;
  /** One line per delivery problem; secrets are already kept out of it. */
  log: (line: string) => void;
  retryDelayMs?: PostOptions['retryDelayMs'];
  signal?: AbortSignal;
}

/** Tells every webhook about the status changes it wants, all at once; returns how many POSTs failed. */
export async function notifyWebhooks(options: NotifyOptions): Promise<number> {
  const notices = options.changes.map(
    (change): Notice => ({
      label: `${change.checkId} ${change.from} → ${change.to}`,
      ...getStatusChangeReach(change),
      payload: (format) => buildWebhookPayload(format, change, options.siteTitle),
    }),
  );
  return postNotices({ ...options, notices });
}

export interface PostNoticesOptions {
  webhooks: readonly Webhook[];
  notices: readonly Notice[];
  log: (line: string) => void;
  retryDelayMs?: PostOptions['retryDelayMs'];
  /** The run's budget for notifications (see NOTIFY_BUDGET_MS). */
  signal?: AbortSignal;
}

/** POSTs each notice to every webhook that wants it, all at once; returns how many POSTs failed. */
export async function postNotices(options: PostNoticesOptions): Promise<number> {
  const deliveries = options.webhooks.flatMap((webhook) =>
    options.notices
      .filter((notice) => isNoticeWanted(webhook, notice))
      .map((notice) => ({ webhook, notice })),
  );
  const outcomes = await Promise.all(
    deliveries.map(async ({ webhook, notice }) => {
      const outcome = await postWebhook(webhook.url, notice.payload(webhook.format), {
        timeoutMs: webhook.timeout,
        retries: webhook.retries,
        ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!outcome.ok) {
        options.log(
          `vigil notify: ${describeWebhook(webhook)}: ${notice.label} not delivered after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.reason}`,
        );
      }
      return outcome.ok;
    }),
  );
  return outcomes.filter((ok) => !ok).length;
}
