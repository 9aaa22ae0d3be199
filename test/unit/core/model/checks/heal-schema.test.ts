import { describe, expect, it } from 'vitest';
import { CheckSchema, HealSchema } from '../../../../../core/model/index.ts';

describe('heal schema', () => {
  it('fills defaults: after 2 failures, at most every 30 min, 60 s to finish', () => {
    expect(HealSchema.parse({ command: ['systemctl', 'restart', 'app'] })).toEqual({
      command: ['systemctl', 'restart', 'app'],
      env: {},
      passEnv: [],
      afterFailures: 2,
      minInterval: 1_800_000,
      timeout: 60_000,
    });
  });

  it('is accepted on any check type and optional', () => {
    const check = CheckSchema.parse({
      id: 'app',
      type: 'http',
      url: 'http://127.0.0.1:8000/health',
      heal: { command: ['systemctl', 'restart', 'app'], minInterval: '2h' },
    });
    expect(check.heal?.minInterval).toBe(7_200_000);
    expect(CheckSchema.parse({ id: 'x', type: 'tcp', host: 'h', port: 1 }).heal).toBeUndefined();
  });

  it('says what a heal command looks like when it is empty', () => {
    const parsed = HealSchema.safeParse({ command: [] });
    expect(parsed.error?.issues[0]?.message).toBe(
      'expected the program and its arguments, e.g. ["systemctl", "restart", "app"]',
    );
  });
});
