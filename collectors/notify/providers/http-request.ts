/** One HTTP request a provider makes for an alert. */
export interface HttpRequest {
  method: 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /** JSON-encoded unless it is already a string (form bodies). */
  body: unknown;
}

/** How one attempt ended; the delivery loop decides whether to try again. */
export type AttemptOutcome =
  | { ok: true; status: number }
  | { ok: false; reason: string; isRetryable: boolean; retryAfterMs?: number | undefined };

export interface AttemptContext {
  timeoutMs: number;
  /** The run's alert deadline: no attempt outlives it. */
  signal: AbortSignal;
  now: () => Date;
}

/**
 * Sends one request. A network error, a timeout, a 429 and a 5xx may get better by asking again
 * (with the server's Retry-After, from the header or, for APIs that put it there, the body); any
 * other 4xx will not. Never throws.
 */
export async function sendHttp(
  request: HttpRequest,
  context: AttemptContext,
  readRetryAfterMs: (body: unknown) => number | undefined = () => undefined,
): Promise<AttemptOutcome> {
  const isText = typeof request.body === 'string';
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: {
        'content-type': isText ? 'application/x-www-form-urlencoded' : 'application/json',
        'user-agent': 'vigil-notify',
        ...request.headers,
      },
      body: isText ? (request.body as string) : JSON.stringify(request.body),
      signal: AbortSignal.any([AbortSignal.timeout(context.timeoutMs), context.signal]),
      redirect: 'error',
    });
    if (response.ok) {
      await response.body?.cancel();
      return { ok: true, status: response.status };
    }
    const body = await readJsonBody(response);
    const isRetryable = response.status === 429 || response.status >= 500;
    const retryAfterMs =
      parseRetryAfterMs(response.headers.get('retry-after'), context.now()) ?? readRetryAfterMs(body);
    return { ok: false, reason: `HTTP ${response.status}${describeBody(body)}`, isRetryable, retryAfterMs };
  } catch (error) {
    return { ok: false, reason: describeFetchError(error, context), isRetryable: true };
  }
}

/** Retry-After as seconds ("120") or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, now: Date): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 200);
  }
}

// The service's own words for a refusal ("chat not found", "M_FORBIDDEN"), short.
function describeBody(body: unknown): string {
  if (typeof body === 'string') return body.trim() ? `: ${body.trim().slice(0, 120)}` : '';
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const words = [record.description, record.error, record.errcode, record.message, record.errors]
    .filter((value) => typeof value === 'string' || Array.isArray(value))
    .map((value) => (Array.isArray(value) ? value.join(', ') : value));
  return words.length > 0 ? `: ${String(words[0]).slice(0, 120)}` : '';
}

function describeFetchError(error: unknown, context: AttemptContext): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return context.signal.aborted ? 'out of time for alerts' : `timed out after ${context.timeoutMs} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
