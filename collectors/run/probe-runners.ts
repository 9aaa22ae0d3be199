import type { ChildProcess } from 'node:child_process';
import { type Check, type CheckType, ConfigSchema } from '../../core/model/index.ts';
import type { Observation, ProbeContext } from '../probes/probe-types.ts';
import { PROBES, WARM_UP_CHECKS } from '../probes/registry.ts';
import type { RunnerReply, RunnerRequest } from './probe-runner-messages.ts';
import type { ProbeRegistry } from './run-checks.ts';
import { endSpareRunner, forkRunnerProcess, takeSpareRunner } from './spare-runner.ts';

/**
 * Which runner process probes each type. Probes that can hold up a process go where they cannot
 * hold up unrelated ones: plain HTTP and TCP, whose latency people chart, apart from the database,
 * Redis and Docker clients (their first connections do tens of milliseconds of synchronous work);
 * the host probe (systeminformation runs some commands synchronously) on its own; local files and
 * mounts (a hung stat fills the thread pool, which DNS lookups need too) apart from the network;
 * the probes that run scheduler and system commands together.
 */
const RUNNER_OF_TYPE = {
  http: 'network',
  tcp: 'network',
  jupyterhub: 'network',
  login: 'commands',
  websocket: 'network',
  grpc: 'network',
  redis: 'services',
  postgres: 'services',
  mysql: 'services',
  docker: 'services',
  host: 'host',
  filesystem: 'local',
  sqlite: 'local',
  process: 'local',
  celery: 'commands',
  command: 'commands',
  gpu: 'commands',
  slurm: 'commands',
  pbs: 'commands',
  systemd: 'commands',
  heartbeat: 'local',
  ping: 'commands',
  dns: 'network',
  smtp: 'network',
  imap: 'network',
  pop3: 'network',
  tls: 'network',
} as const satisfies Record<CheckType, string>;

type RunnerName = (typeof RUNNER_OF_TYPE)[CheckType];

export interface ProbeRunners {
  /** The registry runChecks uses: every probe answers from its runner process. */
  probes: ProbeRegistry;
  /** The longest any runner's event loop was held up during the run, in ms. */
  readLoopDelayMaxMs(): Promise<number>;
  /** Ends every runner now, whatever it is doing; never waits for one stuck in the kernel. */
  close(): void;
  /** True once any runner has ended (crashed, killed): runners kept between runs must be replaced. */
  hasExited?(): boolean;
  /**
   * True once a runner left a probe the coordinator gave up on (its timeout, the deadline) without
   * answering within ABORT_ANSWER_MS: its event loop is blocked (a synchronous query that never
   * ends), and every probe sent to it would time out too. Runners kept between runs are replaced.
   */
  isUnresponsive?(): boolean;
  /** Asks every runner to answer; false when one does not within `withinMs` (blocked), or has ended. */
  ping?(withinMs: number): Promise<boolean>;
}

/** How long a runner has to answer a probe it was told to abort (a free event loop answers at once). */
export const ABORT_ANSWER_MS = 1_000;

interface Runner {
  child: ChildProcess;
  pending: Map<number, (observation: Observation) => void>;
  reports: ((delayMs: number) => void)[];
  exited: string | undefined;
  /** Probes given up on (aborted) whose answer has not come yet: the timer that says the runner is blocked. */
  abandoned: Map<number, NodeJS.Timeout>;
  isUnresponsive: boolean;
  /** Messages of this event-loop turn, sent together at its end (see probe-runner-messages.ts). */
  outbox: RunnerRequest[];
}

/**
 * Starts one runner process per group the checks need and waits (at most `readyWithinMs`) until
 * each has loaded the client libraries its checks use.
 */
export async function startProbeRunners(
  checks: readonly Check[],
  options: {
    now: () => Date;
    readyWithinMs: number;
    ignoreStopSignals?: boolean;
    secrets?: readonly string[];
  },
): Promise<ProbeRunners> {
  const typesByRunner = new Map<RunnerName, Set<CheckType>>();
  const checksByRunner = new Map<RunnerName, Check[]>();
  for (const check of checks) {
    const name = RUNNER_OF_TYPE[check.type];
    typesByRunner.set(name, (typesByRunner.get(name) ?? new Set()).add(check.type));
    const ofRunner = checksByRunner.get(name) ?? [];
    ofRunner.push(check);
    checksByRunner.set(name, ofRunner);
  }
  const runners = new Map<RunnerName, Runner>();
  const ready: Promise<void>[] = [];
  for (const [name, types] of typesByRunner) {
    const runner = spawnRunner();
    runners.set(name, runner);
    ready.push(
      new Promise<void>((resolve) => {
        const onMessages = (messages: RunnerReply[]) => {
          if (!messages.some((message) => message.kind === 'ready')) return;
          runner.child.off('message', onMessages);
          resolve();
        };
        runner.child.on('message', onMessages);
        runner.child.once('exit', () => resolve());
        send(runner, {
          kind: 'preload',
          types: [...types],
          warmUpChecks: parseWarmUpChecks(types),
          checks: checksByRunner.get(name) ?? [],
          ...(options.ignoreStopSignals && { ignoreStopSignals: true }),
          ...(options.secrets !== undefined && { secrets: [...options.secrets] }),
        });
      }),
    );
  }
  await Promise.race([
    Promise.all(ready),
    new Promise((resolve) => setTimeout(resolve, options.readyWithinMs).unref()),
  ]);

  let nextId = 0;
  const probeIn = (check: Check, context: ProbeContext): Promise<Observation> => {
    const runner = runners.get(RUNNER_OF_TYPE[check.type]) as Runner;
    if (runner.exited !== undefined) return Promise.resolve({ status: 'down', message: runner.exited });
    const id = nextId++;
    return new Promise<Observation>((resolve) => {
      const settle = (observation: Observation) => {
        runner.pending.delete(id);
        context.signal.removeEventListener('abort', onAbort);
        resolve(observation);
      };
      // The coordinator's own timers decide timeouts and the deadline; the runner is told to stop.
      const onAbort = () => {
        send(runner, { kind: 'abort', id });
        settle({ status: 'down', message: 'aborted' });
        const timer = setTimeout(() => {
          runner.abandoned.delete(id);
          runner.isUnresponsive = true;
        }, ABORT_ANSWER_MS);
        timer.unref();
        runner.abandoned.set(id, timer);
      };
      runner.pending.set(id, settle);
      context.signal.addEventListener('abort', onAbort, { once: true });
      send(runner, {
        kind: 'probe',
        id,
        checkId: check.id,
        timeoutMs: context.timeoutMs,
        previousState: context.previousState,
        nowMs: options.now().getTime(),
        ...(context.dataDir !== undefined && { dataDir: context.dataDir }),
      });
    });
  };
  const probes = Object.fromEntries(
    Object.entries(PROBES).map(([type, definition]) => [
      type,
      {
        probe: probeIn,
        ...(definition.defaultThresholds && { defaultThresholds: definition.defaultThresholds }),
      },
    ]),
  ) as unknown as ProbeRegistry;

  return {
    probes,
    async readLoopDelayMaxMs() {
      const reports = [...runners.values()].map(
        (runner) =>
          new Promise<number>((resolve) => {
            if (runner.exited !== undefined) return resolve(0);
            runner.reports.push(resolve);
            send(runner, { kind: 'report' });
            // A runner held up right now cannot answer; what it could not say is not waited for.
            setTimeout(() => resolve(0), 200).unref();
          }),
      );
      return Math.max(0, ...(await Promise.all(reports)));
    },
    hasExited: () => [...runners.values()].some((runner) => runner.exited !== undefined),
    isUnresponsive: () => [...runners.values()].some((runner) => runner.isUnresponsive),
    async ping(withinMs) {
      const answers = [...runners.values()].map(
        (runner) =>
          new Promise<boolean>((resolve) => {
            if (runner.exited !== undefined) return resolve(false);
            const timer = setTimeout(() => resolve(false), withinMs);
            timer.unref();
            runner.reports.push(() => {
              clearTimeout(timer);
              resolve(true);
            });
            send(runner, { kind: 'report' });
          }),
      );
      return (await Promise.all(answers)).every(Boolean);
    },
    close() {
      endSpareRunner();
      for (const runner of runners.values()) {
        for (const timer of runner.abandoned.values()) clearTimeout(timer);
        runner.child.kill('SIGKILL');
        if (runner.child.connected) runner.child.disconnect();
        runner.child.unref();
      }
    },
  };
}

/** The warm-up checks of these types, with every default the config schema gives. */
function parseWarmUpChecks(types: ReadonlySet<CheckType>): Check[] {
  const raw = [...types].flatMap((type) => {
    const check = WARM_UP_CHECKS[type];
    return check === undefined ? [] : [{ ...check, id: `warm-up-${type}` }];
  });
  return raw.length === 0 ? [] : ConfigSchema.parse({ checks: raw }).checks;
}

function spawnRunner(): Runner {
  // The runner `vigil collect` started early (spare-runner.ts) has its Node start behind it.
  const child = takeSpareRunner() ?? forkRunnerProcess();
  const runner: Runner = {
    child,
    pending: new Map(),
    reports: [],
    exited: undefined,
    abandoned: new Map(),
    isUnresponsive: false,
    outbox: [],
  };
  child.on('message', (messages: RunnerReply[]) => {
    for (const message of messages) {
      if (message.kind === 'result') {
        runner.pending.get(message.id)?.(message.observation);
        clearTimeout(runner.abandoned.get(message.id));
        runner.abandoned.delete(message.id);
      }
      if (message.kind === 'report') runner.reports.shift()?.(message.loopDelayMaxMs);
    }
  });
  child.on('exit', (code, signal) => {
    runner.exited = `the probe runner process ended (${signal ?? `exit code ${code}`}) before answering`;
    for (const settle of runner.pending.values()) settle({ status: 'down', message: runner.exited });
  });
  return runner;
}

function send(runner: Runner, message: RunnerRequest): void {
  if (runner.exited !== undefined) return;
  runner.outbox.push(message);
  if (runner.outbox.length === 1) setImmediate(() => flush(runner));
}

function flush(runner: Runner): void {
  const messages = runner.outbox.splice(0);
  if (runner.exited !== undefined || !runner.child.connected || messages.length === 0) return;
  runner.child.send(messages, (error) => {
    if (error && runner.exited === undefined)
      runner.exited = `the probe runner could not be reached: ${error.message}`;
  });
}
