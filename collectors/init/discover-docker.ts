import type Docker from 'dockerode';
import { redactUrls } from '../../core/redact/redact.ts';
import { describeDockerError } from '../probes/docker/docker-error.ts';
import { toCheckId } from './discover-helpers.ts';
import type { DiscoverContext, Discoverer, Discovery, Finding, LeftOut } from './finding.ts';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
const DOCKER_TIMEOUT_MS = 5000;
const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';
const ONEOFF_LABEL = 'com.docker.compose.oneoff';
const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';

/** The Engine's socket: DOCKER_HOST when it is unix://…, else the default; another scheme is not local. */
export function findDockerSocket(env: NodeJS.ProcessEnv): { socketPath: string } | { notLocal: string } {
  const host = env.DOCKER_HOST;
  if (host === undefined || host === '') return { socketPath: DEFAULT_DOCKER_SOCKET };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  return { notLocal: host };
}

/** One container as `GET /containers/json?all=1` lists it (the fields init reads). */
export type ListedContainer = Pick<Docker.ContainerInfo, 'Names' | 'Labels' | 'State' | 'Status' | 'Image'>;

export interface ComposeProject {
  name: string;
  /** Services with a running container, sorted: the ones the check requires. */
  services: string[];
  /** Services whose containers are all stopped ("migrate exited (0)"): the check counts them down. */
  stoppedServices: string[];
  containers: string[];
  workingDir?: string;
}

export interface GroupedContainers {
  projects: ComposeProject[];
  /** Running containers outside any Compose project. */
  standalone: string[];
  /** Stopped ones outside any project, with how they stopped ("Exited (0) 2 days ago"). */
  stopped: { name: string; status: string }[];
}

/** Sorts the listing into Compose projects (by label) and standalone containers; `compose run` one-offs are dropped. */
export function groupContainers(listed: readonly ListedContainer[]): GroupedContainers {
  const projects = new Map<
    string,
    { running: Set<string>; all: Set<string>; containers: string[]; workingDir?: string }
  >();
  const grouped: GroupedContainers = { projects: [], standalone: [], stopped: [] };
  for (const container of listed) {
    const labels = container.Labels ?? {};
    if (/^true$/i.test(labels[ONEOFF_LABEL] ?? '')) continue;
    const name = containerName(container.Names);
    const isRunning = container.State === 'running';
    const project = labels[PROJECT_LABEL];
    if (project === undefined || project === '') {
      if (isRunning) grouped.standalone.push(name);
      else grouped.stopped.push({ name, status: container.Status || container.State });
      continue;
    }
    const kept = projects.get(project) ?? { running: new Set(), all: new Set(), containers: [] };
    const service = labels[SERVICE_LABEL] ?? name;
    kept.all.add(service);
    if (isRunning) kept.running.add(service);
    kept.containers.push(name);
    const workingDir = labels[WORKING_DIR_LABEL];
    if (workingDir !== undefined && workingDir !== '') kept.workingDir = workingDir;
    projects.set(project, kept);
  }
  for (const [name, kept] of [...projects.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const project: ComposeProject = {
      name,
      services: [...kept.running].sort(),
      stoppedServices: [...kept.all].filter((service) => !kept.running.has(service)).sort(),
      containers: kept.containers.sort(),
    };
    if (kept.workingDir !== undefined) project.workingDir = kept.workingDir;
    grouped.projects.push(project);
  }
  grouped.standalone.sort();
  grouped.stopped.sort((a, b) => a.name.localeCompare(b.name));
  return grouped;
}

/**
 * A container's own name: the one without a second "/". Containers reached by a legacy link also
 * list the link's aliases ("/lab_worker_run_bdfe/worker"), in no promised order.
 */
export function containerName(names: readonly string[]): string {
  const stripped = names.map((name) => name.replace(/^\//, ''));
  return stripped.find((name) => !name.includes('/')) ?? stripped[0] ?? '';
}

/** One docker check per Compose project with a running service, one for the running standalone containers. */
export function makeDockerDiscovery(grouped: GroupedContainers, socketPath: string): Discovery {
  const socket = socketPath === DEFAULT_DOCKER_SOCKET ? {} : { socketPath };
  const findings: Finding[] = [];
  const leftOut: LeftOut[] = [];
  for (const project of grouped.projects) {
    if (project.services.length === 0) {
      leftOut.push({ label: `Compose project ${project.name}`, reason: 'none of its containers is running' });
      continue;
    }
    const comment = [
      `Compose project ${project.name}${project.workingDir === undefined ? '' : ` (${project.workingDir})`}: every service must have a running container.`,
      `Containers during init: ${project.containers.join(', ')}.`,
    ];
    if (project.stoppedServices.length > 0)
      comment.push(
        `Stopped during init: ${project.stoppedServices.join(', ')}; the check counts a stopped container down (remove it with docker rm if it is a finished one-shot).`,
      );
    findings.push({
      key: `docker:compose:${project.name}`,
      group: 'containers',
      label: `Compose project ${project.name}: ${project.services.join(', ')}`,
      check: {
        id: toCheckId(project.name, 'compose'),
        name: `${project.name} (Compose)`,
        type: 'docker',
        composeProject: project.name,
        services: project.services,
        expandServices: true,
        ...socket,
      },
      comment,
    });
  }
  if (grouped.standalone.length > 0) {
    findings.push({
      key: 'docker:containers',
      group: 'containers',
      label: `Docker containers: ${grouped.standalone.join(', ')}`,
      check: {
        id: 'docker-containers',
        name: 'Docker containers',
        type: 'docker',
        containers: grouped.standalone,
        ...socket,
      },
      comment: [
        'Containers running outside any Compose project during init; each must be running and healthy.',
      ],
    });
  }
  if (grouped.stopped.length > 0) {
    const listed = grouped.stopped.map((c) => `${c.name} (${c.status})`);
    leftOut.push({
      label: `${grouped.stopped.length} stopped container${grouped.stopped.length === 1 ? '' : 's'}: ${listed.slice(0, 4).join(', ')}${listed.length > 4 ? ', …' : ''}`,
      reason: 'not running now; add a name to the containers check if it should be',
    });
  }
  return { findings, leftOut };
}

async function discoverDocker(context: DiscoverContext): Promise<Discovery> {
  const socket = findDockerSocket(context.env);
  if ('notLocal' in socket) {
    const reason = `DOCKER_HOST is ${redactUrls(socket.notLocal)}; init asks only a local Docker socket (unix://…)`;
    return { findings: [], leftOut: [{ label: 'Docker', reason }] };
  }
  let listed: ListedContainer[];
  try {
    // Loaded on first use, as the docker probe does: a machine without Docker never pays for it.
    const { default: DockerClient } = await import('dockerode');
    const docker = new DockerClient({ socketPath: socket.socketPath, timeout: DOCKER_TIMEOUT_MS });
    listed = await docker.listContainers({ all: true, abortSignal: context.signal });
  } catch (error) {
    const reason = context.signal.aborted
      ? `no answer from ${socket.socketPath} in time`
      : describeDockerError(error, socket.socketPath);
    return { findings: [], leftOut: [{ label: 'Docker', reason }] };
  }
  if (listed.length === 0)
    return { findings: [], leftOut: [{ label: 'Docker', reason: `no containers on ${socket.socketPath}` }] };
  return makeDockerDiscovery(groupContainers(listed), socket.socketPath);
}

/** Docker containers through the Engine API: a docker check per Compose project and one for the rest. */
export const dockerDiscoverer: Discoverer = { name: 'Docker', discover: discoverDocker };
