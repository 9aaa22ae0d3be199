import { isRecord } from '../is-record.ts';
import { METRIC_SUBJECTS, type MetricSubject } from '../results/metric-subjects.ts';
import { METRIC_TERMS } from '../results/metric-terms.ts';

// Cross-field check of `of` (`capacities.<m>.of`, `json[j].of`): it must name a metric the check
// records, or the "X / N" is silently never shown. Read defensively from untrusted input like the
// rest of findCrossReferenceIssues.

interface Issue {
  path: (string | number)[];
  message: string;
}

// A named group of a regex: `(?<version>…)`.
const NAMED_GROUP = /\(\?<([A-Za-z_$][\w$]*)>/g;
// A metric named after a thing the probe found: `partition:gpu:jobsRunning`.
const SUBJECT_METRIC = /^([a-z]+):(.+):([A-Za-z0-9]+)$/;

/** `of` values of one check that name no metric it records: a typo would never show "X / N". */
export function findCapacityReferenceIssues(check: Record<string, unknown>, index: number): Issue[] {
  const type = check.type;
  if (typeof type !== 'string' || !Object.hasOwn(METRIC_TERMS, type)) return [];
  const metrics = listCheckMetrics(check, type as keyof typeof METRIC_TERMS);
  const subjects = METRIC_SUBJECTS[type as keyof typeof METRIC_SUBJECTS] as readonly MetricSubject[];
  const isRecorded = (name: string) => {
    if (metrics.has(name)) return true;
    const prefix = SUBJECT_METRIC.exec(name)?.[1];
    return prefix !== undefined && subjects.some((subject) => subject.prefix === prefix);
  };
  const issues: Issue[] = [];
  const judge = (of: unknown, path: (string | number)[]) => {
    if (typeof of !== 'string' || isRecorded(of)) return;
    const known = [...metrics].sort().join(', ');
    issues.push({
      path,
      message: `${JSON.stringify(of)} is no metric of this ${type} check, so "X / N" would never show; name one it records (${known})`,
    });
  };
  const capacities = check.capacities;
  if (isRecord(capacities)) {
    for (const [name, capacity] of Object.entries(capacities)) {
      if (isRecord(capacity)) judge(capacity.of, ['checks', index, 'capacities', name, 'of']);
    }
  }
  asArray(check.json).forEach((assertion, assertionIndex) => {
    if (isRecord(assertion)) judge(assertion.of, ['checks', index, 'json', assertionIndex, 'of']);
  });
  return issues;
}

/**
 * The metrics a check records under fixed names: its type's own (`maxMemoryBytes`), and those the
 * user named (JSON `metric`, SQL `queries`, a command's `match` groups).
 */
function listCheckMetrics(check: Record<string, unknown>, type: keyof typeof METRIC_TERMS): Set<string> {
  const names = new Set<string>([...Object.keys(METRIC_TERMS[type]), 'latencyMs']);
  for (const assertion of asArray(check.json)) {
    if (isRecord(assertion) && typeof assertion.metric === 'string') names.add(assertion.metric);
  }
  if (isRecord(check.queries)) for (const name of Object.keys(check.queries)) names.add(name);
  if (typeof check.match === 'string') {
    for (const [, group] of check.match.matchAll(NAMED_GROUP)) if (group !== undefined) names.add(group);
  }
  return names;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
