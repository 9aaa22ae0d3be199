// /reports/YYYY-MM.csv: one row per component of a month's report, for spreadsheets and scripts.
// RFC 4180 (CRLF, quoted where needed, a header row), UTF-8 with a byte-order mark so that Excel reads
// non-ASCII names right. The header is language-neutral, like the JSON API: scripts read it by name.
import type { MonthReport } from './monthly-report-model.ts';

/** The header row, in column order. */
export const REPORT_CSV_COLUMNS = [
  'id',
  'name',
  'group',
  'uptime_ratio',
  'downtime_seconds',
  'degraded_seconds',
  'maintenance_seconds',
  'no_data_seconds',
  'incidents',
] as const;

const BYTE_ORDER_MARK = '\uFEFF';

/** A text cell: a leading = + - @ (or tab, carriage return) is defused with an apostrophe, then quoted. */
export function toCsvTextCell(text: string): string {
  const guarded = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * The uptime ratio as a plain decimal (six places, no exponent), rounded down as formatUptime does, so
 * a month with any downtime never reads 1; empty when the month had no verdict.
 */
function toRatioCell(ratio: number | null): string {
  if (ratio === null) return '';
  return String(Math.floor(ratio * 1e6 + 1e-9) / 1e6);
}

const toSeconds = (ms: number): string => String(Math.round(ms / 1000));

/** The CSV document of one month's report. */
export function renderReportCsv(report: MonthReport): string {
  const rows = report.components.map((component) => {
    const { figures } = component;
    return [
      toCsvTextCell(component.id),
      toCsvTextCell(component.name),
      toCsvTextCell(component.groupName),
      toRatioCell(figures.ratio),
      toSeconds(figures.durationsMs.down),
      toSeconds(figures.durationsMs.degraded),
      toSeconds(figures.durationsMs.maintenance),
      toSeconds(figures.noDataMs),
      String(component.incidents.length),
    ].join(',');
  });
  return `${BYTE_ORDER_MARK}${[REPORT_CSV_COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('')}`;
}
