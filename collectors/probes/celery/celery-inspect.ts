import type { CeleryCheck } from '../../../core/model/index.ts';
import { formatDurationMs } from '../../../core/model/index.ts';
import type { Redact } from '../../../core/redact/redact.ts';
import type { CommandOutcome } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { ProbeContext } from '../probe-types.ts';
import {
  countTaskReplies,
  INSPECT_METHODS,
  type InspectMethod,
  NO_REPLY_EXIT_CODE,
  parseInspectJson,
  readPingReplies,
  readRegisteredReplies,
} from './parse-celery-inspect.ts';
import type { CeleryReadings, GatherResult } from './summarize-celery.ts';

/** The argv of one `celery inspect <method> --json --timeout <s>`; the broker goes in the environment. */
export function buildInspectArgv(check: CeleryCheck, method: InspectMethod): string[] {
  return [
    ...check.command,
    ...(check.app === undefined ? [] : ['-A', check.app]),
    'inspect',
    method,
    '--json',
    '--timeout',
    String(check.replyTimeout / 1000),
  ];
}

/**
 * Runs the five inspects at once (Celery 5 takes one method per program). Ping decides who
 * answered and whether the broker could be reached; the others add counts, or a note when they fail.
 */
export async function runInspects(
  check: CeleryCheck,
  context: ProbeContext,
  redact: Redact,
): Promise<GatherResult> {
  const outcomes = await Promise.all(
    INSPECT_METHODS.map((method) =>
      context.run({
        argv: buildInspectArgv(check, method),
        // On its command line the password would show in ps; Celery reads CELERY_BROKER_URL first.
        env: check.broker === undefined ? {} : { CELERY_BROKER_URL: check.broker },
        passEnv: ['PYTHONPATH', 'VIRTUAL_ENV'],
        ...(check.cwd === undefined ? {} : { cwd: check.cwd }),
        signal: context.signal,
        maxOutputBytes: check.maxOutputBytes,
      }),
    ),
  );
  const [ping, active, reserved, scheduled, registered] = outcomes as [
    CommandOutcome,
    CommandOutcome,
    CommandOutcome,
    CommandOutcome,
    CommandOutcome,
  ];
  const latencyMs = Math.round(ping.durationMs);
  const pingFailure = describeInspectFailure('ping', ping, check, context, redact);
  if (pingFailure !== undefined) return { ok: false, error: pingFailure, latencyMs };
  let workerNames: string[] = [];
  if (ping.exitCode !== NO_REPLY_EXIT_CODE) {
    const parsed = parseInspectJson('ping', ping.stdout);
    if (!parsed.ok) return { ok: false, error: parsed.error, latencyMs };
    workerNames = readPingReplies(parsed.replies);
  }
  const notes: string[] = [];
  const readings: CeleryReadings = { workerNames };
  const read = <T>(
    method: InspectMethod,
    outcome: CommandOutcome,
    reader: (replies: Record<string, unknown>) => T,
  ) => {
    // With nobody answering ping, the others' "no nodes replied" says nothing new.
    if (workerNames.length === 0) return undefined;
    const failure = describeInspectFailure(method, outcome, check, context, redact);
    if (failure !== undefined) {
      notes.push(failure);
      return undefined;
    }
    const parsed = parseInspectJson(method, outcome.stdout);
    if (!parsed.ok) {
      notes.push(parsed.error);
      return undefined;
    }
    return reader(parsed.replies);
  };
  const activeCounts = read('active', active, countTaskReplies);
  const reservedCounts = read('reserved', reserved, countTaskReplies);
  const scheduledCounts = read('scheduled', scheduled, countTaskReplies);
  const registeredNames = read('registered', registered, readRegisteredReplies);
  if (activeCounts !== undefined) readings.active = activeCounts;
  if (reservedCounts !== undefined) readings.reserved = reservedCounts;
  if (scheduledCounts !== undefined) readings.scheduled = scheduledCounts;
  if (registeredNames !== undefined) readings.registered = registeredNames;
  return {
    ok: true,
    askedThrough: 'celery inspect',
    readings,
    notes,
    latencyMs,
    noAnswer: `within ${formatDurationMs(check.replyTimeout)}`,
  };
}

/**
 * Why an inspect failed, in Celery's own last words ("Error 111 connecting to 127.0.0.1:6379.
 * Connection refused."), or undefined when it answered (exit 0) or nobody replied (exit 69).
 */
export function describeInspectFailure(
  method: InspectMethod,
  outcome: CommandOutcome,
  check: CeleryCheck,
  context: ProbeContext,
  redact: Redact,
): string | undefined {
  if (outcome.timedOut) return describeTimeout(context, `waiting for celery inspect ${method}`);
  if (outcome.failure !== undefined) {
    const hint =
      outcome.failure.startsWith('command not found') && check.command[0] === 'celery'
        ? ' (Debian\'s python3-celery installs no celery script: set command: ["python3", "-m", "celery"])'
        : '';
    return `${outcome.failure}${hint}`;
  }
  if (outcome.exitCode === NO_REPLY_EXIT_CODE) {
    return method === 'ping'
      ? undefined
      : `inspect ${method}: no worker replied within ${formatDurationMs(check.replyTimeout)}`;
  }
  if (outcome.exitCode !== 0)
    return `inspect ${method}: ${lastWords(outcome, redact) ?? `exit ${outcome.exitCode}`}`;
  if (outcome.isTruncated)
    return `inspect ${method}: output longer than maxOutputBytes (${check.maxOutputBytes}); raise it`;
  return undefined;
}

/**
 * What a failed celery said: click's "Error: …" block whole (a bad -A names the module on its last
 * line), else the last line, a traceback's exception without its module path.
 */
function lastWords(outcome: CommandOutcome, redact: Redact): string | undefined {
  const lines = [outcome.stderr, outcome.stdout]
    // Redacted before any cut (the tail kept, each line, the message), so a secret crossing a cut is
    // masked whole: a secret starting before the last 8 KiB is dropped with what comes before it.
    .flatMap((text) => redact(text.slice(-16_384)).slice(-8192).split('\n'))
    .map((line) => line.trim().slice(0, 1000))
    .filter((line) => line !== '');
  const errorAt = lines.findLastIndex((line) => line.startsWith('Error: '));
  if (errorAt !== -1) return lines.slice(errorAt).join(' ').slice(0, 300);
  const said = lines.at(-1);
  if (said === undefined) return undefined;
  // "kombu.exceptions.OperationalError: Error 111 …" → "Error 111 …".
  const unqualified = /^(?:[a-z_]\w*\.)+[A-Z]\w*(?:Error|Exception): (.+)$/.exec(said)?.[1] ?? said;
  return unqualified.slice(0, 300);
}
