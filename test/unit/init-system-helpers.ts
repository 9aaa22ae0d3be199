// Shared by the init-system unit tests: fixtures, a DiscoverContext whose programs are canned
// outcomes, and the check every finding must be (it must load as a config check, as written).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { type DiscoverContext, type Discovery, FINDING_GROUPS } from '../../collectors/init/finding.ts';
import type { CommandOutcome } from '../../collectors/transport/run-command.ts';
import { parseCheck } from '../helpers/parse-check.ts';

export const readFixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

export function outcome(fields: Partial<CommandOutcome> = {}): CommandOutcome {
  return {
    exitCode: 0,
    stdout: '',
    stderr: '',
    durationMs: 1,
    isTruncated: false,
    timedOut: false,
    ...fields,
  };
}

export const NOT_FOUND = (program: string): CommandOutcome =>
  outcome({ exitCode: null, failure: `command not found: ${program}` });

/** A context whose `run` answers from `answers` by program name (argv[0]), and records every call. */
export function makeDiscoverContext(
  answers: Record<string, CommandOutcome | ((argv: readonly string[]) => CommandOutcome)>,
  fields: Partial<DiscoverContext> = {},
): DiscoverContext & { calls: { argv: readonly string[]; timeoutMs: number }[] } {
  const calls: { argv: readonly string[]; timeoutMs: number }[] = [];
  return {
    signal: AbortSignal.timeout(10_000),
    env: {},
    procRoot: '/proc',
    calls,
    run: async (argv, timeoutMs) => {
      calls.push({ argv, timeoutMs });
      const answer = answers[argv[0] ?? ''];
      if (answer === undefined) return NOT_FOUND(argv[0] ?? '');
      return typeof answer === 'function' ? answer(argv) : answer;
    },
    ...fields,
  };
}

/** Every finding's check loads as a config check exactly as written, in the group the writer puts it in. */
export function expectValidChecks(discovery: Discovery): void {
  for (const finding of discovery.findings) {
    const group = FINDING_GROUPS[finding.group].id;
    expect(() => parseCheck({ ...finding.check, group }), finding.key).not.toThrow();
  }
}
