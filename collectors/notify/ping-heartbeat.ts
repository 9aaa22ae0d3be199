import type { AlertsConfig } from '../../core/model/alerts-schema.ts';

/**
 * The dead-man's switch: one request to a healthchecks-style or Uptime Kuma push URL after a completed
 * run, so an outside service notices when runs stop. Bounded by its own timeout; never throws.
 */
export async function pingHeartbeat(
  heartbeat: NonNullable<AlertsConfig['heartbeat']>,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  const limit = AbortSignal.timeout(heartbeat.timeout);
  try {
    const response = await fetch(heartbeat.url, {
      method: heartbeat.method,
      headers: { 'user-agent': 'vigil-heartbeat' },
      signal: signal ? AbortSignal.any([limit, signal]) : limit,
    });
    await response.body?.cancel();
    if (response.ok) return true;
    log(`vigil heartbeat: ${describeUrl(heartbeat.url)} answered HTTP ${response.status}`);
  } catch (error) {
    const reason = limit.aborted
      ? `timed out after ${heartbeat.timeout} ms`
      : error instanceof Error
        ? ((error.cause as { code?: string } | undefined)?.code ?? error.message)
        : String(error);
    log(`vigil heartbeat: ${describeUrl(heartbeat.url)} not reached: ${reason}`);
  }
  return false;
}

// Push URLs carry their token in the path: only the origin is shown.
function describeUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return 'heartbeat URL';
  }
}
