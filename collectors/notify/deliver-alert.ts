import type { AlertProvider } from '../../core/model/alerts-schema.ts';
import type { Alert } from './alert.ts';
import type { ProviderDefinition } from './providers/provider-types.ts';
import type { ALERT_PROVIDERS } from './providers/registry.ts';
import { waitUnlessAborted } from './wait-unless-aborted.ts';

export interface DeliveryOptions {
  /** The run's alert deadline. */
  signal: AbortSignal;
  deadlineAtMs: number;
  now: () => Date;
  /** Base of the exponential backoff; tests pass a short one. */
  backoffBaseMs?: number;
  random?: () => number;
  registry?: typeof ALERT_PROVIDERS;
}

export type DeliveryOutcome =
  | { status: 'sent'; attempts: number }
  /** `isRetryable`: a later run may succeed (kept in the outbox); otherwise dropped. */
  | { status: 'failed'; attempts: number; reason: string; isRetryable: boolean; notBeforeMs?: number };

/**
 * Delivers one alert to one provider: tries again after a network error, a timeout, a 429 or a 5xx,
 * waiting the server's Retry-After or an exponential backoff with jitter, never past the deadline. A
 * Retry-After longer than the time left ends the attempts; the outbox waits it out.
 */
export async function deliverAlert(
  provider: AlertProvider,
  alert: Alert,
  options: DeliveryOptions,
): Promise<DeliveryOutcome> {
  // The senders load with the first alert a run delivers; a run with nothing to say never loads them.
  const registry = options.registry ?? (await import('./providers/registry.ts')).ALERT_PROVIDERS;
  // The registry is keyed by type, so this entry's sender takes this provider's fields.
  const definition = registry[provider.type] as ProviderDefinition<AlertProvider['type']>;
  const random = options.random ?? Math.random;
  const baseMs = options.backoffBaseMs ?? 500;
  let reason = 'out of time for alerts';
  for (let attempt = 1; attempt <= provider.retries + 1; attempt += 1) {
    if (options.signal.aborted) return { status: 'failed', attempts: attempt - 1, reason, isRetryable: true };
    const outcome = await definition.send(alert, provider, {
      timeoutMs: provider.timeout,
      signal: options.signal,
      now: options.now,
    });
    if (outcome.ok) return { status: 'sent', attempts: attempt };
    reason = outcome.reason;
    if (!outcome.isRetryable) return { status: 'failed', attempts: attempt, reason, isRetryable: false };
    if (attempt === provider.retries + 1) break;
    const backoffMs = baseMs * 2 ** (attempt - 1) * (0.5 + random());
    const waitMs = Math.max(outcome.retryAfterMs ?? 0, backoffMs);
    const leftMs = options.deadlineAtMs - options.now().getTime();
    if (waitMs >= leftMs) {
      const notBeforeMs =
        outcome.retryAfterMs === undefined ? undefined : options.now().getTime() + outcome.retryAfterMs;
      return {
        status: 'failed',
        attempts: attempt,
        reason: `${reason}${outcome.retryAfterMs !== undefined ? ` (Retry-After ${Math.ceil(outcome.retryAfterMs / 1000)} s)` : ''}`,
        isRetryable: true,
        ...(notBeforeMs !== undefined ? { notBeforeMs } : {}),
      };
    }
    await waitUnlessAborted(waitMs, options.signal);
  }
  return { status: 'failed', attempts: provider.retries + 1, reason, isRetryable: true };
}
