/** A Node system error as thrown by net, tls and http. */
interface NodeNetworkError {
  code?: string;
  message: string;
}

const PLAIN_MESSAGES: Record<string, string> = {
  ECONNRESET: 'connection reset (ECONNRESET)',
  EPIPE: 'connection closed while sending the request (EPIPE)',
};

/**
 * Turns a socket or HTTP error into the short line a status page shows, in the words
 * docs/check-types.md uses. Node's own text is kept where people recognise it and it says more
 * ("connect ECONNREFUSED 127.0.0.1:9", "getaddrinfo ENOTFOUND db.internal"); terse syscall names
 * and Node's "socket hang up" (a reset, code ECONNRESET) get words.
 */
export function describeNetworkError(error: unknown): string {
  if (!isNodeNetworkError(error)) return String(error);
  // Node says "aborted" (code ECONNRESET) for a reset and for a plain close alike.
  if (error.message === 'aborted' || error.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return 'connection closed before the response ended';
  }
  if (error.code?.startsWith('HPE_')) return `invalid HTTP response: ${error.message} (${error.code})`;
  // Only a bare "read ECONNRESET" gets words; a message with more to say is kept as Node wrote it.
  const isBare =
    error.message === error.code || /^\w+ E[A-Z]+$/.test(error.message) || error.message === 'socket hang up';
  const plain = error.code === undefined || !isBare ? undefined : PLAIN_MESSAGES[error.code];
  return plain ?? (error.message || error.code || 'unknown network error');
}

function isNodeNetworkError(error: unknown): error is NodeNetworkError {
  return error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error);
}

/** An AbortSignal's reason as an Error, to destroy a socket with (a plain destroy wakes no waiter). */
export function toAbortError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(`probe aborted: ${String(reason)}`);
}
