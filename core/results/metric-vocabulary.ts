import type { CheckType } from '../model/check-schema.ts';
import { METRIC_SUBJECTS, type MetricSubject } from './metric-subjects.ts';
import { METRIC_TERMS, type MetricTerm, RESPONSE_TIME_LABEL, RUN_TIME_LABEL } from './metric-terms.ts';
import type { MetricUnit } from './metric-unit.ts';

export { METRIC_KINDS, type MetricKind, RESPONSE_TIME_LABEL } from './metric-terms.ts';

/** One stored metric as people read it: "Jobs running — partition gpu", a count, about jobs. */
export interface MetricDescription extends MetricTerm {
  /** Set for a metric named after a thing (`partition:gpu:jobsRunning`): the thing and its field. */
  subject?: { prefix: string; name: string; field: string; fieldLabel: string };
}

/**
 * The label, unit and kind of a stored metric of a check type. Metrics the probe names come from
 * the vocabulary (metric-terms.ts, metric-subjects.ts); names a user chose (JSON paths, SQL
 * queries, regex groups) get a tidy label from their words and a unit from their suffix
 * ("queue_age_seconds": "Queue age", in seconds).
 */
export function describeMetric(type: CheckType, name: string): MetricDescription {
  const known = (METRIC_TERMS[type] as Record<string, MetricTerm>)[name] ?? SHARED_TERMS[name];
  if (known !== undefined) return known;
  const named = readSubjectMetric(type, name);
  if (named !== undefined) {
    const { subject, thing, field } = named;
    const fieldTerm = describeSubjectField(subject, field);
    // "partition gpu", "GPU 0": the noun in lower case unless it is an acronym.
    const noun = subject.noun === subject.noun.toUpperCase() ? subject.noun : subject.noun.toLowerCase();
    const thingText = subject.isNamedByNoun ? `${noun} ${thing}` : thing;
    return {
      ...fieldTerm,
      label: `${fieldTerm.label} — ${thingText}`,
      subject: { prefix: subject.prefix, name: thing, field, fieldLabel: fieldTerm.label },
    };
  }
  return describeCustomMetric(name);
}

// Names any probe may store whatever its type: lines of older versions, generated fixtures.
const SHARED_TERMS: Record<string, MetricTerm> = { latencyMs: METRIC_TERMS.http.latencyMs };

/**
 * Check types whose probe time is only Vigil's own work (a heartbeat reads the report a job left in
 * data/): it is never charted or published as the target's response time.
 */
export const NO_RESPONSE_TIME_TYPES: ReadonlySet<CheckType> = new Set<CheckType>(['heartbeat']);

/** The metric that says how long this check's target took to answer (a command: to run), if its type stores one. */
export function findResponseTimeMetric(type: CheckType, names: Iterable<string>): string | undefined {
  for (const name of names) {
    const { label } = describeMetric(type, name);
    if (label === RESPONSE_TIME_LABEL || label === RUN_TIME_LABEL) return name;
  }
  return undefined;
}

/** One field of a named thing, as its table column reads: "Jobs running"; a field a newer version stores, tidied. */
export function describeSubjectField(subject: MetricSubject, field: string): MetricTerm {
  return subject.fields[field] ?? describeCustomMetric(field);
}

/** The named-thing part of a check type's metric, if the name has one: `partition:gpu:jobsRunning`. */
export function findMetricSubject(type: CheckType, prefix: string): MetricSubject | undefined {
  return (METRIC_SUBJECTS[type] as readonly MetricSubject[]).find((subject) => subject.prefix === prefix);
}

function readSubjectMetric(
  type: CheckType,
  name: string,
): { subject: MetricSubject; thing: string; field: string } | undefined {
  // The thing's name may hold colons (a mount point rarely does); the prefix and field never do.
  const match = /^([a-z]+):(.+):([A-Za-z0-9]+)$/.exec(name);
  if (match === null) return undefined;
  const [, prefix = '', thing = '', field = ''] = match;
  const subject = findMetricSubject(type, prefix);
  return subject === undefined ? undefined : { subject, thing, field };
}

// Longest first: "BytesPerSecond" must win over "Bytes". Both camelCase and snake_case endings.
const UNIT_SUFFIXES: [pattern: RegExp, unit: MetricUnit][] = [
  [/(BytesPerSecond|[_-]bytes[_-]per[_-]second)$/, 'bytesPerSecond'],
  [/(PerSecond|[_-]per[_-]second)$/, 'perSecond'],
  [/(Bytes|[_-]bytes)$/, 'bytes'],
  [/(Seconds|[_-]seconds)$/, 'seconds'],
  [/(Days|[_-]days)$/, 'days'],
  [/(Percent|[_-]percent|[_-]pct)$/, 'percent'],
  [/(Ms|[_-]ms)$/, 'ms'],
];

/** A user's metric name as words: `jobs_waiting` "Jobs waiting", `queueDepth` "Queue depth", `lagMs` "Lag" (ms). */
export function describeCustomMetric(name: string): MetricTerm {
  for (const [pattern, unit] of UNIT_SUFFIXES) {
    const stem = name.replace(pattern, '');
    if (stem !== name && stem !== '') return { label: tidyMetricLabel(stem), unit, kind: 'custom' };
  }
  return { label: tidyMetricLabel(name), unit: 'count', kind: 'custom' };
}

// Words people write in capitals; a label never shows them as "Cpu" or "Gpu".
const ACRONYMS = new Map(
  'API CPU CPUs DB GPU GPUs HTTP ID IO IP MDT OS OST OSTs PID RSS SSH TLS URL UUID'
    .split(' ')
    .map((word) => [word.toLowerCase(), word]),
);

/** `queue_depth.max` → "Queue depth max", `cpuModel` → "CPU model": a name as a sentence-case label. */
export function tidyMetricLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_.\-:/\s]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '')
    .map((word) => ACRONYMS.get(word.toLowerCase()) ?? word.toLowerCase());
  const text = words.join(' ');
  return text === '' ? name : text.charAt(0).toUpperCase() + text.slice(1);
}
