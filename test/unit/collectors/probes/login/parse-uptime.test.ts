import { describe, expect, it } from 'vitest';
import { parseUptime } from '../../../../../collectors/probes/login/parse-uptime.ts';
import { readFixture } from '../../../core/results/expect-readable.ts';

describe('parseUptime over captured and documented uptime / w output', () => {
  it.each([
    ['uptime-procps-4.0.2-no-users.txt', 0, [10.97, 7.22, 5.67]],
    ['uptime-procps-one-user.txt', 1, [0.08, 0.03, 0.01]],
    ['uptime-procps-many-users.txt', 57, [12.31, 11.87, 11.02]],
    ['uptime-procps-de-decimal-comma.txt', 3, [0.52, 0.58, 0.59]],
    ['uptime-macos.txt', 2, [1.93, 1.87, 1.84]],
    ['uptime-busybox-no-utmp.txt', undefined, [0, 0.01, 0.05]],
    ['uptime-translated-words.txt', 3, [0.52, 0.58, 0.59]],
    ['w-procps-three-sessions.txt', 3, [4.1, 3.95, 3.8]],
  ] as const)('%s: %s users, load %j', (fixture, users, [load1, load5, load15]) => {
    const parsed = parseUptime(readFixture(`login/${fixture}`));
    expect(parsed).toMatchObject({ ok: true, reading: { users, load1, load5, load15 } });
  });

  it('keeps the line it read, trimmed', () => {
    const parsed = parseUptime(readFixture('login/w-procps-three-sessions.txt'));
    expect(parsed.ok && parsed.reading.line).toBe(
      '09:12:44 up 41 days, 22:03,  3 users,  load average: 4.10, 3.95, 3.80',
    );
  });

  it.each([
    ['', 'uptime printed nothing'],
    ['\n\n', 'uptime printed nothing'],
    ['bash: uptime: command not found\n', 'no load average in the output: "bash: uptime: command not found"'],
    [' 10:00:00 up 2 days,  1 user,  load average: 0.10\n', 'expected three load averages in'],
  ])('a problem for %j', (text, problem) => {
    const parsed = parseUptime(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });

  it('reads only the start of a huge or hostile output', () => {
    const junk = `${'x'.repeat(2_000_000)}\n 10:00:00 up 2 days,  1 user,  load average: 0.1, 0.2, 0.3\n`;
    expect(parseUptime(junk).ok).toBe(false);
    const longLine = ` 10:00:00 up ${'9, '.repeat(500_000)} load average: 1, 2, 3`;
    expect(parseUptime(longLine).ok).toBe(false);
  });
});
