import type { RedisDetail, RedisInfoMetrics } from '../../../core/results/redis.ts';

/** INFO fields recorded as metrics, under the names Vigil uses. */
const INFO_METRICS = {
  used_memory: 'usedMemoryBytes',
  used_memory_peak: 'peakMemoryBytes',
  used_memory_rss: 'rssBytes',
  maxmemory: 'maxMemoryBytes',
  connected_clients: 'connectedClients',
  blocked_clients: 'blockedClients',
  instantaneous_ops_per_sec: 'opsPerSecond',
  total_commands_processed: 'totalCommands',
  uptime_in_seconds: 'uptimeSeconds',
  evicted_keys: 'evictedKeys',
  rejected_connections: 'rejectedConnections',
  connected_slaves: 'connectedReplicas',
} satisfies Record<string, keyof RedisInfoMetrics>;

/** INFO fields kept as words in the detail. */
const INFO_DETAIL = {
  redis_version: 'version',
  valkey_version: 'valkeyVersion',
  redis_mode: 'mode',
  role: 'role',
  maxmemory_policy: 'maxmemoryPolicy',
} satisfies Record<string, keyof RedisDetail>;

/** The `key:value` lines of an INFO reply; `# Section` headers and blank lines are skipped. */
export function parseRedisInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colonAt = line.indexOf(':');
    if (colonAt > 0) fields.set(line.slice(0, colonAt), line.slice(colonAt + 1).trim());
  }
  return fields;
}

export interface RedisInfoSummary {
  metrics: RedisInfoMetrics;
  detail: RedisDetail;
  /** INFO says `loading:1`: the server is reading its dataset and refuses most commands. */
  isLoading: boolean;
}

/** The numbers and words an operator looks at, from parsed INFO fields. */
export function summarizeRedisInfo(fields: Map<string, string>): RedisInfoSummary {
  const metrics: RedisInfoMetrics = {};
  for (const [field, metric] of Object.entries(INFO_METRICS)) {
    const value = Number(fields.get(field));
    if (fields.has(field) && Number.isFinite(value)) metrics[metric] = value;
  }
  // maxmemory 0 means "no limit": a percentage of it means nothing.
  const { usedMemoryBytes, maxMemoryBytes } = metrics;
  if (maxMemoryBytes === 0) delete metrics.maxMemoryBytes;
  else if (usedMemoryBytes !== undefined && maxMemoryBytes !== undefined) {
    metrics.usedMemoryPercent = Math.round((usedMemoryBytes / maxMemoryBytes) * 1000) / 10;
  }
  const detail: RedisDetail = {};
  for (const [field, key] of Object.entries(INFO_DETAIL)) {
    const value = fields.get(field);
    if (value !== undefined && value !== '') detail[key] = value;
  }
  return { metrics, detail, isLoading: fields.get('loading') === '1' };
}
