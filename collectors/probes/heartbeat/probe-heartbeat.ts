import { open } from 'node:fs/promises';
import path from 'node:path';
import { MAX_HEARTBEAT_FILE_BYTES } from '../../../core/model/heartbeat-report.ts';
import type { HeartbeatCheck } from '../../../core/model/index.ts';
import { getHeartbeatFile } from '../../../core/store/store-paths.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { type HeartbeatReading, judgeHeartbeat, parseHeartbeatReport } from './judge-heartbeat.ts';

/** What the probe keeps between runs: when it first saw the check, so a new one waits for its first report. */
interface HeartbeatState {
  firstSeenAt: string;
}

/** Reads the check's newest report (`<data>/heartbeats/<id>.json`) and judges it by the clock. */
async function probeHeartbeat(check: HeartbeatCheck, context: ProbeContext): Promise<Observation> {
  const nowMs = context.now().getTime();
  const state: HeartbeatState = { firstSeenAt: readFirstSeenAt(context.previousState, nowMs) };
  if (context.dataDir === undefined) {
    return { status: 'down', message: 'no data directory was given to the heartbeat probe', state };
  }
  const file = getHeartbeatFile(check.id);
  const reading = await readReport(path.resolve(context.dataDir, file), file, context.signal);
  const observation = judgeHeartbeat(reading, {
    id: check.id,
    everyMs: check.every,
    graceMs: check.grace,
    nowMs,
    firstSeenAtMs: Date.parse(state.firstSeenAt),
  });
  return { ...observation, state };
}

/** The first-seen time the last run kept, or now; one in the future (a clock set back) restarts at now. */
function readFirstSeenAt(previousState: unknown, nowMs: number): string {
  const kept = (previousState as Partial<HeartbeatState> | undefined)?.firstSeenAt;
  const keptMs = typeof kept === 'string' ? Date.parse(kept) : Number.NaN;
  return Number.isFinite(keptMs) && keptMs <= nowMs ? (kept as string) : new Date(nowMs).toISOString();
}

async function readReport(filePath: string, file: string, signal: AbortSignal): Promise<HeartbeatReading> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', problem: `${file}: could not be read (${describeFsError(error)})` };
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_HEARTBEAT_FILE_BYTES) {
      return {
        kind: 'unreadable',
        problem: `${file}: not a heartbeat report (${size} bytes; a report is one small JSON object)`,
      };
    }
    return parseHeartbeatReport(await handle.readFile({ encoding: 'utf8', signal }), file);
  } catch (error) {
    return { kind: 'unreadable', problem: `${file}: could not be read (${describeFsError(error)})` };
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The error's code (EACCES, EISDIR), without the absolute path Node's message carries. */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

export const heartbeatProbe: ProbeDefinition<'heartbeat'> = { probe: probeHeartbeat };
