// A probe runner: a child process the coordinator hands probe attempts to. Whatever a probe does
// here (synchronous library work, a stat stuck on a hung mount, a thread pool filled by it), the
// coordinator's event loop and thread pool are not this process's, so its deadline always holds.

import type { Check, CheckType } from '../../core/model/index.ts';
import type { Observation, ProbeDefinition } from '../probes/probe-types.ts';
import { loadProbe, PROBES } from '../probes/registry.ts';
import { PARSED_WARM_UP_CHECKS } from '../probes/shared/warm-up-checks.ts';
import { runCommand } from '../transport/run-command.ts';
import { startAttemptSignal } from './attempt-signal.ts';
import { startLoopDelaySampler } from './loop-delay.ts';
import type { RunnerReply, RunnerRequest } from './probe-runner-messages.ts';
import { SPARE_ARGUMENT } from './spare-runner.ts';

const sampler = startLoopDelaySampler();

// A spare runner is started before the coordinator knows its checks; it loads the probes most runs
// start with (HTTP, TCP) meanwhile and warms them up (warm-up.ts), so a network runner's preload
// finds its warm-up done or under way. The coordinator waits for the preload's answer before it
// times any check, as before.
const warmUps = new Map<CheckType, Promise<unknown>>();
if (process.argv.includes(SPARE_ARGUMENT)) {
  for (const type of ['http', 'tcp'] as const) {
    const warmUpCheck = PARSED_WARM_UP_CHECKS[type];
    warmUps.set(
      type,
      loadProbe(type)
        .then((definition) => definition.preload?.(warmUpCheck as never))
        .catch(() => {}),
    );
  }
}
const attempts = new Map<number, AbortController>();

/**
 * Attempts that arrived together start one per turn of the event loop, not all in one go: between
 * two starts the loop handles whatever I/O is ready, so a response that arrives while the others are
 * still being started is read when it arrives, not after every start's synchronous work. With 32 in
 * flight this halves the latency error of a 15 ms target beside 50 other HTTP checks.
 */
const waiting: Extract<RunnerRequest, { kind: 'probe' }>[] = [];
function startNextSoon(): void {
  setImmediate(() => {
    const next = waiting.shift();
    if (next) void runAttempt(next);
    if (waiting.length > 0) startNextSoon();
  });
}

const checks = new Map<string, Check>();
// The run's secrets, from the preload message, for every probe's context.
let secrets: readonly string[] | undefined;
const outbox: RunnerReply[] = [];

// Replies of one event-loop turn go together (see probe-runner-messages.ts).
function reply(message: RunnerReply): void {
  outbox.push(message);
  if (outbox.length === 1) setImmediate(() => process.send?.(outbox.splice(0)));
}

async function runAttempt(request: Extract<RunnerRequest, { kind: 'probe' }>): Promise<void> {
  const controller = new AbortController();
  attempts.set(request.id, controller);
  const attempt = startAttemptSignal(request.timeoutMs, [controller.signal]);
  const { signal } = attempt;
  const startedMs = performance.now();
  // The coordinator's clock (a fixed one in tests), carried forward by this process's monotonic one.
  const now = () => new Date(request.nowMs + (performance.now() - startedMs));
  const check = checks.get(request.checkId) as Check;
  const definition = PROBES[check.type] as ProbeDefinition<typeof check.type>;
  let observation: Observation;
  try {
    observation = await definition.probe(check as never, {
      signal,
      timeoutMs: request.timeoutMs,
      now,
      run: runCommand,
      previousState: request.previousState,
      ...(request.dataDir !== undefined && { dataDir: request.dataDir }),
      ...(secrets !== undefined && { secrets }),
    });
  } catch (error) {
    observation = {
      status: 'down',
      message: `probe failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  attempt.dispose();
  attempts.delete(request.id);
  reply({
    kind: 'result',
    id: request.id,
    observation: { ...observation, loopDelayMs: sampler.maxDelayBetween(startedMs, performance.now()) },
  });
}

process.on('message', (requests: RunnerRequest[]) => {
  for (const request of requests) handleRequest(request);
});

function handleRequest(request: RunnerRequest): void {
  switch (request.kind) {
    case 'preload':
      for (const check of request.checks) checks.set(check.id, check);
      secrets = request.secrets;
      if (request.ignoreStopSignals) ignoreStopSignals();
      // Client libraries load before any timing starts, so loading them never shows as latency.
      void Promise.allSettled(
        request.types.map(
          (type) =>
            warmUps.get(type) ??
            (PROBES[type] as ProbeDefinition<CheckType>).preload?.(
              request.warmUpChecks.find((check) => check.type === type),
            ),
        ),
      ).then(() => reply({ kind: 'ready' }));
      return;
    case 'probe':
      waiting.push(request);
      if (waiting.length === 1) startNextSoon();
      return;
    case 'abort': {
      const index = waiting.findIndex((queued) => queued.id === request.id);
      // Never started: answered at once, so the coordinator knows this runner is not blocked.
      if (index >= 0) {
        waiting.splice(index, 1);
        reply({ kind: 'result', id: request.id, observation: { status: 'down', message: 'aborted' } });
      }
      attempts.get(request.id)?.abort();
      return;
    }
    case 'report':
      reply({ kind: 'report', loopDelayMaxMs: sampler.maxDelayMs() });
      return;
  }
}
// The coordinator went away (its run is over): so does this runner, whatever is still pending.
process.on('disconnect', () => process.exit(0));

/**
 * Under vigil watch the coordinator decides when runs end: Ctrl-C or systemd's stop, sent to the
 * whole group, lets it finish the runs in flight; the runner ends when it disconnects or is killed.
 * A cron collect's runners keep the default, so a signal ends them even with their loop blocked.
 */
function ignoreStopSignals(): void {
  if (process.listenerCount('SIGTERM') > 0) return;
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
}
