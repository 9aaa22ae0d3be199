import { z } from 'zod';
import { DurationSchema } from '../duration.ts';
import { BaseCheckFields } from './base-check.ts';

/** Opt-in write round trip: SET a key of its own under `keyPrefix` with an expiry, GET it back, DEL it. */
export const RedisWriteSchema = z
  .strictObject({
    /** Where the probe's own keys live; each run writes `<keyPrefix><random>` and deletes it. */
    keyPrefix: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces, e.g. "vigil:probe:"')
      .meta({
        description:
          'Prefix of the key each run writes (<keyPrefix><random>, then reads back and deletes); an ACL may allow the check only these keys (~vigil:probe:*).',
        examples: ['vigil:probe:'],
      }),
    /** How long the key lives if the DEL never arrives (the run timed out, the connection broke). */
    expiry: DurationSchema.prefault('30s').meta({
      description: 'Expiry set on the key, so one left behind by a broken run goes away by itself.',
      examples: ['30s'],
    }),
  })
  .meta({
    description:
      'Opt-in write round trip: SET (with an expiry), GET and compare, DEL; writeMs records its time, and the check is down when any step fails (a read-only replica, an ACL user without write rights).',
  });

/** PING, INFO and queue lengths of a Redis (or Valkey) server. */
export const RedisCheckSchema = z.strictObject({
  ...BaseCheckFields,
  type: z.literal('redis').meta({ description: 'Redis: PING, INFO and queue lengths (LLEN).' }),
  /** Server address: `redis://host:port/db`, or `rediss://` for TLS; credentials in it are redacted. */
  url: z
    .url({ protocol: /^rediss?$/, error: 'expected a Redis URL such as "redis://127.0.0.1:6379/0"' })
    .default('redis://127.0.0.1:6379')
    .meta({
      description: 'redis://host:port/db (rediss:// for TLS); credentials in it are redacted.',
      examples: [
        'redis://cache.internal:6379/0',
        'rediss://default:${REDIS_PASSWORD}@cache.example.org:6380',
      ],
    }),
  /** ACL user name (Redis 6+); overrides the URL's. */
  username: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "ACL user name; overrides the URL's.", examples: ['monitor'] }),
  /** Password (`requirepass` or the ACL user's); overrides the URL's. Give it as `${ENV_VAR}`. */
  password: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "Password; overrides the URL's. Use ${ENV_VAR}.", examples: ['${REDIS_PASSWORD}'] }),
  /** Lists whose length (LLEN) is recorded as `queue:<name>:length`; Celery's default queue is `celery`. */
  queues: z
    .array(z.string().min(1))
    .default(['celery'])
    .meta({
      description: 'Lists whose length is recorded as queue:<name>:length (Celery: the queue names).',
      examples: [['celery', 'resize', 'thumbnails']],
    }),
  /** Checks that writes work too (SET, GET, DEL of a key under `keyPrefix`); absent, the check only reads. */
  write: RedisWriteSchema.optional(),
  /** Accept a TLS certificate that does not verify (rediss:// only). */
  insecure: z
    .boolean()
    .default(false)
    .meta({ description: 'Accept a TLS certificate that does not verify.' }),
});
export type RedisCheck = z.infer<typeof RedisCheckSchema>;
