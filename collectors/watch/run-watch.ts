import { stat } from 'node:fs/promises';
import { countNoun } from '../../core/count-noun.ts';
import type { Check, Config } from '../../core/model/index.ts';
import { createRedactor } from '../../core/redact/redact.ts';
import { createEmptyState, readStateFile } from '../../core/store/state-file.ts';
import type { InterpolatedPaths } from '../notify/inline-secrets.ts';
import { type CollectOutcome, type CollectSession, openCollectSession } from '../run/collect-once.ts';
import { createOutputKeeper, type OutputKeeper, type RefreshReport } from './keep-output.ts';
import { startPublishSchedule } from './publish-schedule.ts';
import { createRunnerPool } from './runner-pool.ts';
import { formatRunLine } from './watch-log.ts';
import { createWatchSchedule } from './watch-schedule.ts';

/** Retention (and rollups) at most this often: it reads the source's folders. */
const RETENTION_EVERY_MS = 60_000;
/** How often the config file is looked at, to say that collection still uses the old one. */
const CONFIG_LOOK_EVERY_MS = 10_000;
/**
 * How long a stop waits for a publish in flight, counted from the signal, while the runs in flight
 * finish: a stop takes at most collect.deadline + the side-work budget (15 s), or this when longer
 * (a publish cut there is recovered by the next one), within docs/operations.md's TimeoutStopSec.
 */
const PUBLISH_STOP_GRACE_MS = 30_000;

export interface WatchOptions {
  config: Config;
  configPath: string;
  secrets: readonly string[];
  interpolated?: InterpolatedPaths;
  dataDir: string;
  source: string;
  checks: readonly Check[];
  /** Keep this output directory current (render after each run, full builds when needed). */
  outDir?: string | undefined;
  /** Publish on this period; none when absent. */
  publishEveryMs?: number | undefined;
  /** Every check runs at once first, whatever the state says (`vigil start`). */
  runAllFirst?: boolean;
  /** One line per run (stdout). */
  print: (line: string) => void;
  /** Warnings (stderr); redacted before. */
  warn: (line: string) => void;
}

export interface Watch {
  /** Settles with the first run's outcome. */
  firstRun: Promise<CollectOutcome>;
  /** Keeps the output current (undefined without outDir). */
  output: OutputKeeper | undefined;
  /** Stops scheduling, lets the runs in flight finish and write their lines, releases the lock. */
  stop(): Promise<void>;
}

/**
 * `vigil watch` as a library call: one long-running collector for a source. Each check runs on its
 * own interval (watch-schedule.ts); checks due together run as one batch, one line; batches share
 * the source's lock, state and probe runners (collect-once.ts's session). After each run the output
 * is refreshed. Nothing a run does can end the watch: a failed write is logged and the next run
 * tries again. Returns the reason instead when the lock is held by a collect.
 */
export async function startWatch(options: WatchOptions): Promise<Watch | { reason: string }> {
  const { config, dataDir, source, checks } = options;
  const redact = createRedactor([...options.secrets]);
  const warn = (line: string) => options.warn(redact(line));
  const print = (line: string) => options.print(redact(line));
  const pool = createRunnerPool(checks);
  const opened = await openCollectSession({
    config,
    secrets: options.secrets,
    ...(options.interpolated && { interpolated: options.interpolated }),
    dataDir,
    source,
    startRunners: pool.start,
    retentionEveryMs: RETENTION_EVERY_MS,
    log: warn,
  });
  if ('reason' in opened) {
    pool.close();
    return { reason: opened.reason };
  }
  const session: CollectSession = opened;
  const nowMs = () => performance.timeOrigin + performance.now();
  // The schedule runs on the monotonic clock (a wall clock step never bunches or starves runs);
  // the state's lastRunAt (wall clock) is read through the offset between them.
  const state = options.runAllFirst
    ? createEmptyState()
    : await readStateFile(dataDir, source, () => {}).catch(() => createEmptyState());
  const schedule = createWatchSchedule(checks, config, state, nowMs(), nowMs() - Date.now());
  const output =
    options.outDir === undefined
      ? undefined
      : createOutputKeeper({
          configPath: options.configPath,
          dataDir,
          outDir: options.outDir,
          print,
          warn,
        });
  const publishing =
    options.publishEveryMs === undefined
      ? undefined
      : startPublishSchedule({
          config,
          dataDir,
          source,
          everyMs: options.publishEveryMs,
          holdWrites: (work) => session.holdWrites(work),
          print,
          warn,
        });

  const inFlight = new Set<Promise<void>>();
  let isStopping = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveFirst: (outcome: CollectOutcome) => void = () => {};
  const firstRun = new Promise<CollectOutcome>((resolve) => {
    resolveFirst = resolve;
  });
  const configWatch = watchConfigFile(options.configPath, warn);

  const runBatch = async (batch: Check[]) => {
    let outcome: CollectOutcome;
    try {
      outcome = await session.runBatch(batch);
    } catch (error) {
      // A bug in one run must not end the watch; the run is lost and said so.
      outcome = { status: 'not-written', reason: `the run failed: ${describeError(error)}` };
    }
    const runMs = new Map((outcome.line?.results ?? []).map((result) => [result.id, result.ms] as const));
    const finished = schedule.finish(batch, nowMs(), (id) => runMs.get(id));
    resolveFirst(outcome);
    wake();
    if (outcome.status !== 'written') {
      const reason = outcome.status === 'not-written' ? outcome.reason : outcome.status;
      warn(
        `vigil watch: warning: ${source}: a run of ${countNoun(batch.length, 'check')} was not written: ${reason}; the next run tries again`,
      );
      return;
    }
    let refresh: RefreshReport | undefined;
    if (output !== undefined && !isStopping) refresh = await output.refresh();
    print(
      formatRunLine({
        source,
        t: outcome.line.t,
        results: outcome.line.results,
        durationMs: outcome.line.durationMs ?? 0,
        refresh,
        finished,
      }),
    );
    void configWatch.look();
  };

  const wake = () => {
    if (isStopping) return;
    clearTimeout(timer);
    for (const due of schedule.takeDue(nowMs())) {
      const running = runBatch(due).catch((error: unknown) =>
        warn(`vigil watch: warning: ${describeError(error)}`),
      );
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running));
    }
    const nextMs = schedule.nextWakeMs();
    if (nextMs !== undefined) timer = setTimeout(wake, Math.max(0, nextMs - nowMs()));
  };

  // A new UTC day needs a full build (the day's bars): the render after midnight asks for one.
  let dayTimer: NodeJS.Timeout | undefined;
  const armDayTimer = () => {
    const msToMidnight = 86_400_000 - (Date.now() % 86_400_000) + 1_000;
    dayTimer = setTimeout(() => {
      if (!isStopping) void output?.refresh();
      armDayTimer();
    }, msToMidnight);
  };
  if (output !== undefined) armDayTimer();
  // Holds the process while every check is running and no timer is set.
  const keepAlive = setInterval(() => {}, 3_600_000);
  wake();

  return {
    firstRun,
    output,
    async stop() {
      if (isStopping) return;
      isStopping = true;
      clearTimeout(timer);
      clearTimeout(dayTimer);
      // The publish's grace runs beside the runs' own end, not after it; a render or build under way
      // is cut at once (the runs still in flight write their lines, not their outputs).
      const publishStopped = publishing?.stop(PUBLISH_STOP_GRACE_MS);
      const outputStopped = output?.stop();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await session.close();
      pool.close();
      await outputStopped;
      await publishStopped;
      clearInterval(keepAlive);
    },
  };
}

/** Says once when the config file changed: the site is rebuilt with it, collection is not. */
function watchConfigFile(configPath: string, warn: (line: string) => void) {
  let firstMtimeMs: number | undefined;
  let lastLookMs = 0;
  let hasWarned = false;
  const look = async () => {
    const atMs = Date.now();
    if (hasWarned || atMs - lastLookMs < CONFIG_LOOK_EVERY_MS) return;
    lastLookMs = atMs;
    const mtimeMs = (await stat(configPath).catch(() => undefined))?.mtimeMs;
    if (mtimeMs === undefined) return;
    firstMtimeMs ??= mtimeMs;
    if (mtimeMs === firstMtimeMs) return;
    hasWarned = true;
    warn(
      `vigil watch: warning: ${configPath} changed; the site is rebuilt with it, but checks still run as configured at start: restart vigil watch (systemctl restart vigil-watch) to collect with it`,
    );
  };
  void look();
  return { look };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
