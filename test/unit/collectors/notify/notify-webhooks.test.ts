import { describe, expect, it } from 'vitest';
import { findStatusChanges } from '../../../../collectors/notify/find-status-changes.ts';
import { isWanted } from '../../../../collectors/notify/notify-webhooks.ts';
import { type Check, WebhookSchema } from '../../../../core/model/index.ts';
import { parseCheck } from '../../../helpers/parse-check.ts';

const checks: Check[] = [
  parseCheck({ id: 'web', group: 'core', type: 'command', command: ['true'] }),
  parseCheck({ id: 'gpu', group: 'lab', type: 'command', command: ['true'] }),
];

const result = (id: string, status: 'up' | 'degraded' | 'down') => ({
  id,
  status,
  ms: 1,
  message: status,
  metrics: {},
  detail: {},
});

describe('findStatusChanges', () => {
  it('reports checks whose judged status differs from the previous run', () => {
    const previous = {
      v: 1 as const,
      checks: { web: { consecutiveFailures: 0, lastStatus: 'up' as const } },
    };
    const changes = findStatusChanges(checks, previous, [result('web', 'down')], 'T');
    expect(changes).toEqual([
      { checkId: 'web', name: 'web', group: 'core', from: 'up', to: 'down', message: 'down', at: 'T' },
    ]);
    expect(findStatusChanges(checks, previous, [result('web', 'up')], 'T')).toEqual([]);
  });

  it('a first sighting (new check, or a state file that was lost) is news only when it is not up', () => {
    const reset = { v: 1 as const, checks: {} };
    expect(findStatusChanges(checks, reset, [result('web', 'up'), result('gpu', 'down')], 'T')).toEqual([
      { checkId: 'gpu', name: 'gpu', group: 'lab', from: 'unknown', to: 'down', message: 'down', at: 'T' },
    ]);
  });
});

describe('isWanted', () => {
  const base = { checkId: 'web', name: 'web', group: 'core', message: '', at: 'T' };
  it.each([
    [{}, 'up', 'degraded', true],
    [{}, 'degraded', 'up', true],
    [{}, 'up', 'maintenance', false],
    [{ minSeverity: 'down' }, 'up', 'degraded', false],
    [{ minSeverity: 'down' }, 'down', 'up', true],
    [{ groups: ['lab'] }, 'up', 'down', false],
    [{ groups: ['core'] }, 'up', 'down', true],
  ] as const)('%j: %s → %s is %s', (filters, from, to, wanted) => {
    const webhook = WebhookSchema.parse({ url: 'https://hooks.example.org/x', ...filters });
    expect(isWanted(webhook, { ...base, from, to })).toBe(wanted);
  });
});
