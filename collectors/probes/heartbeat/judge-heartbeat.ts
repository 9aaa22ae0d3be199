import {
  cleanHeartbeatMessage,
  type HeartbeatReport,
  HeartbeatReportSchema,
} from '../../../core/model/heartbeat-report.ts';
import { redactUrls } from '../../../core/redact/redact.ts';
import type { HeartbeatDetail, HeartbeatMetrics } from '../../../core/results/heartbeat.ts';
import type { Observation } from '../probe-types.ts';

/** What the probe found at the check's report file. */
export type HeartbeatReading =
  | { kind: 'missing' }
  | { kind: 'unreadable'; problem: string }
  | { kind: 'report'; report: HeartbeatReport };

/** What judging a reading needs besides it: the check's timing, the clock, and when the check was first seen. */
export interface HeartbeatJudgeInput {
  id: string;
  everyMs: number;
  graceMs: number;
  nowMs: number;
  /** When this check was first probed (kept in the probe's state): a new check waits every + grace for its first report. */
  firstSeenAtMs: number;
}

/**
 * The report file's text as a report, or the first few things wrong with it, located by the file
 * name (relative to the data dir) and field. A torn write or a foreign file is a problem, never a throw.
 */
export function parseHeartbeatReport(text: string, file: string): HeartbeatReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      kind: 'unreadable',
      problem: `${file}: not a heartbeat report (not valid JSON: a torn or foreign file); "vigil heartbeat" rewrites it`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'unreadable', problem: `${file}: not a heartbeat report (expected a JSON object)` };
  }
  const parsed = HeartbeatReportSchema.safeParse(value);
  if (parsed.success) return { kind: 'report', report: parsed.data };
  const problems = parsed.error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.join('.') || '(report)';
    const isMissing = issue.path.length === 1 && (value as Record<string, unknown>)[field] === undefined;
    return `${field}: ${isMissing ? 'missing' : issue.message}`;
  });
  return { kind: 'unreadable', problem: `${file}: not a heartbeat report (${problems.join('; ')})` };
}

/**
 * Up while the newest report is at most every + grace old and says up; the job's own degraded or
 * down otherwise; down once it is late. A check with no report yet is up ("no report yet") until
 * every + grace has passed since it was first seen, as a push monitor waits one interval for its
 * first push: a new check is not an outage before its job could have reported.
 */
export function judgeHeartbeat(reading: HeartbeatReading, input: HeartbeatJudgeInput): Observation {
  const windowMs = input.everyMs + input.graceMs;
  const expected = `expected every ${formatSpanMs(input.everyMs)} + ${formatSpanMs(input.graceMs)} grace`;
  if (reading.kind === 'unreadable')
    return { status: 'down', message: reading.problem, metrics: {}, detail: {} };
  if (reading.kind === 'missing') {
    const waitedMs = input.nowMs - input.firstSeenAtMs;
    const dueBy = new Date(input.firstSeenAtMs + windowMs).toISOString();
    const detail = { dueBy } satisfies HeartbeatDetail;
    if (waitedMs > windowMs) {
      return {
        status: 'down',
        message: `no report yet, ${formatSpanMs(waitedMs)} since this check was first seen; ${expected} (from the job: vigil heartbeat ${input.id})`,
        metrics: {},
        detail,
      };
    }
    return {
      status: 'up',
      message: `no report yet (down after ${dueBy} unless one arrives)`,
      metrics: {},
      detail,
    };
  }
  const { report } = reading;
  const reportedAtMs = Date.parse(report.t);
  const ageMs = input.nowMs - reportedAtMs;
  const said = report.message === undefined ? '' : redactUrls(cleanHeartbeatMessage(report.message));
  const detail = {
    reportedAt: report.t,
    reportedStatus: report.status,
    ...(said !== '' && { reportMessage: said }),
    ...(report.host !== undefined && { reportHost: cleanHeartbeatMessage(report.host) }),
    dueBy: new Date(reportedAtMs + windowMs).toISOString(),
  } satisfies HeartbeatDetail;
  // Dated ahead of this clock by more than the grace: its age says nothing, and trusting it would
  // keep the check up until that date, so it is flagged instead (degraded: the job did report).
  if (-ageMs > input.graceMs) {
    return {
      status: 'degraded',
      message: `the newest report is dated ${formatSpanMs(-ageMs)} ahead of this collector's clock (${report.t}); was a clock set back, or the report written on another host?`,
      metrics: {},
      detail,
    };
  }
  const metrics = { reportAgeSeconds: Math.max(0, Math.round(ageMs / 1000)) } satisfies HeartbeatMetrics;
  if (ageMs > windowMs) {
    const last =
      report.status === 'up' ? '' : ` (the last one said ${report.status}${said === '' ? '' : `: ${said}`})`;
    return {
      status: 'down',
      message: `no report for ${formatSpanMs(ageMs)}; ${expected}${last}`,
      metrics,
      detail,
    };
  }
  return {
    status: report.status,
    message: `reported ${report.status} ${formatSpanMs(Math.max(0, ageMs))} ago${said === '' ? '' : `: ${said}`}`,
    metrics,
    detail,
  };
}

/** A span as people say it, its two largest units, rounded down: "45 s", "12 min", "2 h 5 min", "3 d 4 h". */
export function formatSpanMs(spanMs: number): string {
  const seconds = Math.floor(spanMs / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
