import type { AddressInfo, Server } from 'node:net';
import { type Check, ConfigSchema } from '../../../core/model/index.ts';
import type { ProbeContext } from '../probe-types.ts';

const WARM_UP_ATTEMPTS = 2;
const WARM_UP_BOUND_MS = 1000;

/**
 * Runs a probe against a server of this process on 127.0.0.1 before any real check is timed. The
 * first request of a fresh process compiles the whole client path (about 10 ms for HTTP on a
 * 2-core machine); done here, that work is never counted as a target's latency. Never throws,
 * never takes more than a second.
 */
export async function warmUpOnLoopback(
  server: Server,
  toCheck: (port: number) => Record<string, unknown>,
  probe: (check: never, context: ProbeContext) => Promise<unknown>,
): Promise<void> {
  const bound = AbortSignal.timeout(WARM_UP_BOUND_MS);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const check: Check | undefined = ConfigSchema.parse({ checks: [{ id: 'warm-up', ...toCheck(port) }] })
      .checks[0];
    for (let attempt = 0; attempt < WARM_UP_ATTEMPTS && !bound.aborted; attempt += 1) {
      await probe(check as never, {
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
