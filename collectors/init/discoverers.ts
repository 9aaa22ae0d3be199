import { clustersDiscoverer } from './discover-clusters.ts';
import { dockerDiscoverer } from './discover-docker.ts';
import { filesystemsDiscoverer } from './discover-filesystems.ts';
import { gpusDiscoverer } from './discover-gpus.ts';
import { hostDiscoverer } from './discover-host.ts';
import { listenersDiscoverer } from './discover-listeners.ts';
import { systemdDiscoverer } from './discover-systemd.ts';
import type { Discoverer } from './finding.ts';

/**
 * Every discoverer `vigil init` runs, in order of preference: where two find one thing (a port and
 * the container that publishes it), the first one's finding is kept.
 */
export const DISCOVERERS: readonly Discoverer[] = [
  hostDiscoverer,
  listenersDiscoverer,
  dockerDiscoverer,
  clustersDiscoverer,
  systemdDiscoverer,
  filesystemsDiscoverer,
  gpusDiscoverer,
];
