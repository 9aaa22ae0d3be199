import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRedisError } from '../../../../../collectors/probes/redis/redis-error.ts';
import { parseRedisInfo, summarizeRedisInfo } from '../../../../../collectors/probes/redis/redis-info.ts';

const FIXTURES = path.join(import.meta.dirname, '../../../../fixtures/redis');

describe('parseRedisInfo and summarizeRedisInfo on a real INFO reply (Redis 7.0.15)', () => {
  it('records memory, clients, ops/s, commands and uptime; maxmemory 0 means no limit', async () => {
    const text = await readFile(path.join(FIXTURES, 'info-7.0.15.txt'), 'utf8');
    const summary = summarizeRedisInfo(parseRedisInfo(text));
    expect(summary).toEqual({
      metrics: {
        usedMemoryBytes: 941_896,
        peakMemoryBytes: 941_896,
        rssBytes: expect.any(Number),
        connectedClients: 1,
        blockedClients: 0,
        opsPerSecond: 0,
        totalCommands: expect.any(Number),
        uptimeSeconds: 1,
        evictedKeys: 0,
        rejectedConnections: 0,
        connectedReplicas: 0,
      },
      detail: { version: '7.0.15', mode: 'standalone', role: 'master', maxmemoryPolicy: 'noeviction' },
      isLoading: false,
    });
  });

  it('reads CRLF replies, a memory limit as a percentage, and the loading flag', () => {
    const text = '# Memory\r\nused_memory:250\r\nmaxmemory:1000\r\n\r\n# Persistence\r\nloading:1\r\n';
    expect(summarizeRedisInfo(parseRedisInfo(text))).toEqual({
      metrics: { usedMemoryBytes: 250, maxMemoryBytes: 1000, usedMemoryPercent: 25 },
      detail: {},
      isLoading: true,
    });
  });
});

describe('describeRedisError', () => {
  it.each([
    [
      'NOAUTH Authentication required.',
      'authentication required (NOAUTH): the server has a password and the check gives none',
    ],
    [
      'WRONGPASS invalid username-password pair or user is disabled.',
      'authentication failed (WRONGPASS): wrong password or user name',
    ],
    [
      'LOADING Redis is loading the dataset in memory',
      'loading its dataset into memory (LOADING): not answering commands yet',
    ],
    [
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
      'authentication failed: ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    ],
    [
      'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.',
      'replica has lost its primary (MASTERDOWN): MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.',
    ],
  ])('%s', (reply, words) => {
    expect(describeRedisError(new Error(reply))).toBe(words);
  });

  it('keeps Node’s words for a refused connection', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });
    expect(describeRedisError(refused)).toBe('connect ECONNREFUSED 127.0.0.1:6390');
  });
});
