import { constants } from 'node:fs';
import { access, mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { displayPath } from '../../core/config/display-path.ts';
import { mapFormerIds, renameStateChecks } from '../../core/history/former-ids.ts';
import { getStaleAfterMs } from '../../core/history/freshness.ts';
import { isMultiPlace, runsOn } from '../../core/model/check-places.ts';
import type { Check, CheckResult, Config, SnapshotLine, StateFile } from '../../core/model/index.ts';
import { formatDurationMs, SNAPSHOT_VERSION } from '../../core/model/index.ts';
import { createRedactor, redactDeep } from '../../core/redact/redact.ts';
import { type DataWarning, formatDataWarning } from '../../core/store/data-warning.ts';
import { readStateFile, writeStateFile } from '../../core/store/state-file.ts';
import { getStateFile } from '../../core/store/store-paths.ts';
import { isTempFileOf, removeStaleTempFiles } from '../../core/store/write-file-atomic.ts';
import { getAlertStateFile } from '../notify/alert-state-file.ts';
import type { InterpolatedPaths } from '../notify/inline-secrets.ts';
import { NOTIFY_BUDGET_MS } from '../notify/notify-budget.ts';
import { PROBES } from '../probes/registry.ts';
import { appendSnapshot } from '../store/append-snapshot.ts';
import { findNewestRunTime } from '../store/newest-run-time.ts';
import { acquirePidLock, type PidLock } from '../store/pid-lock.ts';
import { enforceRetention } from '../store/retention.ts';
import { thinSubMinuteRuns } from '../store/thin-runs.ts';
import { type CommandRunner, runCommand } from '../transport/run-command.ts';
import { describeAgent } from '../util/agent-info.ts';
import { startLoopDelaySampler } from './loop-delay.ts';
import { type ProbeRunners, startProbeRunners } from './probe-runners.ts';
import { type ProbeRegistry, runChecks } from './run-checks.ts';

/** Checks whose latency people chart and alert on: measured first, on a machine not yet busy with the rest of the run. */
const LATENCY_FIRST = new Set<Check['type']>(['http', 'tcp']);

export interface CollectOnceOptions {
  config: Config;
  /** Values interpolated into the config from the environment: masked in everything written. */
  secrets?: readonly string[];
  /** Where config values were interpolated from the environment (the loader's `interpolated`): an alert provider's secret must be. */
  interpolated?: InterpolatedPaths;
  /** Absolute path of the data directory. */
  dataDir: string;
  /** Which collector this run is. */
  source: string;
  /** The checks to probe (see selectChecks); every enabled check of the source when absent. */
  checks?: readonly Check[];
  /** Probe and return the line, but write nothing and tell nobody. */
  dryRun?: boolean;
  /** The clock: tests pass a fixed one. */
  now?: () => Date;
  /** The command runner probes use: tests may pass a fake one. */
  run?: CommandRunner;
  probes?: ProbeRegistry;
  /** Probe in this process instead of runner processes (also implied by `probes` or `run`). */
  inProcess?: boolean;
  /** How long all webhook deliveries of the run may take together (default NOTIFY_BUDGET_MS). */
  notifyBudgetMs?: number;
  /** Warnings and side-work problems, already redacted; stderr in the CLI. */
  log?: (line: string) => void;
  onCheckStart?: (check: Check) => void;
  onCheckDone?: (check: Check, result: CheckResult) => void;
}

export type CollectOutcome =
  | { status: 'written'; line: SnapshotLine; file: string }
  | { status: 'dry-run'; line: SnapshotLine }
  /** Nothing could be written (the data directory, the snapshot file or the state file refused). */
  | { status: 'not-written'; line?: SnapshotLine; reason: string };

/**
 * One collector run as a library call: probe the checks, judge them, append the snapshot line, save
 * the state, trim history, then notify webhooks and draft incidents. Problems after the line is
 * written are logged, never thrown, so they cannot lose it.
 */
export async function collectOnce(options: CollectOnceOptions): Promise<CollectOutcome> {
  const checks = options.checks ?? listSourceChecks(options.config, options.source);
  const opened = await openCollectSession(options);
  if ('reason' in opened) return opened;
  try {
    return await opened.runBatch(checks, {
      ...(options.onCheckStart && { onCheckStart: options.onCheckStart }),
      ...(options.onCheckDone && { onCheckDone: options.onCheckDone }),
    });
  } finally {
    await opened.close();
  }
}

/** Probe runner processes for one batch; `close()` ends them, or hands them back to whoever keeps them. */
export type StartRunners = (
  checks: readonly Check[],
  options: { now: () => Date; readyWithinMs: number; secrets?: readonly string[] },
) => Promise<ProbeRunners>;

export interface CollectSessionOptions
  extends Omit<CollectOnceOptions, 'checks' | 'onCheckStart' | 'onCheckDone'> {
  /** Where each batch gets its runner processes (the watch keeps them); default: started per batch. */
  startRunners?: StartRunners;
  /** Retention runs at most this often; 0 (default) after every written batch. */
  retentionEveryMs?: number;
}

export interface BatchOptions {
  onCheckStart?: (check: Check) => void;
  onCheckDone?: (check: Check, result: CheckResult) => void;
}

/**
 * A source's collector for as long as it runs: holds the source's lock and its state in memory;
 * batches of checks may probe at once, and what comes after the probes (the line, the state,
 * retention, notifications) runs one batch at a time, so no two batches write at once. The same
 * check must not be in two batches at once (the caller's rule).
 */
export interface CollectSession {
  /**
   * Probes the checks and writes their line and state; settles once they are written. Its side work
   * (webhooks, alerts, auto-drafts, the heartbeat) runs after, one batch at a time on a queue of its
   * own, so a webhook that never answers never holds up the next batch's line.
   */
  runBatch(checks: readonly Check[], options?: BatchOptions): Promise<CollectOutcome>;
  /**
   * Runs `work` while no batch writes the source's files (its lines, state, retention, thinning):
   * `vigil watch --publish-every` commits and rebases the data folder inside it.
   */
  holdWrites<T>(work: () => Promise<T>): Promise<T>;
  /** Waits for the batch being written and the side work queued, then releases the lock. */
  close(): Promise<void>;
}

type NotWritten = Extract<CollectOutcome, { status: 'not-written' }>;
type NewestRun = { t: number; file: string };

/** Takes the source's lock (unless a dry run) and starts reading its state. */
export async function openCollectSession(
  options: CollectSessionOptions,
): Promise<CollectSession | NotWritten> {
  const { dataDir, source } = options;
  const redact = createRedactor([...(options.secrets ?? [])]);
  let lock: PidLock | undefined;
  if (!options.dryRun) {
    const taken = await takeCollectLock(dataDir, source).catch((error: unknown) => ({ error }));
    if ('error' in taken) {
      return {
        status: 'not-written',
        reason: redact(`could not write to ${displayPath(dataDir)}: ${describeError(taken.error)}`),
      };
    }
    if ('heldBy' in taken) {
      const { pid, host } = taken.heldBy;
      return {
        status: 'not-written',
        reason: `another collect run of source "${source}" is still running (pid ${pid} on ${host}); this run wrote nothing. Runs overlap when one lasts longer than the schedule's interval: lower collect.deadline or run less often`,
      };
    }
    lock = taken;
  }
  return createSession(options, lock, redact);
}

function createSession(
  options: CollectSessionOptions,
  lock: PidLock | undefined,
  redact: (text: string) => string,
): CollectSession {
  const { config, dataDir, source } = options;
  const now = options.now ?? (() => new Date());
  const log = (text: string) => (options.log ?? console.warn)(redact(text));
  const onWarning = (warning: DataWarning) => log(formatDataWarning(warning, dataDir));
  // Read once and kept in memory; a failed read (a disk gone) is tried again by the next batch.
  let stateLoading: Promise<StateFile> | undefined;
  let state: StateFile | undefined;
  const loadState = () => {
    stateLoading ??= (async () => {
      if (!options.dryRun) await prepareDataDir(dataDir, source);
      state = renameStateChecks(await readStateFile(dataDir, source, onWarning), mapFormerIds(config.checks));
      return state;
    })();
    stateLoading.catch(() => {
      stateLoading = undefined;
    });
    return stateLoading;
  };
  let writing: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const done = writing.then(work);
    writing = done.catch(() => {});
    return done;
  };
  // Side work waits for the batches before it, never for a line to be written (see runBatch).
  let sideWorking: Promise<unknown> = Promise.resolve();
  const afterWrites = (work: () => Promise<void>): void => {
    sideWorking = sideWorking
      .then(work)
      .catch((error: unknown) =>
        log(
          `vigil collect: warning: side work after the run failed (its line and state are written): ${describeError(error)}`,
        ),
      );
  };
  // The source's newest line is read from disk once; after that this session wrote it.
  let newestRun: Promise<NewestRun | undefined> | undefined;
  let lastTrimMs = Number.NEGATIVE_INFINITY;
  let lastHeartbeatMs = Number.NEGATIVE_INFINITY;
  const context: SessionContext = {
    options,
    now,
    redact,
    log,
    onWarning,
    loadState,
    findNewestRun: () => {
      newestRun ??= findNewestRunTime(dataDir, source);
      newestRun.catch(() => {
        newestRun = undefined;
      });
      return newestRun;
    },
    noteWritten: (t, file) => {
      const written = { t, file };
      newestRun = (newestRun ?? Promise.resolve(undefined))
        .catch(() => undefined)
        .then((newest) => (newest !== undefined && newest.t > t ? newest : written));
    },
    readState: () => state as StateFile,
    saveState: (next) => {
      state = next;
    },
    oneAtATime,
    afterWrites,
    isTrimDue: (atMs) => {
      if (atMs - lastTrimMs < (options.retentionEveryMs ?? 0)) return false;
      lastTrimMs = atMs;
      return true;
    },
    isHeartbeatDue: (atMs) => {
      if (atMs - lastHeartbeatMs < HEARTBEAT_EVERY_MS) return false;
      lastHeartbeatMs = atMs;
      return true;
    },
  };
  // Publish's git work in the data folder must see no file change under it: neither a batch's line or
  // state (the write queue) nor side work's (alert state, auto-drafts, announced incidents). It waits
  // for the side work queued so far, then takes the write queue; side work queued meanwhile waits for it.
  const holdWrites = <T>(work: () => Promise<T>): Promise<T> => {
    const done = sideWorking.then(() => oneAtATime(work));
    sideWorking = done.catch(() => {});
    return done;
  };
  return {
    runBatch: (checks, batchOptions = {}) => runBatch(context, checks, batchOptions),
    holdWrites,
    async close() {
      await writing;
      await sideWorking;
      await writing;
      await lock?.release();
    },
  };
}

interface SessionContext {
  options: CollectSessionOptions;
  now: () => Date;
  redact: (text: string) => string;
  log: (text: string) => void;
  onWarning: (warning: DataWarning) => void;
  loadState: () => Promise<StateFile>;
  findNewestRun: () => Promise<NewestRun | undefined>;
  /** A line of this time went into this file. */
  noteWritten: (t: number, file: string) => void;
  /** The state as the batches written so far left it (loaded by then). */
  readState: () => StateFile;
  saveState: (state: StateFile) => void;
  oneAtATime: <T>(work: () => Promise<T>) => Promise<T>;
  /** Queues side work behind the side work of the batches before; a throw in it is logged. */
  afterWrites: (work: () => Promise<void>) => void;
  isTrimDue: (atMs: number) => boolean;
  /** Whether this batch pings the heartbeat (at most every HEARTBEAT_EVERY_MS in one session). */
  isHeartbeatDue: (atMs: number) => boolean;
}

/**
 * A session (vigil watch) pings the heartbeat at most this often, however many batches it writes: a
 * push URL needs to hear that runs go on, not of each 1 s batch (and a slow one must not pile up).
 */
const HEARTBEAT_EVERY_MS = 30_000;

async function runBatch(
  context: SessionContext,
  checks: readonly Check[],
  batchOptions: BatchOptions,
): Promise<CollectOutcome> {
  const { options, now, redact } = context;
  const { config, dataDir, source } = options;
  const startedAt = now();
  // Probes run in runner processes, so nothing they do can hold up this one, which keeps the
  // deadline and writes the line. Tests that hand in their own probes or command runner probe in
  // this process. The runners load their probes while this process reads the data directory.
  const isolated = options.probes === undefined && options.run === undefined && !options.inProcess;
  const runStartedAtMs = performance.now();
  const startRunners = options.startRunners ?? startProbeRunners;
  const runnersStarting = isolated
    ? startRunners(checks, {
        now,
        readyWithinMs: Math.min(10_000, config.collect.deadline / 4),
        ...(options.secrets !== undefined && { secrets: options.secrets }),
      })
    : undefined;
  let state: StateFile;
  let clockProblem: string | undefined;
  try {
    clockProblem = describeClockProblem(
      startedAt,
      await context.findNewestRun(),
      config.collect.clockSkewLimit,
    );
    await context.loadState();
    // What the batches written so far left, not what was read at the start.
    state = context.readState();
  } catch (error) {
    (await runnersStarting)?.close();
    return {
      status: 'not-written',
      reason: redact(`could not write to ${displayPath(dataDir)}: ${describeError(error)}`),
    };
  }
  const loopDelay = startLoopDelaySampler();
  const runners = await runnersStarting;
  let outcome: Awaited<ReturnType<typeof runChecks>>;
  let loopDelayMaxMs: number;
  try {
    outcome = await runChecks({
      checks,
      state,
      probes: runners?.probes ?? options.probes ?? PROBES,
      concurrency: config.collect.concurrency,
      deadlineMs: config.collect.deadline,
      failuresBeforeDown: config.collect.failuresBeforeDown,
      loopDelayLimitMs: config.collect.loopDelayLimit,
      startedAtMs: runStartedAtMs,
      runStartedAt: startedAt,
      phaseOf: (check) => (LATENCY_FIRST.has(check.type) ? 0 : 1),
      now,
      run: options.run ?? runCommand,
      dataDir,
      ...(options.secrets !== undefined && { secrets: options.secrets }),
      ...(batchOptions.onCheckStart && { onCheckStart: batchOptions.onCheckStart }),
      onCheckDone: (check, result) => batchOptions.onCheckDone?.(check, redactDeep(result, redact)),
    });
    loopDelayMaxMs = Math.max(loopDelay.maxDelayMs(), (await runners?.readLoopDelayMaxMs()) ?? 0);
  } finally {
    loopDelay.stop();
    runners?.close();
  }
  const line: SnapshotLine = redactDeep(
    {
      v: SNAPSHOT_VERSION,
      t: startedAt.toISOString(),
      source,
      agent: describeAgent(),
      durationMs: now().getTime() - startedAt.getTime(),
      run: { loopDelayMaxMs },
      results: outcome.results,
    },
    redact,
  );
  if (options.dryRun) return { status: 'dry-run', line };
  return context.oneAtATime(() =>
    writeBatch(context, { checks, startedAt, previous: state, probed: outcome.state, line, clockProblem }),
  );
}

interface ProbedBatch {
  checks: readonly Check[];
  startedAt: Date;
  /** The state the batch started from. */
  previous: StateFile;
  /** runChecks' state: the batch's checks are new in it. */
  probed: StateFile;
  line: SnapshotLine;
  clockProblem: string | undefined;
}

/** After the probes, one batch at a time: the line, the state, retention; then its side work is queued. */
async function writeBatch(context: SessionContext, batch: ProbedBatch): Promise<CollectOutcome> {
  const { options, redact, log, onWarning } = context;
  const { config, dataDir, source } = options;
  const { checks, startedAt, line, clockProblem } = batch;
  let file: string;
  try {
    file = await appendSnapshot(dataDir, line);
    context.noteWritten(startedAt.getTime(), relative(dataDir, file));
  } catch (error) {
    return {
      status: 'not-written',
      line,
      reason: redact(`could not write to ${displayPath(dataDir)}: ${describeError(error)}`),
    };
  }
  // Batches that ran alongside this one wrote their own checks' states since it started.
  const current = context.readState();
  const probedChecks = Object.fromEntries(
    checks.flatMap((check) => {
      const checkState = batch.probed.checks[check.id];
      return checkState === undefined ? [] : [[check.id, checkState] as const];
    }),
  );
  const next: StateFile = {
    ...current,
    v: batch.probed.v,
    ...(batch.probed.updatedAt !== undefined && { updatedAt: batch.probed.updatedAt }),
    checks: { ...current.checks, ...probedChecks },
  };
  context.saveState(next);
  try {
    await writeStateFile(dataDir, source, redactDeep(next, redact));
  } catch (error) {
    // The run is stored; the next run starts from the previous state (one failure count may be lost).
    const stateFile = join(dataDir, getStateFile(source));
    log(
      `vigil collect: warning: the run was written but not the state file ${stateFile}: ${describeError(error)}; the next run recovers`,
    );
  }
  if (clockProblem !== undefined) log(`vigil collect: warning: ${clockProblem}`);
  else if (context.isTrimDue(startedAt.getTime()))
    await trimHistory({ dataDir, source, config, now: startedAt, log, onWarning });
  // Side work after the line is written has its own budget: a hanging webhook cannot hold the run
  // (webhooks' 15 s, or alerts.deadline when that is longer, so the setting is what it says). It
  // counts from now, not from when the side work of the batches before lets it start, so side work
  // piled up behind a webhook that never answers is cut short, and the queue stays that budget long.
  const notifySignal = AbortSignal.timeout(
    options.notifyBudgetMs ?? Math.max(NOTIFY_BUDGET_MS, config.alerts.deadline),
  );
  context.afterWrites(() => runSideWork(context, { ...batch, written: next }, notifySignal));
  return { status: 'written', line, file };
}

/** Webhooks, alerts, auto-drafts and the heartbeat of one written batch. */
async function runSideWork(
  context: SessionContext,
  /** written: the state as this batch left it (later batches may have moved on since). */
  batch: ProbedBatch & { written: StateFile },
  notifySignal: AbortSignal,
) {
  const { options, now, redact, log, onWarning } = context;
  const { config, dataDir, source } = options;
  const { checks, startedAt, previous, line } = batch;
  // Each kind of side work loads its modules only when the config asks for it (alerts always look
  // at their outbox), so a plain run pays for no webhook, incident or provider code.
  // A check seen from several places is judged by quorum once, for alerts, webhooks and drafts alike:
  // they follow the judged status, and only its announcer sends (collectors/notify/place-gate.ts).
  const judged = checks.some((check) => check.sources !== undefined)
    ? await import('../notify/place-gate.ts')
        .then(({ loadPlaceGate }) =>
          loadPlaceGate({ config, dataDir, source, checks, results: line.results, at: startedAt, onWarning }),
        )
        .then((gate) => ({ ok: true as const, gate }))
        .catch((error: unknown) => {
          log(
            `vigil collect: warning: the places of multi-place checks not judged: ${describeError(error)}; those checks are left out of this run's alerts, webhooks and incident drafts`,
          );
          return { ok: false as const, gate: undefined };
        })
    : { ok: true as const, gate: undefined };
  const places = judged.gate;
  // Unjudged, a multi-place check's raw per-place result must not page, post or draft: the gate
  // fails closed, and the next run judges it again.
  const sideChecks = judged.ok ? checks : checks.filter((check) => !isMultiPlace(check));
  const sideLine = judged.ok
    ? line
    : {
        ...line,
        results: line.results.filter((result) => sideChecks.some((check) => check.id === result.id)),
      };
  const notifyWebhooks = async () => {
    if (config.publish.webhooks.length === 0) return;
    const [{ notifyStatusChanges }, { notifyIncidentChanges }] = await Promise.all([
      import('../notify/notify-status-changes.ts'),
      import('../notify/notify-incident-changes.ts'),
    ]);
    await notifyStatusChanges(config, sideChecks, previous, sideLine, log, notifySignal, places);
    let announced: string[] | undefined;
    await notifyIncidentChanges({
      dataDir,
      config,
      source,
      now: startedAt,
      log,
      onWarning,
      signal: notifySignal,
      // It records what it announced in the state file itself (before posting); the state kept in
      // memory takes it at once, so the next batch's state write carries it.
      onAnnounced: (list) => {
        announced = list;
        context.saveState({ ...context.readState(), announcedIncidents: list });
      },
    });
    if (announced === undefined) return;
    // Its write went beside the batches' own: written again with their latest checks.
    await context.oneAtATime(() => writeStateFile(dataDir, source, redactDeep(context.readState(), redact)));
  };
  const alerting = hasAlertWork(config, dataDir, source, sideChecks)
    .then((hasWork) => (hasWork ? import('../notify/send-alerts.ts') : undefined))
    .then((sending) =>
      sending?.sendAlerts({
        config,
        dataDir,
        source,
        checks: sideChecks,
        results: sideLine.results,
        at: startedAt,
        interpolated: options.interpolated ?? [],
        redact,
        log,
        onWarning,
        signal: notifySignal,
        now,
        ...(places && { places }),
      }),
    )
    .catch((error: unknown) => log(`vigil alert: warning: alerts not sent: ${describeError(error)}`));
  await Promise.all([
    notifyWebhooks().catch((error: unknown) =>
      log(`vigil collect: warning: webhooks not notified: ${describeError(error)}`),
    ),
    alerting,
  ]);
  if (config.incidents.autoDraft !== undefined) {
    const { runAutoDrafts } = await import('../incidents/auto-draft.ts');
    await runAutoDrafts(
      {
        dataDir,
        config,
        checks: sideChecks,
        results: sideLine.results,
        state: batch.written,
        now: startedAt,
        ...(places && { places }),
      },
      redact,
    );
  }
  // Its own timeout, not the batch's budget: a run whose alerts hung still completed, and the switch
  // must hear so. At most one ping per HEARTBEAT_EVERY_MS, so a heartbeat that never answers adds
  // at most its timeout per that time to the side-work queue of a watch.
  if (config.alerts.heartbeat && context.isHeartbeatDue(startedAt.getTime())) {
    const { pingHeartbeat } = await import('../notify/ping-heartbeat.ts');
    await pingHeartbeat(config.alerts.heartbeat, log);
  }
}

/**
 * Whether the alert sender has anything to do: providers to send to, multi-place checks whose judged
 * status it tracks, or an alert state a run before left (an outbox to drop, a temp file to remove).
 * Without any, a run loads none of the alert code (sendAlerts would return at once).
 */
async function hasAlertWork(config: Config, dataDir: string, source: string, checks: readonly Check[]) {
  if (config.alerts.providers.length > 0 || checks.some((check) => isMultiPlace(check))) return true;
  const stateFile = getAlertStateFile(source);
  const names = await readdir(join(dataDir, dirname(stateFile))).catch(() => [] as string[]);
  const name = basename(stateFile);
  return names.some((entry) => entry === name || isTempFileOf(entry, name));
}

/** Two runs of one source at once (a cron overlap) would each write and lose the other's failure counts. */
async function takeCollectLock(dataDir: string, source: string) {
  await mkdir(join(dataDir, 'state'), { recursive: true });
  return acquirePidLock(join(dataDir, 'state', `.${source}.collect.lock`));
}

/** The enabled checks that run on this source (a check seen from several places runs on each). */
export function listSourceChecks(config: Config, source: string): Check[] {
  return config.checks.filter((check) => runsOn(check, source) && check.enabled);
}

interface TrimInput {
  dataDir: string;
  source: string;
  config: Config;
  now: Date;
  log: (text: string) => void;
  onWarning: (warning: DataWarning) => void;
}

// Retention trouble must not lose the run just written, so it is reported, not thrown.
async function trimHistory({ dataDir, source, config, now, log, onWarning }: TrimInput): Promise<void> {
  try {
    await enforceRetention(dataDir, source, {
      now,
      retentionDays: config.site.retentionDays,
      rollupRetentionDays: config.site.rollupRetentionDays,
      // Each check's runs vouch for its own staleAfter (the one rule); a retired id for the site's.
      maxGapMs: (checkId) => {
        const check = config.checks.find((candidate) => candidate.id === checkId);
        return check === undefined ? config.site.staleAfter : getStaleAfterMs(check, config.site);
      },
      onWarning,
    });
    // Sub-minute checks keep full rate only for site.fullRateWindow (cheap when nothing is new to fold).
    await thinSubMinuteRuns(dataDir, source, { now, config, onWarning });
  } catch (error) {
    log(`vigil collect: warning: retention not applied: ${describeError(error)}`);
  }
}

/**
 * A clock that jumped must not erase history: retention decides what is old by this run's clock, so
 * it only runs when that clock is after the source's newest stored line and not far ahead of it.
 */
function describeClockProblem(
  now: Date,
  newest: NewestRun | undefined,
  skewLimitMs: number,
): string | undefined {
  if (newest === undefined) return undefined;
  const aheadMs = now.getTime() - newest.t;
  const newestAt = new Date(newest.t).toISOString();
  if (aheadMs < 0) {
    return `this run's clock (${now.toISOString()}) is ${formatDurationMs(-aheadMs)} behind the newest stored run (${newestAt} in ${newest.file}); the line is written, history is left as it is. Fix the clock, or remove that line if its clock was wrong (vigil validate lists future lines)`;
  }
  if (aheadMs > skewLimitMs) {
    return `this run's clock (${now.toISOString()}) is ${formatDurationMs(aheadMs)} ahead of the newest stored run (${newestAt}), more than collect.clockSkewLimit (${formatDurationMs(skewLimitMs)}); the line is written, history is trimmed from the next run on`;
  }
  return undefined;
}

/** Fails before any probing when the data directory cannot take this run's files. */
async function prepareDataDir(dataDir: string, source: string): Promise<void> {
  for (const folder of [join(dataDir, 'snapshots', source), join(dataDir, 'state')]) {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
  }
  // Temp files of this source's earlier runs that were killed mid-write.
  const stateName = `.${source}.json.`;
  await removeStaleTempFiles(join(dataDir, 'state'), (name) => name.startsWith(stateName));
  await removeStaleTempFiles(join(dataDir, 'rollups', source));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
