import { getJsonCapped, type JsonAnswer } from '../../transport/get-json-capped.ts';

const MAX_BODY_BYTES = 8_388_608;

/**
 * One GET against the hub (TLS verified before the token is sent), aborted with the probe's signal.
 * Network failures become a JsonRequestError, never with the token in it.
 */
export function getFromHub(
  url: URL,
  headers: Record<string, string>,
  options: { signal: AbortSignal; insecure: boolean },
): Promise<JsonAnswer> {
  return getJsonCapped(url, { ...options, headers, maxBytes: MAX_BODY_BYTES });
}
