import type { AddressInfo, Server } from 'node:net';
import type { ProbeContext } from '../probe-types.ts';

const WARM_UP_ATTEMPTS = 2;
const WARM_UP_BOUND_MS = 1000;

/**
 * Runs a probe against a server of this process on 127.0.0.1 before any real check is timed. The
 * first request of a fresh process compiles the whole client path (about 10 ms for HTTP on a
 * 2-core machine); done here, that work is never counted as a target's latency. Never throws,
 * never takes more than a second.
 */
export async function warmUpOnLoopback<C>(
  server: Server,
  warmUpCheck: C | undefined,
  atPort: (check: C, port: number) => C,
  probe: (check: C, context: ProbeContext) => Promise<unknown>,
): Promise<void> {
  const bound = AbortSignal.timeout(WARM_UP_BOUND_MS);
  // The check comes parsed from the coordinator (see WARM_UP_CHECKS), so this process never
  // builds the config schema; without one there is nothing to warm up with.
  if (warmUpCheck === undefined) return;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const check = atPort(warmUpCheck, port);
    for (let attempt = 0; attempt < WARM_UP_ATTEMPTS && !bound.aborted; attempt += 1) {
      await probe(check, {
        signal: bound,
        timeoutMs: WARM_UP_BOUND_MS,
        now: () => new Date(),
        run: () => Promise.reject(new Error('no commands while warming up')),
        previousState: undefined,
      });
    }
  } catch {
    // A warm-up that could not run only means the first real check pays for it, as before.
  } finally {
    if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function')
      server.closeAllConnections();
    server.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, WARM_UP_BOUND_MS).unref();
    });
  }
}
