import { z } from 'zod';
import { BaseCheckFields } from './base-check.ts';

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
  /** Accept a TLS certificate that does not verify (rediss:// only). */
  insecure: z
    .boolean()
    .default(false)
    .meta({ description: 'Accept a TLS certificate that does not verify.' }),
});
export type RedisCheck = z.infer<typeof RedisCheckSchema>;
