import type { Check, CheckResult, DockerCheck } from '../../core/model/index.ts';
import { DockerComposeDetailSchema } from '../../core/results/docker.ts';
import { describeResultProblem, hasNoProbeDetail } from '../../core/results/index.ts';
import type { CheckSample } from './history.ts';

/** Between a docker check's id and a service name in the id of the service's component. */
export const SERVICE_ID_SEPARATOR = '--';

/** The checks the site shows: the configured ones, each expanding docker check followed by its services. */
export interface ExpandedChecks {
  checks: Check[];
  samplesByCheck: Map<string, CheckSample[]>;
  /** Service component id → the docker check it comes from. */
  parentOf: Map<string, string>;
}

/**
 * A docker check with `expandServices` becomes one component per Compose service besides its own,
 * with a history drawn from each run's `detail.services`. A run that reached no service (the
 * Docker Engine did not answer) counts against every service with the check's own status; a run
 * whose services this version cannot read gives each service no data, saying so.
 */
export function expandComposeServices(
  checks: readonly Check[],
  samplesByCheck: ReadonlyMap<string, CheckSample[]>,
): ExpandedChecks {
  const expanded: ExpandedChecks = {
    checks: [],
    samplesByCheck: new Map(samplesByCheck),
    parentOf: new Map(),
  };
  for (const check of checks) {
    expanded.checks.push(check);
    if (check.type !== 'docker' || !check.expandServices) continue;
    const samples = samplesByCheck.get(check.id) ?? [];
    for (const service of listServices(check, samples)) {
      const id = `${check.id}${SERVICE_ID_SEPARATOR}${toIdPart(service)}`;
      if (expanded.parentOf.has(id) || checks.some((other) => other.id === id)) continue;
      expanded.checks.push({
        ...check,
        id,
        name: `${check.name}: ${service}`,
        description: `Compose service "${service}" of project ${check.composeProject ?? ''}`.trim(),
        expandServices: false,
        services: [service],
      });
      expanded.parentOf.set(id, check.id);
      expanded.samplesByCheck.set(id, toServiceSamples(id, service, samples));
    }
  }
  return expanded;
}

/** Services the config expects, then every other one the results name, in order of appearance. */
function listServices(check: DockerCheck, samples: readonly CheckSample[]): string[] {
  const names = new Set(check.services);
  for (const sample of samples) {
    const read = readServices(sample.result);
    if (read.kind === 'services') for (const name of Object.keys(read.services)) names.add(name);
  }
  return [...names];
}

function toServiceSamples(id: string, service: string, samples: readonly CheckSample[]): CheckSample[] {
  const serviceSamples: CheckSample[] = [];
  for (const { t, result } of samples) {
    const read = readServices(result);
    const seen = read.kind === 'services' ? read.services[service] : undefined;
    if (seen !== undefined) {
      serviceSamples.push({
        t,
        result: { id, status: seen.status, ms: result.ms, message: seen.message, metrics: {}, detail: {} },
      });
    } else if (read.kind === 'unreadable') {
      const message = `unreadable result: ${read.problem}`;
      serviceSamples.push({
        t,
        result: { id, status: 'unknown', ms: result.ms, message, metrics: {}, detail: {} },
      });
    } else if (read.kind === 'none' && result.status !== 'up') {
      // Docker did not answer (or the run was cut): nothing is known of any service but the check's failure.
      serviceSamples.push({ t, result: { ...result, id, metrics: {}, detail: {} } });
    }
  }
  return serviceSamples;
}

type ServicesReading =
  | { kind: 'services'; services: Record<string, { status: CheckResult['status']; message: string }> }
  | { kind: 'none' }
  | { kind: 'unreadable'; problem: string };

/** A docker result's services: none when the run reached none (or was not a Compose run). */
function readServices(result: CheckResult): ServicesReading {
  if (hasNoProbeDetail(result.detail)) return { kind: 'none' };
  const parsed = DockerComposeDetailSchema.safeParse(result.detail);
  if (!parsed.success) return { kind: 'unreadable', problem: describeResultProblem(parsed.error) };
  const services = parsed.data.services ?? {};
  return Object.keys(services).length === 0 ? { kind: 'none' } : { kind: 'services', services };
}

/** Compose service names allow upper case and dots; ids are lower-case and URL-safe. */
function toIdPart(service: string): string {
  return service.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}
