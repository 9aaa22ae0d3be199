import type { Check, CheckState } from '../../core/model/index.ts';
import { formatDurationMs } from '../../core/model/index.ts';
import type { HealRecord } from '../../core/results/heal-record.ts';
import { firstLine } from '../../core/text.ts';
import type { CommandRunner } from '../transport/run-command.ts';

const MAX_HEAL_MESSAGE_CHARS = 200;

export interface HealInput {
  check: Check;
  /** Consecutive down results including this run (from failure counting). */
  consecutiveFailures: number;
  previous: CheckState | undefined;
  now: Date;
  run: CommandRunner;
  /** Aborted at the run's deadline; the command's own timeout applies as well. */
  deadlineSignal: AbortSignal;
}

export interface HealOutcome {
  /** Set when the command ran this time. */
  record?: HealRecord;
  /** When the command last ran, to keep in the state file (carried over when it did not run). */
  lastHealAt?: string;
}

/**
 * Runs the check's opt-in heal command (e.g. `systemctl restart app`) once it has been down for
 * `afterFailures` runs in a row, at most once per `minInterval`, remembered in the state file so
 * the limit holds across collector runs.
 */
export async function applyHeal(input: HealInput): Promise<HealOutcome> {
  const { check, previous } = input;
  const carried: HealOutcome = previous?.lastHealAt === undefined ? {} : { lastHealAt: previous.lastHealAt };
  const heal = check.heal;
  if (heal === undefined || input.consecutiveFailures < heal.afterFailures) return carried;
  const lastRanMs = previous?.lastHealAt === undefined ? Number.NaN : Date.parse(previous.lastHealAt);
  if (input.now.getTime() - lastRanMs < heal.minInterval) return carried;
  const ranAt = input.now.toISOString();
  const outcome = await input.run({
    argv: heal.command,
    env: heal.env,
    passEnv: heal.passEnv,
    signal: AbortSignal.any([input.deadlineSignal, AbortSignal.timeout(heal.timeout)]),
    maxOutputBytes: 16_384,
  });
  let message: string;
  if (outcome.timedOut) message = `timed out after ${formatDurationMs(heal.timeout)}`;
  else if (outcome.exitCode === null) message = outcome.failure ?? 'did not exit';
  else {
    const said =
      firstLine(outcome.stderr, MAX_HEAL_MESSAGE_CHARS) ?? firstLine(outcome.stdout, MAX_HEAL_MESSAGE_CHARS);
    message = said === undefined ? `exit ${outcome.exitCode}` : `exit ${outcome.exitCode}: ${said}`;
  }
  return { record: { ranAt, exitCode: outcome.exitCode, message }, lastHealAt: ranAt };
}
