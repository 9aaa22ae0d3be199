import { describe, expect, it } from 'vitest';
import {
  judgeHeartbeat,
  parseHeartbeatReport,
} from '../../../../collectors/probes/heartbeat/judge-heartbeat.ts';
import { expectReadable, readFixture } from './expect-readable.ts';

// What the heartbeat probe stores reads with its result schemas unchanged, in each of its cases.
const timing = { id: 'nightly-backup', everyMs: 3_600_000, graceMs: 300_000, firstSeenAtMs: 0 };
const reportAt = Date.parse('2026-12-01T22:31:44.737Z');

describe('heartbeat results read with their schemas', () => {
  it.each([
    { case: 'a fresh report', fixture: 'report-down.json', nowMs: reportAt + 60_000, hasDetail: true },
    { case: 'a late report', fixture: 'report-up.json', nowMs: reportAt + 86_400_000, hasDetail: true },
    { case: 'a report from the future', fixture: 'report-offset.json', nowMs: 0, hasDetail: true },
    { case: 'a torn file', fixture: 'torn.json', nowMs: reportAt, hasDetail: false },
  ])('$case', ({ fixture, nowMs, hasDetail }) => {
    const reading = parseHeartbeatReport(readFixture(`heartbeat/${fixture}`), 'heartbeats/x.json');
    expect(expectReadable('heartbeat', judgeHeartbeat(reading, { ...timing, nowMs }))).toEqual({ hasDetail });
  });

  it('no report yet', () => {
    const observation = judgeHeartbeat({ kind: 'missing' }, { ...timing, nowMs: 60_000 });
    expect(expectReadable('heartbeat', observation)).toEqual({ hasDetail: true });
  });
});
