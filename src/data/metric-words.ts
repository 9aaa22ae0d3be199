// The words Vigil writes around probes' data on pages (metric labels, "Current values" headings,
// detail labels, gauges) in the site's language. The vocabulary (core/results/metric-terms.ts,
// metric-subjects.ts, detail-tables.ts) names each in English, the one language the API speaks; a
// page shows the catalogue's text of that English term (component.term<Words>: "Jobs running" is
// component.termJobsRunning), and a label the catalogue has no term for (a name the user chose: a
// JSON path's metric, a SQL column, a fact) as written.
import type { CheckType } from '../../core/model/index.ts';
import { describeMetric, findMetricSubject } from '../../core/results/metric-vocabulary.ts';
import { getCatalogue } from '../i18n/catalogue.ts';
import { getSiteLanguage, type MessageKey, t } from '../i18n/index.ts';

/** The catalogue key of an English term: "Load (1 min)" → "component.termLoad1Min". */
export function toTermKey(english: string): string {
  const words = english.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return `component.term${words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}`;
}

/** An English term of the vocabulary in the site's language; as written when the catalogue lacks it. */
export function localizeTerm(english: string): string {
  if (getSiteLanguage() === 'en') return english;
  const key = toTermKey(english);
  return key in getCatalogue('en') ? t(key as MessageKey) : english;
}

/**
 * A stored metric's label in the site's language: "Jobs running — partition gpu" becomes
 * "実行中のジョブ — パーティション gpu"; English as describeMetric says it.
 */
export function localizeMetricLabel(type: CheckType, name: string): string {
  const description = describeMetric(type, name);
  if (getSiteLanguage() === 'en') return description.label;
  if (description.subject === undefined) return localizeTerm(description.label);
  const { prefix, name: thing, fieldLabel } = description.subject;
  const subject = findMetricSubject(type, prefix);
  const thingText = subject?.isNamedByNoun === true ? `${localizeTerm(subject.noun)} ${thing}` : thing;
  return `${localizeTerm(fieldLabel)} — ${thingText}`;
}
