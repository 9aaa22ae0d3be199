import { describeNetworkError } from '../../transport/network-error.ts';

/**
 * Words for the replies and failures people meet with Redis. Redis error replies start with a
 * code (NOAUTH, WRONGPASS, LOADING, …); those are named first, then Redis's own text is kept.
 */
export function describeRedisError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = /^([A-Z]+)\b/.exec(message)?.[1];
  switch (code) {
    case 'NOAUTH':
      return 'authentication required (NOAUTH): the server has a password and the check gives none';
    case 'WRONGPASS':
      return 'authentication failed (WRONGPASS): wrong password or user name';
    case 'LOADING':
      return 'loading its dataset into memory (LOADING): not answering commands yet';
    case 'MASTERDOWN':
      return `replica has lost its primary (MASTERDOWN): ${message}`;
    case 'BUSY':
      return `busy running a script (BUSY): ${message}`;
    case 'READONLY':
      return 'read-only (READONLY): a replica, or a server that refuses writes';
    case 'NOPERM':
      return `no permission (NOPERM): the ACL user may not run this command or touch this key`;
    case 'OOM':
      return `out of memory (OOM): maxmemory is reached and the policy refuses writes`;
  }
  if (message.startsWith('ERR AUTH') || message.startsWith('ERR invalid password')) {
    return `authentication failed: ${message}`;
  }
  if (error instanceof Error && error.name === 'ConnectionTimeoutError')
    return 'no answer to the connection (connect timeout)';
  if (error instanceof Error && error.name === 'SocketClosedUnexpectedlyError')
    return 'the server closed the connection';
  return describeNetworkError(error);
}
