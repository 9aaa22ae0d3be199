// The report CSV: RFC 4180 quoting, a guard against spreadsheet formulas, UTF-8 with a BOM, CRLF.
import { describe, expect, it } from 'vitest';
import { createEmptyTally } from '../../../../core/history/uptime.ts';
import {
  REPORT_CSV_COLUMNS,
  renderReportCsv,
  toCsvTextCell,
} from '../../../../src/data/monthly-report-csv.ts';
import type { ComponentReport, MonthReport } from '../../../../src/data/monthly-report-model.ts';

describe('toCsvTextCell', () => {
  const cases: [name: string, text: string, cell: string][] = [
    ['plain text as is', 'Web server', 'Web server'],
    ['a comma quoted', 'Web, API', '"Web, API"'],
    ['a quote doubled inside quotes', 'the "main" site', '"the ""main"" site"'],
    ['a line break quoted', 'two\nlines', '"two\nlines"'],
    ['= defused', '=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+ defused', '+1 555', "'+1 555"],
    ['- defused', '-1', "'-1"],
    ['@ defused', '@cmd', "'@cmd"],
    ['a tab first defused', '\tx', "'\tx"],
    ['defused, then quoted', '=HYPERLINK("x"), 東京', `"'=HYPERLINK(""x""), 東京"`],
    ['non-ASCII untouched', 'ジョブ管理', 'ジョブ管理'],
    ['= later in the text untouched', 'a=b', 'a=b'],
  ];
  it.each(cases)('%s', (_name, text, cell) => {
    expect(toCsvTextCell(text)).toBe(cell);
  });
});

describe('renderReportCsv', () => {
  const component = (id: string, name: string, ratio: number | null): ComponentReport =>
    ({
      id,
      name,
      groupName: 'Core, main',
      href: `/components/${id}/`,
      isCounted: true,
      incidents: id === 'web' ? [{ slug: 'a' }, { slug: 'b' }] : [],
      figures: {
        days: [],
        durationsMs: { ...createEmptyTally(), down: 90_500, degraded: 1_000, maintenance: 7_200_000 },
        ratio,
        noDataMs: 86_400_000,
        longestOutageMs: 0,
        longestOutageIsDayTotal: false,
        noDataDays: [],
      },
    }) as unknown as ComponentReport;

  it('writes a BOM, the header and one CRLF row per component, the ratio as a plain decimal', () => {
    const csv = renderReportCsv({
      components: [component('web', 'Web', 0.999_876_54), component('db', 'DB', null)],
    } as MonthReport);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      REPORT_CSV_COLUMNS.join(','),
      'web,Web,"Core, main",0.999876,91,1,7200,86400,2',
      'db,DB,"Core, main",,91,1,7200,86400,0',
      '',
    ]);
  });

  it('rounds the ratio down, so a month with downtime never reads 1', () => {
    const csv = renderReportCsv({
      components: [component('web', 'Web', 0.999_999_6), component('db', 'DB', 1)],
    } as MonthReport);
    const ratios = csv
      .slice(1)
      .split('\r\n')
      .slice(1, 3)
      .map((line) => line.split(',')[4]);
    expect(ratios).toEqual(['0.999999', '1']);
  });
});
