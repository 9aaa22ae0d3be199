import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toUtcDay } from '../../core/history/utc-day.ts';
import type { CheckResult, SnapshotLine } from '../../core/model/snapshot.ts';
import type { CheckStatus } from '../../core/model/status.ts';
import { getSnapshotFile } from '../../core/store/store-paths.ts';

export interface GenerateSnapshotsOptions {
  source: string;
  checkIds: readonly string[];
  /** First run (inclusive). */
  from: Date;
  /** End of the range (exclusive). */
  to: Date;
  intervalMs: number;
  /** Status of a check at a run (t in epoch ms); default: always up. */
  statusAt?: (id: string, t: number) => CheckStatus;
  /** Changes every latency; default 1. */
  seed?: number;
  /** What a down (timed-out) run took; default 5000. */
  timeoutMs?: number;
}

/**
 * Deterministic, realistic snapshot lines: one run every intervalMs, one result per check. Latency is
 * a per-check baseline with log-normal jitter and rare spikes, drawn from a hash of (seed, check, t),
 * so a run's numbers do not depend on the range asked for. Up, degraded and maintenance runs report
 * a `latencyMs` metric; down runs time out and report none; unknown runs report nothing.
 */
export function generateSnapshotLines(options: GenerateSnapshotsOptions): SnapshotLine[] {
  const { source, checkIds, intervalMs } = options;
  if (!(intervalMs > 0))
    throw new RangeError(`generateSnapshotLines: intervalMs must be positive, got ${intervalMs}`);
  const statusAt = options.statusAt ?? (() => 'up');
  const seed = options.seed ?? 1;
  const timeoutMs = options.timeoutMs ?? 5000;
  const lines: SnapshotLine[] = [];
  for (let t = options.from.getTime(); t < options.to.getTime(); t += intervalMs) {
    const results = checkIds.map((id) => generateResult(id, statusAt(id, t), t, seed, timeoutMs));
    lines.push({
      v: 1,
      t: new Date(t).toISOString(),
      source,
      agent: { version: '0.1.0', host: `${source}.example.org`, ip: '192.0.2.10' },
      durationMs: Math.round(Math.max(0, ...results.map((result) => result.ms)) + 3),
      results,
    });
  }
  return lines;
}

function generateResult(
  id: string,
  status: CheckStatus,
  t: number,
  seed: number,
  timeoutMs: number,
): CheckResult {
  const baselineMs = 20 + (hashText(`${seed}:${id}`) % 180);
  const jitter = Math.exp(0.25 * gaussianAt(`${seed}:${id}:${t}`));
  const spike = uniformAt(`${seed}:${id}:${t}:spike`) < 0.02 ? 4 : 1;
  const latencyMs = Math.round(baselineMs * jitter * spike * 10) / 10;
  switch (status) {
    case 'up':
      return {
        id,
        status,
        ms: latencyMs,
        message: `HTTP 200 in ${Math.round(latencyMs)} ms`,
        metrics: { latencyMs },
        detail: {},
      };
    case 'degraded': {
      const slowMs = Math.round(latencyMs * 6 * 10) / 10;
      const message = `slow: ${Math.round(slowMs)} ms`;
      return { id, status, ms: slowMs, message, metrics: { latencyMs: slowMs }, detail: {} };
    }
    case 'down':
      return {
        id,
        status,
        ms: timeoutMs,
        message: `timed out after ${timeoutMs / 1000} s`,
        metrics: {},
        detail: {},
      };
    case 'maintenance':
      return {
        id,
        status,
        ms: latencyMs,
        message: 'in a maintenance window',
        metrics: { latencyMs },
        detail: {},
      };
    case 'unknown':
      return { id, status, ms: 0, message: 'no result', metrics: {}, detail: {} };
  }
}

/** Writes lines into data/snapshots/<source>/<day>.jsonl files whole (fast); returns the files, relative to dataDir. */
export async function writeSnapshotFixtures(
  dataDir: string,
  lines: readonly SnapshotLine[],
): Promise<string[]> {
  const byFile = new Map<string, string[]>();
  for (const line of lines) {
    const file = getSnapshotFile(line.source, toUtcDay(Date.parse(line.t)));
    const texts = byFile.get(file) ?? [];
    texts.push(`${JSON.stringify(line)}\n`);
    byFile.set(file, texts);
  }
  for (const [file, texts] of byFile) {
    await mkdir(path.dirname(path.join(dataDir, file)), { recursive: true });
    await writeFile(path.join(dataDir, file), texts.join(''));
  }
  return [...byFile.keys()].sort();
}

// FNV-1a then a murmur-style finalizer: a stable 32-bit hash, so fixtures never depend on Math.random.
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function uniformAt(key: string): number {
  return (hashText(key) + 0.5) / 2 ** 32;
}

// Box–Muller from two hashed uniforms: a standard normal value fixed by its key.
function gaussianAt(key: string): number {
  return Math.sqrt(-2 * Math.log(uniformAt(`${key}:a`))) * Math.cos(2 * Math.PI * uniformAt(`${key}:b`));
}
