import { formatDurationMs, type RedisCheck } from '../../../core/model/index.ts';
import { createRedactor } from '../../../core/redact/redact.ts';
import type { RedisMetrics } from '../../../core/results/redis.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { readUrlPassword } from '../sql/connection-url.ts';
import { describeRedisError } from './redis-error.ts';
import { parseRedisInfo, summarizeRedisInfo } from './redis-info.ts';
import { checkRedisWrite } from './redis-write.ts';

/** The metric a queue's length is recorded as: `queue:celery:length`. */
export function queueMetricName(queue: string): `queue:${string}:length` {
  return `queue:${queue}:length`;
}

/**
 * PING (with its round trip), INFO (version, memory, clients, ops/s, uptime) and LLEN of each
 * queue. One connection with an explicit connect timeout and no reconnecting: a server that is
 * down is reported at once, and the connection is always closed.
 */
async function probeRedis(check: RedisCheck, context: ProbeContext): Promise<Observation> {
  const secrets = [check.password, readUrlPassword(check.url)];
  const isTls = check.url.startsWith('rediss:');
  // Loaded on first use: collectors that watch no Redis never pay for the client.
  const { createClient } = await import('redis');
  const client = createClient({
    url: check.url,
    ...(check.username === undefined ? {} : { username: check.username }),
    ...(check.password === undefined ? {} : { password: check.password }),
    socket: isTls
      ? {
          tls: true,
          rejectUnauthorized: !check.insecure,
          connectTimeout: context.timeoutMs,
          reconnectStrategy: false,
        }
      : { connectTimeout: context.timeoutMs, reconnectStrategy: false },
    disableOfflineQueue: true,
    disableClientInfo: true,
  });
  // Every failure also rejects the command that meets it; the event only must not go unheard.
  client.on('error', () => {});
  const destroy = () => {
    if (client.isOpen) client.destroy();
  };
  context.signal.addEventListener('abort', destroy, { once: true });
  let step = 'connecting';
  try {
    await client.connect();
    step = 'waiting for PONG';
    const pingStartedAt = performance.now();
    await client.ping();
    const pingMs = Math.round((performance.now() - pingStartedAt) * 10) / 10;
    step = 'reading INFO';
    const info = summarizeRedisInfo(parseRedisInfo(await client.info()));
    step = 'reading queue lengths';
    const metrics: RedisMetrics = { pingMs, ...info.metrics };
    const queueProblems: string[] = [];
    for (const queue of check.queues) {
      try {
        metrics[queueMetricName(queue)] = await client.lLen(queue);
      } catch (error) {
        if (context.signal.aborted) throw error;
        queueProblems.push(`queue "${queue}": ${describeRedisError(error)}`);
      }
    }
    const written =
      check.write === undefined
        ? undefined
        : await checkRedisWrite(
            client,
            check.write,
            (writeStep) => {
              step = writeStep;
            },
            context.signal,
          );
    if (written?.isOk) metrics.writeMs = written.writeMs;
    const answered = `Redis ${info.detail.version ?? ''}`.trim();
    const queues = check.queues
      .filter((queue) => metrics[queueMetricName(queue)] !== undefined)
      .map((queue) => `${queue} ${metrics[queueMetricName(queue)]}`);
    const queueText = queues.length === 0 ? '' : `; queues: ${queues.join(', ')}`;
    const writeText = written?.isOk ? `; write round trip ${formatDurationMs(written.writeMs)}` : '';
    const message = `${answered}: PONG in ${formatDurationMs(pingMs)}${writeText}${queueText}`;
    if (written !== undefined && !written.isOk) {
      return {
        status: 'down',
        message: createRedactor(secrets)(
          `${answered}: PONG in ${formatDurationMs(pingMs)}; ${written.problem}`,
        ),
        metrics,
        detail: info.detail,
      };
    }
    if (queueProblems.length > 0) {
      return {
        status: 'degraded',
        message: `${message}; ${queueProblems.join('; ')}`,
        metrics,
        detail: info.detail,
      };
    }
    return { status: 'up', message, metrics, detail: info.detail };
  } catch (error) {
    if (context.signal.aborted) {
      return { status: 'down', message: describeTimeout(context, step) };
    }
    return { status: 'down', message: createRedactor(secrets)(describeRedisError(error)) };
  } finally {
    context.signal.removeEventListener('abort', destroy);
    destroy();
  }
}

/**
 * The client builds its command table on the first createClient (about 40 ms of synchronous work):
 * done here, before any timing starts, so it never lands in another check's latency.
 */
async function preloadRedis(): Promise<void> {
  const { createClient } = await import('redis');
  createClient({ url: 'redis://127.0.0.1:1', disableClientInfo: true });
}

export const redisProbe: ProbeDefinition<'redis'> = { probe: probeRedis, preload: preloadRedis };
