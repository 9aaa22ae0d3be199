import { randomBytes } from 'node:crypto';
import type { RedisCheck } from '../../../core/model/index.ts';
import { describeRedisError } from './redis-error.ts';

type RedisWrite = NonNullable<RedisCheck['write']>;

/** The three commands the round trip needs, as node-redis's client offers them. */
export interface RedisWriteClient {
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  get(key: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export type RedisWriteResult = { isOk: true; writeMs: number } | { isOk: false; problem: string };

/**
 * SET a fresh key under the check's prefix with an expiry, GET it and compare, DEL it: the proof
 * that the server takes writes (a read-only replica or an ACL user without write rights fails at
 * SET). The key's name and value are random per run, so collectors in several places never meet;
 * the expiry removes a key whose DEL never arrived. Throws only when `signal` aborted it.
 */
export async function checkRedisWrite(
  client: RedisWriteClient,
  write: RedisWrite,
  onStep: (step: string) => void,
  signal: AbortSignal,
): Promise<RedisWriteResult> {
  const key = `${write.keyPrefix}${randomBytes(6).toString('hex')}`;
  const value = randomBytes(12).toString('hex');
  const startedAt = performance.now();
  let command = 'SET';
  let isWritten = false;
  try {
    onStep('writing a key (SET)');
    await client.set(key, value, {
      expiration: { type: 'PX', value: Math.max(1, Math.round(write.expiry)) },
    });
    isWritten = true;
    command = 'GET';
    onStep('reading the key back (GET)');
    const readBack = await client.get(key);
    if (readBack !== value) {
      return {
        isOk: false,
        problem: `write round trip: GET ${key} did not return the value just SET (${readBack === null ? 'no such key' : 'another value'})`,
      };
    }
    command = 'DEL';
    onStep('deleting the key (DEL)');
    isWritten = false;
    await client.del(key);
  } catch (error) {
    // The run's deadline destroyed the connection: the caller says "timed out" with the step.
    if (signal.aborted) throw error;
    return {
      isOk: false,
      problem: `write round trip failed at ${command} ${key}: ${describeRedisError(error)}`,
    };
  } finally {
    // A key SET whose round trip failed after (GET answered another value, or failed) is deleted
    // too, not left for its expiry; a failing DEL here changes nothing of what the check says.
    if (isWritten && !signal.aborted) await client.del(key).catch(() => {});
  }
  return { isOk: true, writeMs: Math.round((performance.now() - startedAt) * 10) / 10 };
}
