import { describe, expect, it } from 'vitest';
import { selectDueChecks } from '../../../../collectors/run/select-due-checks.ts';
import type { Check } from '../../../../core/model/index.ts';
import { parseCheck } from '../../../helpers/parse-check.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const MIN = 60_000;
const site = { interval: 5 * MIN };
const check = (id: string, interval?: string): Check =>
  parseCheck({ id, type: 'tcp', host: '127.0.0.1', port: 9, ...(interval && { interval }) });
const ranAgo = (ms: number) => ({ consecutiveFailures: 0, lastRunAt: new Date(NOW - ms).toISOString() });

describe('selectDueChecks', () => {
  it('runs checks without their own interval every time, and the others when due', () => {
    const checks = [check('plain'), check('fast', '1m'), check('slow', '15m'), check('new', '1h')];
    const state = { checks: { plain: ranAgo(10_000), fast: ranAgo(MIN), slow: ranAgo(5 * MIN) } };
    const selection = selectDueChecks(checks, state, site, NOW);
    expect(selection.due.map((c) => c.id)).toEqual(['plain', 'fast', 'new']);
    expect(selection.notDue.map((c) => c.id)).toEqual(['slow']);
    // 15 min less a 30 s tolerance after a run 5 min ago.
    expect(selection.next).toEqual({ id: 'slow', inMs: 9.5 * MIN });
  });

  it('names the check due first when none is due', () => {
    const checks = [check('a', '10m'), check('b', '2m')];
    const state = { checks: { a: ranAgo(MIN), b: ranAgo(MIN) } };
    const selection = selectDueChecks(checks, state, site, NOW);
    expect(selection.due).toEqual([]);
    expect(selection.next).toEqual({ id: 'b', inMs: 36_000 });
  });
});
