import { type CommandCheck, formatDurationMs } from '../../../core/model/index.ts';
import { compileLinearRegex } from '../../../core/model/safe-regex.ts';
import type { CommandBuiltinMetrics, CommandDetail, CommandMetrics } from '../../../core/results/command.ts';
import { firstLine } from '../../../core/text.ts';
import type { CommandOutcome } from '../../transport/run-command.ts';
import { preloadCommandRunner } from '../../transport/run-command.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { evaluateJsonAssertions } from '../shared/json-path.ts';

const MAX_MESSAGE_LINE_CHARS = 80;
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What the output told us beyond up or down: numbers from groups and JSON, text from groups. */
interface Findings {
  metrics: CommandMetrics;
  /** Named groups that are not numbers, by group name. */
  detail: Record<string, string>;
  /** Why the output fails the check, if it does. */
  failure?: string;
}

// Runs the program through the injected runner, then judges exit code, regex and JSON in that order.
async function probeCommand(check: CommandCheck, context: ProbeContext): Promise<Observation> {
  const outcome = await context.run({
    argv: check.command,
    ...(check.cwd === undefined ? {} : { cwd: check.cwd }),
    env: check.env,
    passEnv: check.passEnv,
    signal: context.signal,
    maxOutputBytes: check.maxOutputBytes,
  });
  const metrics: CommandMetrics = {
    durationMs: Math.round(outcome.durationMs),
  } satisfies CommandBuiltinMetrics;
  if (outcome.timedOut) {
    return { status: 'down', message: describeTimeout(context), metrics };
  }
  if (outcome.exitCode === null) {
    return { status: 'down', message: outcome.failure ?? 'the program did not exit on its own', metrics };
  }
  metrics.exitCode = outcome.exitCode;
  const detail: Record<string, unknown> = outcome.isTruncated
    ? ({ outputCutAtBytes: check.maxOutputBytes } satisfies CommandDetail)
    : {};
  if (!check.expectedExitCodes.includes(outcome.exitCode)) {
    const said =
      firstLine(outcome.stderr, MAX_MESSAGE_LINE_CHARS) ?? firstLine(outcome.stdout, MAX_MESSAGE_LINE_CHARS);
    const expected = check.expectedExitCodes.join(', ');
    const message = `exit ${outcome.exitCode} (expected ${expected})${said === undefined ? '' : `: ${said}`}`;
    return { status: 'down', message, metrics, ...withDetail(detail) };
  }
  const findings = inspectStdout(check, outcome);
  Object.assign(metrics, findings.metrics);
  Object.assign(detail, findings.detail);
  if (findings.failure !== undefined) {
    return { status: 'down', message: findings.failure, metrics, ...withDetail(detail) };
  }
  const said = firstLine(outcome.stdout, MAX_MESSAGE_LINE_CHARS);
  const ran = `exit ${outcome.exitCode} in ${formatDurationMs(outcome.durationMs)}`;
  return {
    status: 'up',
    message: said === undefined ? ran : `${ran}; ${said}`,
    metrics,
    ...withDetail(detail),
  };
}

function inspectStdout(check: CommandCheck, outcome: CommandOutcome): Findings {
  const findings: Findings = { metrics: {}, detail: {} };
  if (check.match !== undefined) {
    const matchFailure = recordMatchGroups(check.match, outcome.stdout, findings);
    if (matchFailure !== undefined) return { ...findings, failure: matchFailure };
  }
  if (check.json.length === 0) return findings;
  let document: unknown;
  try {
    document = JSON.parse(outcome.stdout);
  } catch (error) {
    const cut = outcome.isTruncated
      ? ` (output was cut at ${check.maxOutputBytes} bytes; raise maxOutputBytes)`
      : '';
    return { ...findings, failure: `stdout is not JSON: ${(error as Error).message}${cut}` };
  }
  const evaluated = evaluateJsonAssertions(document, check.json);
  Object.assign(findings.metrics, evaluated.metrics);
  if (evaluated.failures.length > 0) return { ...findings, failure: evaluated.failures.join('; ') };
  return findings;
}

// Named groups become metrics when they read as numbers ("42", "0.5") and detail otherwise ("2.39.5").
function recordMatchGroups(pattern: string, stdout: string, findings: Findings): string | undefined {
  let regex: RegExp;
  try {
    regex = compileLinearRegex(pattern, 'm');
  } catch (error) {
    return `match is not a valid regular expression /${pattern}/: ${(error as Error).message}`;
  }
  const match = regex.exec(stdout);
  if (match === null) return `stdout does not match /${pattern}/`;
  for (const [name, value] of Object.entries(match.groups ?? {})) {
    if (value === undefined) continue;
    if (NUMBER_PATTERN.test(value.trim())) findings.metrics[name] = Number(value);
    else findings.detail[name] = value;
  }
  return undefined;
}

function withDetail(detail: Record<string, unknown>): { detail?: Record<string, unknown> } {
  return Object.keys(detail).length > 0 ? { detail } : {};
}

export const commandProbe: ProbeDefinition<'command'> = {
  probe: probeCommand,
  preload: preloadCommandRunner,
};
