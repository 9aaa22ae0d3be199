import { type ProbeStatus, worseStatus } from '../../../core/model/index.ts';
import type { DockerService } from '../../../core/results/docker.ts';
import { type ContainerVerdict, describeMissing } from './docker-container-status.ts';

/** One Compose service: the containers that run it, judged together. */
export type ServiceVerdict = DockerService & { name: string };

/**
 * Groups containers by their Compose service. A service with every container down is down; with
 * some down (one replica of three) degraded; otherwise it takes its worst container's status.
 * An expected service with no container is down ("missing").
 */
export function judgeServices(
  verdicts: readonly ContainerVerdict[],
  expected: readonly string[],
): ServiceVerdict[] {
  const byService = new Map<string, ContainerVerdict[]>();
  for (const verdict of verdicts) {
    const name = verdict.service ?? verdict.name;
    byService.set(name, [...(byService.get(name) ?? []), verdict]);
  }
  for (const name of expected) if (!byService.has(name)) byService.set(name, [describeMissing(name)]);
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, containers]) => judgeService(name, containers));
}

function judgeService(name: string, containers: readonly ContainerVerdict[]): ServiceVerdict {
  const names = containers.filter((c) => c.state !== 'missing').map((c) => c.name);
  const down = containers.filter((c) => c.status === 'down');
  if (containers.length === 1 || down.length === 0 || down.length === containers.length) {
    const status = containers.reduce<ProbeStatus>((worst, c) => worseStatus(worst, c.status), 'up');
    const worst = containers.find((c) => c.status === status) ?? containers[0];
    const message =
      containers.length === 1
        ? (worst?.message ?? '')
        : `${containers.length} containers; ${worst?.message ?? ''}`;
    return { name, status, message, containers: names };
  }
  const first = down[0];
  return {
    name,
    status: 'degraded',
    message: `${down.length} of ${containers.length} containers down (${first?.name} ${first?.message})`,
    containers: names,
  };
}
