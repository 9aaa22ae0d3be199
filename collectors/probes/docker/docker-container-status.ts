import type { DockerContainer } from '../../../core/results/docker.ts';

const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';
const COMPOSE_ONEOFF_LABEL = 'com.docker.compose.oneoff';
const MAX_HEALTH_OUTPUT_CHARS = 200;

/** The part of `docker inspect` (GET /containers/{id}/json) the docker probe reads. */
export interface InspectedContainer {
  Name: string;
  RestartCount?: number;
  State: {
    Status: string;
    ExitCode?: number;
    Error?: string;
    OOMKilled?: boolean;
    StartedAt?: string;
    Health?: {
      Status: string;
      FailingStreak?: number;
      Log?: { ExitCode?: number; Output?: string; End?: string }[] | null;
    };
  };
  Config?: { Image?: string; Labels?: Record<string, string> | null };
}

/** One container's status and the facts an operator looks at, as kept in the result detail. */
export type ContainerVerdict = DockerContainer;

/**
 * State + Health → status: running and healthy (or without a healthcheck) is up, health "starting"
 * is degraded, unhealthy, exited, dead, restarting or never started is down; paused is degraded.
 */
export function judgeContainer(container: InspectedContainer): ContainerVerdict {
  const { State: state } = container;
  const verdict: ContainerVerdict = {
    name: container.Name.replace(/^\//, ''),
    status: 'down',
    message: state.Status,
    state: state.Status,
    restartCount: container.RestartCount ?? 0,
  };
  const image = container.Config?.Image;
  if (image !== undefined) verdict.image = image;
  const service = container.Config?.Labels?.[COMPOSE_SERVICE_LABEL];
  if (service !== undefined) verdict.service = service;
  const health = state.Health;
  if (health !== undefined && health.Status !== 'none') {
    verdict.health = health.Status;
    verdict.failingStreak = health.FailingStreak ?? 0;
    const output = lastHealthOutput(health.Log);
    if (output !== undefined) verdict.lastHealthOutput = output;
  }
  Object.assign(verdict, judgeState(container, verdict));
  return verdict;
}

function judgeState(
  container: InspectedContainer,
  verdict: ContainerVerdict,
): Pick<ContainerVerdict, 'status' | 'message'> {
  const { State: state } = container;
  const restarts = verdict.restartCount > 0 ? `, ${verdict.restartCount} restarts` : '';
  switch (state.Status) {
    case 'running': {
      if (verdict.health === undefined) return { status: 'up', message: `running${restarts}` };
      if (verdict.health === 'healthy') return { status: 'up', message: `running, healthy${restarts}` };
      if (verdict.health === 'starting')
        return { status: 'degraded', message: `running, health check starting${restarts}` };
      const said = verdict.lastHealthOutput === undefined ? '' : `: ${verdict.lastHealthOutput}`;
      return {
        status: 'down',
        message: `${verdict.health} (${verdict.failingStreak ?? 0} failed checks in a row)${said}`,
      };
    }
    case 'exited': {
      const oom = state.OOMKilled === true ? ' (OOM killed)' : '';
      verdict.exitCode = state.ExitCode ?? 0;
      return { status: 'down', message: `exited with code ${verdict.exitCode}${oom}${restarts}` };
    }
    case 'restarting':
      return { status: 'down', message: `restarting (crash loop, ${verdict.restartCount} restarts)` };
    case 'paused':
      return { status: 'degraded', message: 'paused' };
    case 'created':
      return { status: 'down', message: 'created but never started' };
    case 'dead':
      return { status: 'down', message: `dead${state.Error ? `: ${state.Error}` : ''}` };
    default:
      return { status: 'down', message: state.Status };
  }
}

// Docker keeps the last five probe results; the newest one's output says why the container is unhealthy.
function lastHealthOutput(
  log: NonNullable<InspectedContainer['State']['Health']>['Log'],
): string | undefined {
  const last = log?.at(-1)?.Output?.trim();
  if (last === undefined || last === '') return undefined;
  const oneLine = last.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= MAX_HEALTH_OUTPUT_CHARS
    ? oneLine
    : `${oneLine.slice(0, MAX_HEALTH_OUTPUT_CHARS - 1)}…`;
}

/** A container that was asked for by name (or a Compose service that was expected) and does not exist. */
export function describeMissing(name: string): ContainerVerdict {
  return { name, status: 'down', message: 'missing (no such container)', state: 'missing', restartCount: 0 };
}

/** Whether a container is a `docker compose run` one-off (migrations, shells), which never counts. */
export function isOneOffContainer(labels: Record<string, string> | null | undefined): boolean {
  const value = labels?.[COMPOSE_ONEOFF_LABEL];
  return value === 'True' || value === 'true';
}

export { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL };
