import { z } from 'zod';
import { ProbeStatusSchema } from './status.ts';

// The report a job leaves for a heartbeat check: `vigil heartbeat ID` writes it atomically to
// `<data>/heartbeats/<id>.json` (newest report only); the heartbeat probe reads it. Other tools may
// write it too, so the shape is documented (docs/check-types.md) and read leniently: fields it does
// not know are ignored, as everywhere in data/.

export const HEARTBEAT_REPORT_VERSION = 1;

/** A job's message is one line of at most this many characters, in the file and in the result. */
export const MAX_HEARTBEAT_MESSAGE_CHARS = 300;

/** The largest report file the probe reads; a report is one small JSON object. */
export const MAX_HEARTBEAT_FILE_BYTES = 16_384;

export const HeartbeatReportSchema = z.looseObject({
  v: z.literal(HEARTBEAT_REPORT_VERSION, {
    error: (issue) =>
      `expected ${HEARTBEAT_REPORT_VERSION} (the report format's version), got ${JSON.stringify(issue.input)}`,
  }),
  /** When the job reported (ISO 8601, UTC or with an offset). */
  t: z.iso.datetime({
    offset: true,
    error: (issue) =>
      `expected an ISO 8601 time such as "2026-12-01T03:00:00Z", got ${JSON.stringify(issue.input)}`,
  }),
  /** What the job says of itself. */
  status: z.enum(ProbeStatusSchema.options, {
    error: (issue) => `expected up, degraded or down, got ${JSON.stringify(issue.input)}`,
  }),
  /** One line from the job, shown with the check's result ("1200 files copied", "disk full"). */
  message: z.string().optional(),
  /** The host the report came from. */
  host: z.string().optional(),
});
export type HeartbeatReport = z.infer<typeof HeartbeatReportSchema>;

/**
 * Foreign text as one short line: control characters (escape sequences, newlines) become spaces,
 * runs of spaces one, cut to MAX_HEARTBEAT_MESSAGE_CHARS with an ellipsis.
 */
export function cleanHeartbeatMessage(text: string): string {
  // Cut before cleaning, so a huge message costs no more than a short one.
  const head = text.slice(0, MAX_HEARTBEAT_MESSAGE_CHARS * 4);
  const line = head
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  const isCut = line.length > MAX_HEARTBEAT_MESSAGE_CHARS || head.length < text.length;
  return isCut ? `${line.slice(0, MAX_HEARTBEAT_MESSAGE_CHARS - 1).trimEnd()}…` : line;
}
