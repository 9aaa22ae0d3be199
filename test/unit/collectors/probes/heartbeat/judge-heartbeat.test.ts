// The heartbeat judgement over report files: report-up.json and report-down.json as `vigil heartbeat`
// wrote them, torn.json its first 40 bytes (a torn write), report-offset.json as another tool may
// write one (a UTC offset), foreign-kuma-reply.json and wrong-fields.json files that are no report.
import { describe, expect, it } from 'vitest';
import {
  formatSpanMs,
  type HeartbeatReading,
  judgeHeartbeat,
  parseHeartbeatReport,
} from '../../../../../collectors/probes/heartbeat/judge-heartbeat.ts';
import {
  cleanHeartbeatMessage,
  MAX_HEARTBEAT_MESSAGE_CHARS,
} from '../../../../../core/model/heartbeat-report.ts';
import { readFixture } from '../../../core/results/expect-readable.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const FILE = 'heartbeats/nightly-backup.json';

const read = (name: string) => parseHeartbeatReport(readFixture(`heartbeat/${name}`), FILE);
const reportOf = (reading: HeartbeatReading) => {
  if (reading.kind !== 'report') throw new Error(`expected a report, got ${JSON.stringify(reading)}`);
  return reading.report;
};

/** Judged `afterMs` after the report was made, with every 1 h and grace 5 min. */
function judgeAfter(name: string, afterMs: number) {
  const reading = read(name);
  const reportedAtMs = Date.parse(reportOf(reading).t);
  return judgeHeartbeat(reading, {
    id: 'nightly-backup',
    everyMs: HOUR_MS,
    graceMs: 5 * MINUTE_MS,
    nowMs: reportedAtMs + afterMs,
    firstSeenAtMs: reportedAtMs - 24 * HOUR_MS,
  });
}

describe('parseHeartbeatReport', () => {
  it.each([
    { name: 'report-up.json', status: 'up', message: undefined },
    {
      name: 'report-down.json',
      status: 'down',
      message: 'rsync exited 23: some files could not be transferred',
    },
    { name: 'report-offset.json', status: 'degraded', message: '3 of 4 shards backed up' },
  ])('$name reads as a report that says $status', ({ name, status, message }) => {
    const report = reportOf(read(name));
    expect(report.status).toBe(status);
    expect(report.message).toBe(message);
  });

  it.each([
    {
      name: 'torn.json',
      problem: `${FILE}: not a heartbeat report (not valid JSON: a torn or foreign file); "vigil heartbeat" rewrites it`,
    },
    {
      name: 'foreign-kuma-reply.json',
      problem: `${FILE}: not a heartbeat report (v: missing; t: missing; status: missing)`,
    },
  ])('$name is unreadable, said where', ({ name, problem }) => {
    expect(read(name)).toEqual({ kind: 'unreadable', problem });
  });

  it('names each wrong field with the value it holds', () => {
    const reading = read('wrong-fields.json');
    expect(reading.kind).toBe('unreadable');
    const { problem } = reading as { problem: string };
    expect(problem).toBe(
      `${FILE}: not a heartbeat report (t: expected an ISO 8601 time such as "2026-12-01T03:00:00Z", got "yesterday"; status: expected up, degraded or down, got "fine")`,
    );
  });

  it.each(['[]', 'null', '"up"', '42'])('%s is not an object', (text) => {
    expect(parseHeartbeatReport(text, FILE)).toEqual({
      kind: 'unreadable',
      problem: `${FILE}: not a heartbeat report (expected a JSON object)`,
    });
  });
});

describe('judgeHeartbeat', () => {
  it.each([
    {
      case: 'fresh',
      name: 'report-up.json',
      afterMs: 12 * MINUTE_MS,
      status: 'up',
      message: 'reported up 12 min ago',
    },
    {
      case: 'just inside the grace',
      name: 'report-up.json',
      afterMs: HOUR_MS + 5 * MINUTE_MS,
      status: 'up',
      message: 'reported up 1 h 5 min ago',
    },
    {
      case: 'late',
      name: 'report-up.json',
      afterMs: 2 * HOUR_MS + 5 * MINUTE_MS + 30_000,
      status: 'down',
      message: 'no report for 2 h 5 min; expected every 1 h + 5 min grace',
    },
    {
      case: 'reported down',
      name: 'report-down.json',
      afterMs: 3 * MINUTE_MS,
      status: 'down',
      message: 'reported down 3 min ago: rsync exited 23: some files could not be transferred',
    },
    {
      case: 'reported down, then late',
      name: 'report-down.json',
      afterMs: 26 * HOUR_MS,
      status: 'down',
      message:
        'no report for 1 d 2 h; expected every 1 h + 5 min grace (the last one said down: rsync exited 23: some files could not be transferred)',
    },
    {
      case: 'reported degraded, with an offset',
      name: 'report-offset.json',
      afterMs: 45_000,
      status: 'degraded',
      message: 'reported degraded 45 s ago: 3 of 4 shards backed up',
    },
    {
      case: 'from a clock a little ahead (within the grace)',
      name: 'report-up.json',
      afterMs: -2 * MINUTE_MS,
      status: 'up',
      message: 'reported up 0 s ago',
    },
  ])('$case: $status', ({ name, afterMs, status, message }) => {
    const observation = judgeAfter(name, afterMs);
    expect(observation.status).toBe(status);
    expect(observation.message).toBe(message);
    expect(observation.metrics).toEqual({ reportAgeSeconds: Math.max(0, Math.round(afterMs / 1000)) });
  });

  it('a report from the future (this clock is behind) is degraded and says so, with no age', () => {
    const observation = judgeAfter('report-up.json', -3 * HOUR_MS);
    expect(observation.status).toBe('degraded');
    expect(observation.message).toBe(
      "the newest report is dated 3 h ahead of this collector's clock (2026-12-01T22:31:44.295Z); was a clock set back, or the report written on another host?",
    );
    expect(observation.metrics).toEqual({});
  });

  it('keeps what the job said in the detail, and when the check goes down without a new report', () => {
    expect(judgeAfter('report-offset.json', MINUTE_MS).detail).toEqual({
      reportedAt: '2026-12-01T04:00:00+02:00',
      reportedStatus: 'degraded',
      reportMessage: '3 of 4 shards backed up',
      reportHost: 'db2',
      dueBy: '2026-12-01T03:05:00.000Z',
    });
  });

  describe('no report yet', () => {
    const firstSeenAtMs = Date.parse('2026-12-01T14:00:00Z');
    const judgeMissing = (nowMs: number) =>
      judgeHeartbeat(
        { kind: 'missing' },
        { id: 'nightly-backup', everyMs: HOUR_MS, graceMs: 5 * MINUTE_MS, nowMs, firstSeenAtMs },
      );

    it('is up until every + grace has passed since the check was first seen: a new check is no outage', () => {
      for (const nowMs of [firstSeenAtMs, firstSeenAtMs + HOUR_MS + 5 * MINUTE_MS]) {
        expect(judgeMissing(nowMs)).toEqual({
          status: 'up',
          message: 'no report yet (down after 2026-12-01T15:05:00.000Z unless one arrives)',
          metrics: {},
          detail: { dueBy: '2026-12-01T15:05:00.000Z' },
        });
      }
    });

    it('is down after that, saying how to report', () => {
      expect(judgeMissing(firstSeenAtMs + 2 * HOUR_MS).status).toBe('down');
      expect(judgeMissing(firstSeenAtMs + 2 * HOUR_MS).message).toBe(
        'no report yet, 2 h since this check was first seen; expected every 1 h + 5 min grace (from the job: vigil heartbeat nightly-backup)',
      );
    });
  });

  it('an unreadable file is down with its located problem, and no metric', () => {
    expect(
      judgeHeartbeat(read('torn.json'), {
        id: 'x',
        everyMs: HOUR_MS,
        graceMs: 0,
        nowMs: 0,
        firstSeenAtMs: 0,
      }),
    ).toEqual({
      status: 'down',
      message: `${FILE}: not a heartbeat report (not valid JSON: a torn or foreign file); "vigil heartbeat" rewrites it`,
      metrics: {},
      detail: {},
    });
  });

  it("masks a URL's credentials in the job's message and keeps it one capped line", () => {
    const long = `copied to https://backup:hunter2@store.example.org/?token=abc\n${'x'.repeat(2000)}`;
    const reading = parseHeartbeatReport(
      JSON.stringify({ v: 1, t: '2026-12-01T03:00:00Z', status: 'up', message: long }),
      FILE,
    );
    const { message, detail } = judgeHeartbeat(reading, {
      id: 'x',
      everyMs: HOUR_MS,
      graceMs: 0,
      nowMs: Date.parse('2026-12-01T03:01:00Z'),
      firstSeenAtMs: 0,
    });
    expect(message).toMatch(
      /^reported up 1 min ago: copied to https:\/\/backup:\*\*\*@store\.example\.org\/\?token=\*\*\* x+…$/,
    );
    expect(message).not.toContain('hunter2');
    expect((detail as { reportMessage: string }).reportMessage.length).toBeLessThanOrEqual(
      MAX_HEARTBEAT_MESSAGE_CHARS,
    );
  });
});

describe('cleanHeartbeatMessage', () => {
  it.each([
    { text: 'ok', clean: 'ok' },
    { text: '  disk\nfull\r\n', clean: 'disk full' },
    { text: 'red \u001b[31malert\u001b[0m', clean: 'red [31malert [0m' },
    { text: 'a'.repeat(MAX_HEARTBEAT_MESSAGE_CHARS), clean: 'a'.repeat(MAX_HEARTBEAT_MESSAGE_CHARS) },
    {
      text: 'a'.repeat(MAX_HEARTBEAT_MESSAGE_CHARS + 1),
      clean: `${'a'.repeat(MAX_HEARTBEAT_MESSAGE_CHARS - 1)}…`,
    },
  ])('$text', ({ text, clean }) => {
    expect(cleanHeartbeatMessage(text)).toBe(clean);
  });
});

describe('formatSpanMs', () => {
  it.each([
    [0, '0 s'],
    [59_999, '59 s'],
    [12 * MINUTE_MS, '12 min'],
    [HOUR_MS, '1 h'],
    [2 * HOUR_MS + 5 * MINUTE_MS, '2 h 5 min'],
    [24 * HOUR_MS, '1 d'],
    [76 * HOUR_MS, '3 d 4 h'],
  ])('%d ms is %s', (spanMs, text) => {
    expect(formatSpanMs(spanMs)).toBe(text);
  });
});
