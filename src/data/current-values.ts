import { type Capacities, type CheckType, readCapacity } from '../../core/model/index.ts';
import { METRIC_SUBJECTS, type MetricSubject } from '../../core/results/metric-subjects.ts';
import { METRIC_TERMS } from '../../core/results/metric-terms.ts';
import {
  describeMetric,
  describeSubjectField,
  METRIC_KINDS,
  type MetricKind,
} from '../../core/results/metric-vocabulary.ts';
import { formatMetricValue, type MetricUnit } from '../lib/metric-format.ts';
import { formatCapacity } from './capacity-figures.ts';
import { localizeTerm } from './metric-words.ts';

// "Current values": the newest result's metrics as labelled facts grouped by kind, and the figures
// a probe keeps per thing (partition, filesystem, GPU, queue) as one small table each.

/** One figure: "Memory used" 12.3 GiB. */
export interface CurrentFact {
  /** The stored metric name, for thresholds and the API. */
  name: string;
  label: string;
  unit: MetricUnit;
  value: number;
  /** The value with its unit: "12.3 GiB"; for a capacity metric, out of its whole: "12 / 20". */
  text: string;
  /** The whole a capacity metric (`max:` / `of:`) counts out of; absent for any other metric. */
  max?: number;
}

export interface CurrentGroup {
  kind: MetricKind;
  /** "Capacity". */
  heading: string;
  facts: CurrentFact[];
}

/** The figures of one kind of thing, a row per thing and a column per figure. */
export interface CurrentTable {
  /** The metric names' prefix: `partition`, `fs`, `gpu`, `queue`. */
  prefix: string;
  /** "Per partition". */
  heading: string;
  /** "Partition": the first column's heading. */
  noun: string;
  columns: { field: string; label: string }[];
  /** Each cell the value with its unit, or undefined where that thing has no such figure. */
  rows: { name: string; cells: (string | undefined)[] }[];
}

export interface CurrentValues {
  groups: CurrentGroup[];
  tables: CurrentTable[];
}

const KIND_ORDER = Object.keys(METRIC_KINDS) as MetricKind[];

/** The newest metrics of a check of this type, grouped and formatted; capacity metrics read "X / N". */
export function listCurrentValues(
  type: CheckType,
  metrics: Readonly<Record<string, number>>,
  capacities?: Capacities,
): CurrentValues {
  const facts = new Map<MetricKind, CurrentFact[]>();
  const perThing = new Map<string, Map<string, Map<string, number>>>();
  for (const name of orderByVocabulary(type, Object.keys(metrics))) {
    const value = metrics[name];
    if (value === undefined || !Number.isFinite(value)) continue;
    const description = describeMetric(type, name);
    if (description.subject !== undefined) {
      const { prefix, name: thing, field } = description.subject;
      const things = perThing.get(prefix) ?? new Map<string, Map<string, number>>();
      perThing.set(prefix, things);
      const fields = things.get(thing) ?? new Map<string, number>();
      things.set(thing, fields);
      fields.set(field, value);
      continue;
    }
    const fact = { name, label: localizeTerm(description.label), unit: description.unit, value };
    const list = facts.get(description.kind) ?? [];
    facts.set(description.kind, list);
    const capacity = capacities?.[name];
    const whole = capacity === undefined ? undefined : readCapacity(metrics, name, capacity);
    list.push(
      whole === undefined
        ? { ...fact, text: formatMetricValue(value, description.unit) }
        : { ...fact, text: formatCapacity(value, whole.max, description.unit), max: whole.max },
    );
  }
  return {
    groups: KIND_ORDER.flatMap((kind) => {
      const list = facts.get(kind);
      return list === undefined ? [] : [{ kind, heading: localizeTerm(METRIC_KINDS[kind]), facts: list }];
    }),
    tables: (METRIC_SUBJECTS[type] as readonly MetricSubject[]).flatMap((subject) => {
      const things = perThing.get(subject.prefix);
      return things === undefined || subject.isShownInDetail === true ? [] : [buildTable(subject, things)];
    }),
  };
}

function buildTable(
  subject: MetricSubject,
  things: ReadonlyMap<string, ReadonlyMap<string, number>>,
): CurrentTable {
  const present = new Set([...things.values()].flatMap((fields) => [...fields.keys()]));
  const known = Object.keys(subject.fields).filter((field) => present.has(field));
  const fields = [...known, ...[...present].filter((field) => !known.includes(field))].map((field) => ({
    field,
    ...describeSubjectField(subject, field),
  }));
  // As stored: the scheduler's partition order (default first), mount order, GPU index.
  const names = [...things.keys()];
  return {
    prefix: subject.prefix,
    heading: localizeTerm(subject.heading),
    noun: localizeTerm(subject.noun),
    columns: fields.map(({ field, label }) => ({ field, label: localizeTerm(label) })),
    rows: names.map((name) => ({
      name,
      cells: fields.map(({ field, unit }) => {
        const value = things.get(name)?.get(field);
        return value === undefined ? undefined : formatMetricValue(value, unit);
      }),
    })),
  };
}

/** The vocabulary's order for the names it knows, then the others as stored. */
function orderByVocabulary(type: CheckType, names: readonly string[]): string[] {
  const order = Object.keys(METRIC_TERMS[type]);
  const rank = (name: string) => {
    const index = order.indexOf(name);
    return index === -1 ? order.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b));
}
