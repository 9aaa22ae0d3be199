// A celery result made by the real probe from real `celery inspect … --json` output of two workers
// (test/fixtures/celery/), each method answered from its captured file: for sites built in tests.
import { readFileSync } from 'node:fs';
import { celeryProbe } from '../../collectors/probes/celery/probe-celery.ts';
import type { CommandRunner } from '../../collectors/transport/run-command.ts';
import type { CheckResult, Config } from '../../core/model/index.ts';
import { makeProbeContext } from './probe-context.ts';

/** Answers `… inspect <method> …` with test/fixtures/celery/inspect-<method>-<capture>.json. */
export function answerCeleryInspects(capture: 'one-worker' | 'two-workers'): CommandRunner {
  return async (request) => {
    const method = request.argv[request.argv.indexOf('inspect') + 1] ?? '';
    const stdout = readFileSync(
      new URL(`../fixtures/celery/inspect-${method}-${capture}.json`, import.meta.url),
      'utf8',
    );
    return { exitCode: 0, stdout, stderr: '', durationMs: 1450, isTruncated: false, timedOut: false };
  };
}

/** The config's first celery check, probed over the two-worker capture, as a stored result. */
export async function observeCeleryFixture(config: Config, nowMs: number): Promise<CheckResult> {
  const check = config.checks.find((candidate) => candidate.type === 'celery');
  if (check?.type !== 'celery') throw new Error('observeCeleryFixture: the config has no celery check');
  const observation = await celeryProbe.probe(
    check,
    makeProbeContext({ run: answerCeleryInspects('two-workers'), now: () => new Date(nowMs) }),
  );
  return {
    id: check.id,
    status: observation.status,
    ms: observation.metrics?.latencyMs ?? 1,
    message: observation.message,
    metrics: observation.metrics ?? {},
    detail: observation.detail ?? {},
  };
}
