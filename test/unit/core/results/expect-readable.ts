import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Observation } from '../../../../collectors/probes/probe-types.ts';
import type { CommandOutcome, CommandRunner } from '../../../../collectors/transport/run-command.ts';
import type { CheckType } from '../../../../core/model/index.ts';
import { readResult } from '../../../../core/results/index.ts';

/** A captured output under test/fixtures/. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');
}

/** A command runner that answers each program (argv[0]) with a canned outcome; anything else is not found. */
export function answerPrograms(outcomes: Record<string, Partial<CommandOutcome>>): CommandRunner {
  return async (request) => {
    const program = request.argv[0] ?? '';
    const outcome = outcomes[program];
    if (outcome === undefined) {
      return {
        exitCode: null,
        stdout: '',
        stderr: '',
        durationMs: 1,
        isTruncated: false,
        timedOut: false,
        failure: `command not found: ${program}`,
      };
    }
    return {
      exitCode: 0,
      stdout: '',
      stderr: '',
      durationMs: 12,
      isTruncated: false,
      timedOut: false,
      ...outcome,
    };
  };
}

/**
 * The observation, stored as a snapshot line holds it (JSON, detail and metrics defaulted to {}),
 * reads with its type's schemas, and reading it loses or changes nothing the probe wrote. Returns
 * whether the probe stored a detail at all.
 */
export function expectReadable(type: CheckType, observation: Observation): { hasDetail: boolean } {
  const stored = JSON.parse(
    JSON.stringify({ detail: observation.detail ?? {}, metrics: observation.metrics ?? {} }),
  ) as { detail: Record<string, unknown>; metrics: Record<string, number> };
  const reading = readResult(type, stored);
  if (!reading.success) {
    expect.fail(`${type} result does not read: ${JSON.stringify(reading.error.issues)}`);
  }
  expect(reading.data.detail ?? {}).toEqual(stored.detail);
  expect(reading.data.metrics).toEqual(stored.metrics);
  return { hasDetail: reading.data.detail !== undefined };
}
