import { parseRetryAfterMs } from './providers/http-request.ts';
import { waitUnlessAborted } from './wait-unless-aborted.ts';

export interface PostOptions {
  timeoutMs: number;
  retries: number;
  /** The run's budget for all notifications: no attempt or wait outlives it. */
  signal?: AbortSignal;
  /** Wait before retry n (1-based); tests pass a short one. */
  retryDelayMs?: (retry: number) => number;
}

export type PostOutcome =
  | { ok: true; status: number; attempts: number }
  | { ok: false; reason: string; attempts: number };

/**
 * POSTs JSON once, and again after a network error, a timeout, a 429 or a 5xx, waiting at least the
 * answer's Retry-After. A 4xx other than 429 will not get better by asking again. Never throws: a
 * webhook that cannot be told is logged, not fatal.
 */
export async function postWebhook(url: string, body: unknown, options: PostOptions): Promise<PostOutcome> {
  const delayFor = options.retryDelayMs ?? ((retry) => 500 * 2 ** (retry - 1));
  let reason = '';
  let retryAfterMs: number | undefined;
  for (let attempt = 1; attempt <= options.retries + 1; attempt += 1) {
    if (attempt > 1)
      await waitUnlessAborted(Math.max(delayFor(attempt - 1), retryAfterMs ?? 0), options.signal);
    if (options.signal?.aborted) {
      return {
        ok: false,
        reason: `${reason ? `${reason}; ` : ''}out of time for notifications`,
        attempts: attempt - 1,
      };
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'vigil-notify' },
        body: JSON.stringify(body),
        signal: options.signal
          ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal])
          : AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      });
      await response.body?.cancel();
      if (response.ok) return { ok: true, status: response.status, attempts: attempt };
      reason = `HTTP ${response.status}`;
      retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), new Date());
      if (response.status !== 429 && response.status < 500) return { ok: false, reason, attempts: attempt };
    } catch (error) {
      retryAfterMs = undefined;
      reason = describeFetchError(error, options.timeoutMs);
    }
  }
  return { ok: false, reason, attempts: options.retries + 1 };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** How a webhook is named in logs: its name, else its host only, since the path often is the secret. */
export function describeWebhook(webhook: { name?: string | undefined; url: string }): string {
  if (webhook.name) return webhook.name;
  try {
    return `${new URL(webhook.url).origin}/…`;
  } catch {
    return 'webhook';
  }
}
