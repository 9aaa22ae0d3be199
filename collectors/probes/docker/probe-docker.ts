import type Docker from 'dockerode';
import { type DockerCheck, type ProbeStatus, worseStatus } from '../../../core/model/index.ts';
import type { DockerDetail, DockerMetrics } from '../../../core/results/docker.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import {
  COMPOSE_PROJECT_LABEL,
  type ContainerVerdict,
  describeMissing,
  type InspectedContainer,
  isOneOffContainer,
  judgeContainer,
} from './docker-container-status.ts';
import { describeDockerError } from './docker-error.ts';
import { judgeServices, type ServiceVerdict } from './docker-services.ts';

const MAX_LISTED_PROBLEMS = 3;

/**
 * Lists the Engine's containers once, keeps the ones the check selects (by name, labels or Compose
 * project), inspects each for State and Health, and judges them. Compose projects are judged per
 * service too; the services land in `detail.services`.
 */
async function probeDocker(check: DockerCheck, context: ProbeContext): Promise<Observation> {
  const address = check.socketPath ?? process.env.DOCKER_HOST ?? '/var/run/docker.sock';
  let verdicts: ContainerVerdict[];
  try {
    // Loaded on first use: collectors that watch no containers never pay for dockerode.
    const { default: DockerClient } = await import('dockerode');
    const docker = new DockerClient({
      ...(check.socketPath === undefined ? {} : { socketPath: check.socketPath }),
      timeout: context.timeoutMs,
    });
    const listed = await docker.listContainers({ all: true, abortSignal: context.signal });
    const selected = listed.filter((container) => isSelected(check, container));
    const inspected = await Promise.all(
      selected.map(
        (container) =>
          docker
            .getContainer(container.Id)
            .inspect({ abortSignal: context.signal }) as Promise<InspectedContainer>,
      ),
    );
    verdicts = inspected.map(judgeContainer);
  } catch (error) {
    if (context.signal.aborted) {
      return {
        status: 'down',
        message: describeTimeout(context, `asking Docker at ${address}`),
      };
    }
    return { status: 'down', message: describeDockerError(error, address) };
  }
  const found = new Set(verdicts.map((verdict) => verdict.name));
  for (const name of check.containers) if (!found.has(name)) verdicts.push(describeMissing(name));
  verdicts.sort((a, b) => a.name.localeCompare(b.name));
  if (verdicts.length === 0) {
    return { status: 'down', message: `no containers match ${describeSelection(check)} on ${address}` };
  }
  const services = check.composeProject === undefined ? undefined : judgeServices(verdicts, check.services);
  return describeVerdicts(check, verdicts, services);
}

function isSelected(check: DockerCheck, container: Docker.ContainerInfo): boolean {
  const labels = container.Labels ?? {};
  if (isOneOffContainer(labels)) return false;
  const names = container.Names.map((name) => name.replace(/^\//, ''));
  if (names.some((name) => check.containers.includes(name))) return true;
  if (check.composeProject !== undefined && labels[COMPOSE_PROJECT_LABEL] === check.composeProject)
    return true;
  return check.labels.length > 0 && check.labels.every((filter) => matchesLabel(labels, filter));
}

// "key" matches any value, "key=value" that value, as `docker ps --filter label=…` does.
function matchesLabel(labels: Record<string, string>, filter: string): boolean {
  const equals = filter.indexOf('=');
  if (equals === -1) return filter in labels;
  return labels[filter.slice(0, equals)] === filter.slice(equals + 1);
}

function describeVerdicts(
  check: DockerCheck,
  verdicts: ContainerVerdict[],
  services: readonly ServiceVerdict[] | undefined,
): Observation {
  const metrics: DockerMetrics = {
    containers: verdicts.length,
    containersUp: count(verdicts, 'up'),
    containersDegraded: count(verdicts, 'degraded'),
    containersDown: count(verdicts, 'down'),
    restarts: verdicts.reduce((total, verdict) => total + verdict.restartCount, 0),
  };
  for (const verdict of verdicts) {
    if (verdict.state === 'missing') continue;
    metrics[`container:${verdict.name}:restarts` as const] = verdict.restartCount;
    if (verdict.failingStreak !== undefined)
      metrics[`container:${verdict.name}:failingStreak` as const] = verdict.failingStreak;
  }
  const detail: DockerDetail = { containers: verdicts };
  const judged: readonly { name: string; status: ProbeStatus; message: string }[] = services ?? verdicts;
  if (services !== undefined) {
    metrics.services = services.length;
    metrics.servicesUp = services.filter((service) => service.status === 'up').length;
    if (check.composeProject !== undefined) detail.project = check.composeProject;
    detail.services = Object.fromEntries(services.map(({ name, ...service }) => [name, service]));
  }
  const status = judged.reduce<ProbeStatus>((worst, item) => worseStatus(worst, item.status), 'up');
  const noun = services === undefined ? 'container' : 'service';
  const problems = judged.filter((item) => item.status !== 'up');
  if (problems.length === 0) {
    const only = judged.length === 1 ? judged[0] : undefined;
    const message =
      only === undefined
        ? `${judged.length} ${noun}s up: ${judged.map((item) => item.name).join(', ')}`
        : `${only.name} ${only.message}`;
    return { status, message, metrics, detail };
  }
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((item) => `${item.name} ${item.message}`);
  if (problems.length > MAX_LISTED_PROBLEMS) listed.push(`${problems.length - MAX_LISTED_PROBLEMS} more`);
  const prefix =
    judged.length > 1 ? `${judged.length - problems.length} of ${judged.length} ${noun}s up; ` : '';
  return { status, message: `${prefix}${listed.join('; ')}`, metrics, detail };
}

function count(verdicts: readonly ContainerVerdict[], status: ProbeStatus): number {
  return verdicts.filter((verdict) => verdict.status === status).length;
}

function describeSelection(check: DockerCheck): string {
  const parts: string[] = [];
  if (check.containers.length > 0) parts.push(`names ${check.containers.join(', ')}`);
  if (check.labels.length > 0) parts.push(`labels ${check.labels.join(', ')}`);
  if (check.composeProject !== undefined) parts.push(`Compose project "${check.composeProject}"`);
  return parts.join(' or ');
}

export const dockerProbe: ProbeDefinition<'docker'> = {
  probe: probeDocker,
  preload: () => import('dockerode'),
};
