import { afterEach, describe, expect, it } from 'vitest';
import { METRIC_TERMS } from '../../../../core/results/metric-terms.ts';
import { getCatalogue } from '../../../../src/i18n/catalogue.ts';
import { type Language, useSiteLanguage } from '../../../../src/i18n/index.ts';
import {
  describeNodeState,
  type FigurePart,
  formatGaugePercent,
  formatSharePercent,
  listActiveUsersParts,
  listClusterFigureParts,
  listLoginSummaryParts,
} from '../../../../src/lib/cluster-figures-text.ts';

// A cluster overview's sentences in each language: the catalogue's words, the counts strong and
// formatted for the locale wherever the language's grammar puts them.

const text = (parts: readonly FigurePart[]) => parts.map((part) => part.text).join('');
const strong = (parts: readonly FigurePart[]) =>
  parts.filter((part) => part.isStrong).map((part) => part.text);

const nodes = { usable: 2451, total: 2570, down: 62, drained: 46, maintenance: 11 };
const jobs = { running: 4321, pending: 1234 };

function inLanguage(language: Language) {
  useSiteLanguage(language);
}

afterEach(() => useSiteLanguage('en'));

describe('a cluster overview in English', () => {
  it('says one node, one job and one user in the singular', () => {
    const one = { usable: 1, total: 1, down: 0, drained: 0, maintenance: 0 };
    expect(text(listClusterFigureParts({ nodes: one, jobs: { running: 1, pending: 0 } }))).toBe(
      '1 of 1 node usable · 1 job running, 0 pending',
    );
    expect(text(listLoginSummaryParts({ up: 1, total: 2, users: 1 }))).toBe(
      'Login nodes: 1 of 2 answering, 1 user logged in',
    );
  });
});

describe.each([
  [
    'ja' as const,
    '2,570 ノード中 2,451 ノードが利用可能、ダウン 62、ドレイン済み 46、メンテナンス中 11 · 実行中のジョブ 4,321 件、待機中 1,234 件',
    'ログインノード: 4 台中 3 台が応答、ログイン中のユーザー 57 人',
    'ジョブを実行中または待機中のユーザー 1,104 人',
    ['7.5%', '42%'],
  ],
  [
    'de' as const,
    '2.451 von 2.570 Knoten nutzbar, 62 ausgefallen, 46 gedraint, 11 in Wartung · 4.321 Jobs laufen, 1.234 in der Warteschlange',
    'Login-Knoten: 3 von 4 antworten, 57 Benutzer angemeldet',
    '1.104 Benutzer mit laufenden oder wartenden Jobs',
    ['7,5\u00a0%', '42\u00a0%'],
  ],
])('a cluster overview in %s', (language, figures, login, activeUsers, percents) => {
  it('writes the node and job figures with the counts strong', () => {
    inLanguage(language);
    const parts = listClusterFigureParts({ nodes, jobs });
    expect(text(parts)).toBe(figures);
    expect(strong(parts)).toEqual(
      language === 'de' ? ['2.451', '4.321', '1.234'] : ['2,451', '4,321', '1,234'],
    );
  });

  it('writes the login line and the active users', () => {
    inLanguage(language);
    expect(text(listLoginSummaryParts({ up: 3, total: 4, users: 57 }))).toBe(login);
    expect(strong(listLoginSummaryParts({ up: 3, total: 4, users: 57 }))).toEqual(['3', '57']);
    expect(text(listActiveUsersParts(1104))).toBe(activeUsers);
  });

  it('writes percentages as the language does', () => {
    inLanguage(language);
    expect([formatGaugePercent(7.54), formatSharePercent(42.4)]).toEqual(percents);
  });
});

describe('German agreement', () => {
  it('says one job and one answering login node in the singular', () => {
    inLanguage('de');
    const one = { usable: 1, total: 1, down: 0, drained: 0, maintenance: 0 };
    expect(text(listClusterFigureParts({ nodes: one, jobs: { running: 1, pending: 2 } }))).toBe(
      '1 von 1 Knoten nutzbar · 1 Job läuft, 2 in der Warteschlange',
    );
    expect(text(listLoginSummaryParts({ up: 1, total: 2, users: undefined }))).toBe(
      'Login-Knoten: 1 von 2 antwortet',
    );
  });
});

describe('node states', () => {
  it('keep the scheduler’s words in English', () => {
    expect(['alloc', 'down*', 'offline,down', 'future'].map(describeNodeState)).toEqual([
      'alloc',
      'down*',
      'offline,down',
      'future',
    ]);
  });

  it('are the language’s words elsewhere, flags kept, an unknown word as written', () => {
    inLanguage('ja');
    expect(['drain', 'down*', 'offline,down', 'job-busy', 'future'].map(describeNodeState)).toEqual([
      'ドレイン済み',
      'ダウン*',
      'オフライン, ダウン',
      'ジョブで使用中',
      'future',
    ]);
    inLanguage('de');
    expect(describeNodeState('drain')).toBe('gedraint');
  });
});

describe('the cluster charts', () => {
  it('are titled in English by the metrics’ own names', () => {
    const english = getCatalogue('en');
    const terms = METRIC_TERMS.slurm;
    expect([
      english['cluster.chartCpu'],
      english['cluster.chartGpu'],
      english['cluster.chartMemory'],
      english['cluster.chartJobsRunning'],
      english['cluster.chartJobsPending'],
    ]).toEqual([
      terms.cpuUtilizationPercent.label,
      terms.gpuUtilizationPercent.label,
      terms.memoryUtilizationPercent.label,
      terms.jobsRunning.label,
      terms.jobsPending.label,
    ]);
  });
});
