import { type ChildProcess, fork } from 'node:child_process';
import { RUNNER_ENTRY } from './runner-entry.ts';

let spare: ChildProcess | undefined;

/** Tells a spare runner to load the network probes while it waits (see probe-runner-child.ts). */
export const SPARE_ARGUMENT = '--spare';

/** Starts a probe runner process (probe-runner-child.ts) with the coordinator's IPC channel. */
export function forkRunnerProcess(args: readonly string[] = []): ChildProcess {
  const child = fork(RUNNER_ENTRY, [...args], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // An IPC channel to a runner must never keep the coordinator alive.
  child.channel?.unref();
  return child;
}

/**
 * Starts one runner process before the collector has loaded its own modules and config, so that
 * Node's start in the runner overlaps them: `vigil collect` calls it first thing. The run takes it
 * with takeSpareRunner; one never taken ends with the coordinator (a runner exits on disconnect).
 */
export function forkSpareRunner(): void {
  if (spare !== undefined) return;
  spare = forkRunnerProcess([SPARE_ARGUMENT]);
  // Until a run takes it, a spare never keeps the collector alive (a config error exits at once).
  spare.unref();
}

/** The spare runner process, once, if one was started and is still alive. */
export function takeSpareRunner(): ChildProcess | undefined {
  const taken = spare;
  spare = undefined;
  if (taken === undefined || taken.exitCode !== null || taken.signalCode !== null || !taken.connected)
    return undefined;
  taken.ref();
  return taken;
}

/** Ends a spare runner no run took. */
export function endSpareRunner(): void {
  takeSpareRunner()?.kill('SIGKILL');
}
