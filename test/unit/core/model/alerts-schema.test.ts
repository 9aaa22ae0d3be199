import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../../core/model/index.ts';

const withDeadline = (deadline: string) => ConfigSchema.safeParse({ alerts: { deadline }, checks: [] });

describe('alerts.deadline', () => {
  it('defaults to 15 s and takes up to 2 minutes', () => {
    expect(ConfigSchema.parse({ checks: [] }).alerts.deadline).toBe(15_000);
    const twoMinutes = withDeadline('2m');
    expect(twoMinutes.success && twoMinutes.data.alerts.deadline).toBe(120_000);
  });

  it('refuses longer, naming why: the run holds its lock while it delivers', () => {
    const result = withDeadline('5m');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['alerts.deadline', 'at most 2m: the run holds its lock while it delivers, so the next run would wait'],
    ]);
  });
});
