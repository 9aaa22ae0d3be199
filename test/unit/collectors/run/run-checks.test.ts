import { describe, expect, it } from 'vitest';
import type { Observation, ProbeContext } from '../../../../collectors/probes/probe-types.ts';
import { type ProbeRegistry, runChecks } from '../../../../collectors/run/run-checks.ts';
import type { CommandRunner } from '../../../../collectors/transport/run-command.ts';
import { CHECK_TYPES, type Check, type StateFile } from '../../../../core/model/index.ts';
import { parseCheck } from '../../../helpers/parse-check.ts';

type ScriptedProbe = (check: Check, context: ProbeContext) => Promise<Observation>;

const unusedRunner: CommandRunner = async () => {
  throw new Error('no command expected');
};

/** A registry whose every type runs the same scripted probe: the engine is under test, not probes. */
function registryOf(probe: ScriptedProbe, defaultThresholds = {}): ProbeRegistry {
  const definition = { probe, defaultThresholds } as never;
  return Object.fromEntries(CHECK_TYPES.map((type) => [type, definition])) as unknown as ProbeRegistry;
}

function tcpCheck(id: string, extra: Record<string, unknown> = {}): Check {
  return parseCheck({ id, type: 'tcp', host: '127.0.0.1', port: 9, timeout: '200ms', ...extra });
}

const emptyState: StateFile = { v: 1, checks: {} };

function run(checks: Check[], probe: ScriptedProbe, extra: Partial<Parameters<typeof runChecks>[0]> = {}) {
  return runChecks({
    checks,
    state: emptyState,
    probes: registryOf(probe),
    concurrency: 32,
    deadlineMs: 5000,
    failuresBeforeDown: 1,
    now: () => new Date('2026-11-22T10:00:00Z'),
    run: unusedRunner,
    ...extra,
  });
}

const never = () => new Promise<Observation>(() => {});

describe('runChecks', () => {
  it('retries a failed probe once and keeps the second answer', async () => {
    let calls = 0;
    const { results } = await run([tcpCheck('flaky')], async () => {
      calls += 1;
      return calls === 1
        ? { status: 'down', message: 'lost packet' }
        : { status: 'up', message: 'connected' };
    });
    expect(calls).toBe(2);
    expect(results[0]).toMatchObject({ id: 'flaky', status: 'up', message: 'connected' });
  });

  it('says how many attempts a down check took', async () => {
    const { results } = await run([tcpCheck('dead', { retries: 2 })], async () => ({
      status: 'down',
      message: 'refused',
    }));
    expect(results[0]).toMatchObject({ status: 'down', message: 'refused (3 attempts)' });
  });

  it('ends a probe that ignores its signal at its timeout, and the other checks still run', async () => {
    const probe: ScriptedProbe = (check) =>
      check.id === 'hangs' ? never() : Promise.resolve({ status: 'up', message: 'ok' });
    const { results } = await run([tcpCheck('hangs', { retries: 0 }), tcpCheck('fine')], probe);
    expect(results.map((r) => [r.id, r.status, r.message])).toEqual([
      ['hangs', 'down', 'timed out after 200 ms'],
      ['fine', 'up', 'ok'],
    ]);
  });

  it('turns a probe that throws (a bug) into a down result instead of crashing the run', async () => {
    const { results } = await run([tcpCheck('buggy', { retries: 0 })], async () => {
      throw new TypeError('cannot read x of undefined');
    });
    expect(results[0]).toMatchObject({ status: 'down', message: 'probe failed: cannot read x of undefined' });
  });

  it('never runs more probes at once than the concurrency bound', async () => {
    let running = 0;
    let peak = 0;
    const probe: ScriptedProbe = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return { status: 'up', message: 'ok' };
    };
    const checks = Array.from({ length: 40 }, (_, i) => tcpCheck(`c${i}`));
    const { results } = await run(checks, probe, { concurrency: 4 });
    expect(peak).toBe(4);
    expect(results).toHaveLength(40);
  });

  it('stops at the run deadline: a check with no answer by then is unknown, not down, and keeps its failure count', async () => {
    const checks = [
      tcpCheck('a', { timeout: '10s', retries: 0 }),
      tcpCheck('b', { timeout: '10s', retries: 0 }),
    ];
    const state: StateFile = { v: 1, checks: { a: { consecutiveFailures: 1, lastStatus: 'degraded' } } };
    const { results, state: next } = await run(checks, never, { concurrency: 1, deadlineMs: 100, state });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['a', 'unknown'],
      ['b', 'unknown'],
    ]);
    expect(results[0]?.message).toBe('no answer before the run deadline (100 ms)');
    expect(results[1]?.message).toBe('not run: the run deadline (100 ms) passed first');
    expect(next.checks.a?.consecutiveFailures).toBe(1);
  });

  it('records the run start as lastRunAt of every check it probed; one the deadline cut before it started keeps its own', async () => {
    const before = '2026-11-22T09:55:00.000Z';
    const state: StateFile = {
      v: 1,
      checks: {
        a: { consecutiveFailures: 0, lastRunAt: before },
        b: { consecutiveFailures: 0, lastRunAt: before },
      },
    };
    const checks = [tcpCheck('a'), tcpCheck('b')];
    const runStartedAt = new Date('2026-11-22T09:59:59.000Z');
    const { state: next } = await run(checks, never, {
      concurrency: 1,
      deadlineMs: 100,
      state,
      runStartedAt,
    });
    expect(next.checks.a?.lastRunAt).toBe(runStartedAt.toISOString());
    expect(next.checks.b?.lastRunAt).toBe(before);
    const answered = await run([tcpCheck('c')], async () => ({ status: 'up', message: 'ok' }));
    expect(answered.state.checks.c?.lastRunAt).toBe('2026-11-22T10:00:00.000Z');
  });

  it('a check whose own timeout passed is down, "timed out after N"', async () => {
    const { results } = await run([tcpCheck('slow', { timeout: '50ms', retries: 0 })], never, {
      deadlineMs: 5000,
    });
    expect(results[0]).toMatchObject({ status: 'down' });
    expect(results[0]?.message).toMatch(/timed out after 50 ms$/);
  });

  it('runs checks phase by phase: a later phase starts once the earlier one is done; results keep config order', async () => {
    const events: string[] = [];
    const probe = async (check: Check) => {
      events.push(`start ${check.id}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${check.id}`);
      return { status: 'up' as const, message: 'ok' };
    };
    const checks = [tcpCheck('heavy'), tcpCheck('web'), tcpCheck('api')];
    const { results } = await run(checks, probe as never, {
      phaseOf: (check) => (check.id === 'heavy' ? 1 : 0),
    });
    expect(events.indexOf('start heavy')).toBeGreaterThan(
      Math.max(events.indexOf('end web'), events.indexOf('end api')),
    );
    expect(results.map((result) => result.id)).toEqual(['heavy', 'web', 'api']);
  });

  it('retries are data: a run a retry rescued records its attempts and the first failure', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      return calls === 1
        ? { status: 'down' as const, message: 'connect ECONNRESET' }
        : { status: 'up' as const, message: 'ok' };
    };
    const { results } = await run([tcpCheck('flaky', { retries: 1 })], flaky);
    expect(results[0]).toMatchObject({ status: 'up', attempts: 2, firstFailure: 'connect ECONNRESET' });
  });

  it("a latency measured while Vigil's loop was held up is flagged and trips no timing threshold", async () => {
    const check = tcpCheck('busy', { thresholds: { connectMs: { downAbove: 100 } } });
    const delayed = async () => ({
      status: 'up' as const,
      message: 'ok',
      metrics: { connectMs: 900 },
      loopDelayMs: 700,
    });
    const { results } = await run([check], delayed, { loopDelayLimitMs: 50 });
    expect(results[0]).toMatchObject({ status: 'up', loopDelayMs: 700 });
    const calm = async () => ({
      status: 'up' as const,
      message: 'ok',
      metrics: { connectMs: 900 },
      loopDelayMs: 3,
    });
    const judged = await run([check], calm, { loopDelayLimitMs: 50 });
    expect(judged.results[0]?.status).toBe('down');
    expect(judged.results[0]?.loopDelayMs).toBeUndefined();
  });

  it('applies thresholds to metrics and explains why', async () => {
    const check = tcpCheck('slow', { thresholds: { connectMs: { degradedAbove: 100 } } });
    const { results } = await run([check], async () => ({
      status: 'up',
      message: 'connected in 150 ms',
      metrics: { connectMs: 150 },
    }));
    expect(results[0]).toMatchObject({
      status: 'degraded',
      message: 'connected in 150 ms; Response time 150 ms > 100 ms',
    });
  });

  it('counts failures across runs through the state and keeps the raw status', async () => {
    const down: ScriptedProbe = async () => ({ status: 'down', message: 'refused' });
    const first = await run([tcpCheck('db', { retries: 0 })], down, { failuresBeforeDown: 2 });
    expect(first.results[0]).toMatchObject({ status: 'degraded', raw: 'down' });
    const second = await run([tcpCheck('db', { retries: 0 })], down, {
      failuresBeforeDown: 2,
      state: first.state,
    });
    expect(second.results[0]).toMatchObject({ status: 'down', message: 'refused' });
    expect(second.results[0]?.raw).toBeUndefined();
  });

  it('hands a probe its own state from the previous run', async () => {
    const seen: unknown[] = [];
    const probe: ScriptedProbe = async (_check, context) => {
      seen.push(context.previousState);
      return { status: 'up', message: 'ok', state: { counter: seen.length } };
    };
    const first = await run([tcpCheck('host')], probe);
    await run([tcpCheck('host')], probe, { state: first.state });
    expect(seen).toEqual([undefined, { counter: 1 }]);
  });
});
