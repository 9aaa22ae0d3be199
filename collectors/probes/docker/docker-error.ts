import { describeNetworkError } from '../../transport/network-error.ts';

interface DockerError {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/** Turns a dockerode failure into what to do about it: the socket, the permission, the daemon's words. */
export function describeDockerError(error: unknown, address: string): string {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as DockerError;
  switch (failure.code) {
    case 'EACCES':
      return `permission denied on the Docker socket ${address}: run the collector as root or as a member of the "docker" group`;
    case 'ENOENT':
      return `no Docker socket at ${address} (is the Docker daemon running?)`;
    case 'ECONNREFUSED':
      return `Docker daemon not accepting connections at ${address} (ECONNREFUSED)`;
    default:
      break;
  }
  if (failure.statusCode !== undefined) {
    const said = failure.json?.message ?? failure.reason ?? '';
    return `Docker API error ${failure.statusCode}${said === '' ? '' : `: ${said}`}`;
  }
  return `Docker at ${address}: ${describeNetworkError(error)}`;
}
