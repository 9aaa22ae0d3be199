import type { APIRoute, GetStaticPaths } from 'astro';
import { renderReportCsv } from '../../data/monthly-report-csv.ts';
import { getMonthReports } from '../../data/monthly-report-model.ts';

/** /reports/YYYY-MM.csv: one row per component of the month's report. */
export const getStaticPaths = (async () =>
  [...(await getMonthReports())].map(([month, report]) => ({
    params: { month },
    props: { report },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(renderReportCsv(props.report), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8; header=present' },
  });
