import { afterEach, describe, expect, it } from 'vitest';
import { describePlaceVerdict, type PlaceVerdict } from '../../../../core/history/place-judge.ts';
import { METRIC_SUBJECTS } from '../../../../core/results/metric-subjects.ts';
import { METRIC_KINDS, METRIC_TERMS } from '../../../../core/results/metric-terms.ts';
import { listCurrentValues } from '../../../../src/data/current-values.ts';
import { DETAIL_LABELS, describeMissingRate, labelFromKey } from '../../../../src/data/detail-tables.ts';
import { localizeMetricLabel, toTermKey } from '../../../../src/data/metric-words.ts';
import { getCatalogue } from '../../../../src/i18n/catalogue.ts';
import { useSiteLanguage } from '../../../../src/i18n/index.ts';
import { describePlaceVerdictText } from '../../../../src/scripts/place-verdict-text.ts';

afterEach(() => useSiteLanguage('en'));

/** Every English word the vocabulary writes around probes' data on a page. */
function listVocabulary(): string[] {
  const words = new Set<string>([...Object.values(METRIC_KINDS), ...Object.values(DETAIL_LABELS)]);
  for (const terms of Object.values(METRIC_TERMS))
    for (const term of Object.values(terms)) words.add(term.label);
  for (const subjects of Object.values(METRIC_SUBJECTS)) {
    for (const subject of subjects) {
      words.add(subject.heading);
      words.add(subject.noun);
      for (const field of Object.values(subject.fields)) words.add(field.label);
    }
  }
  return [...words];
}

describe('the words around probes’ data', () => {
  it('has a Japanese and a German text for every term of the metric vocabulary and every detail label', () => {
    const english = getCatalogue('en');
    const missing = listVocabulary().filter((word) => !(toTermKey(word) in english));
    expect(missing).toEqual([]);
    for (const word of listVocabulary()) expect(english[toTermKey(word)]).toBe(word);
  });

  it('keeps English exactly as the vocabulary says it', () => {
    expect(localizeMetricLabel('slurm', 'partition:gpu:jobsRunning')).toBe('Jobs running — partition gpu');
    expect(localizeMetricLabel('host', 'fs:/home:usedPercent')).toBe('Disk usage — /home');
    expect(labelFromKey('maxmemoryPolicy')).toBe('Eviction policy');
    expect(describeMissingRate('eth1: counter went down')).toBe(
      'eth1: its counter restarted: the rate returns after the next run',
    );
  });

  it('says metric labels, headings and detail labels in Japanese and German, names the user chose as written', () => {
    useSiteLanguage('ja');
    expect(localizeMetricLabel('slurm', 'partition:gpu:jobsRunning')).toBe(
      '実行中のジョブ — パーティション gpu',
    );
    expect(localizeMetricLabel('host', 'fs:/home:usedPercent')).toBe('ディスク使用率 — /home');
    expect(localizeMetricLabel('http', 'queue_depth')).toBe('Queue depth');
    const values = listCurrentValues('host', {
      cpuPercent: 12.5,
      memUsedBytes: 1024,
      'fs:/home:usedPercent': 40,
    });
    expect(values.groups.map((group) => group.heading)).toEqual(['使用状況']);
    expect(values.groups[0]?.facts.map((fact) => fact.label)).toEqual(['CPU 使用率', '使用メモリ']);
    expect(values.tables.map((table) => [table.heading, table.noun])).toEqual([
      ['ファイルシステム別', 'ファイルシステム'],
    ]);
    expect(describeMissingRate('first sample')).toBe('最初のサンプル: レートは次回の実行後に表示されます');
    useSiteLanguage('de');
    expect(localizeMetricLabel('slurm', 'partition:gpu:jobsRunning')).toBe('Laufende Jobs — Partition gpu');
    expect(labelFromKey('hostname')).toBe('Hostname');
  });
});

describe('a place note', () => {
  const verdict = (parts: Partial<PlaceVerdict>): PlaceVerdict => ({
    status: 'up',
    required: 2,
    total: 3,
    fresh: 3,
    up: 3,
    degraded: 0,
    down: 0,
    ...parts,
  });
  const verdicts = [
    verdict({ down: 1, up: 2 }),
    verdict({ degraded: 1, up: 1, down: 1 }),
    verdict({ fresh: 2, up: 2 }),
    verdict({ total: 1, fresh: 0, up: 0 }),
    verdict({}),
  ];

  it('says in English what core says', () => {
    for (const each of verdicts) expect(describePlaceVerdictText(each)).toBe(describePlaceVerdict(each));
  });

  it('counts places in Japanese and German', () => {
    useSiteLanguage('ja');
    expect(describePlaceVerdictText(verdicts[1] as PlaceVerdict)).toBe(
      '3 拠点中 1 拠点で停止、3 拠点中 1 拠点で低下',
    );
    useSiteLanguage('de');
    expect(describePlaceVerdictText(verdicts[3] as PlaceVerdict)).toBe('keine Daten von 1 von 1 Standort');
    expect(describePlaceVerdictText(verdicts[0] as PlaceVerdict)).toBe('ausgefallen an 1 von 3 Standorten');
  });
});
