import { hostname } from 'node:os';
import type { Discoverer, Finding } from './finding.ts';

/** What the shipped status.config.yaml leaves out of the host check: boot partitions and snap images. */
export const HOST_EXCLUDE_MOUNTS = ['/boot*', '/snap/*'] as const;

/** The host check every config gets: CPU, load, memory, the root filesystem and I/O of this machine. */
export function makeHostFinding(machineName: string): Finding {
  return {
    key: 'host',
    group: 'host',
    label: `this machine (${machineName}): CPU, memory, disks, network`,
    check: {
      id: 'host',
      name: 'Host resources',
      type: 'host',
      timeout: '15s',
      excludeMounts: [...HOST_EXCLUDE_MOUNTS],
    },
    comment: [`CPU, load, memory, local filesystems and disk and network I/O of ${machineName}.`],
  };
}

/** Always one finding, asked of nothing: the machine init runs on is the one the collector watches. */
export const hostDiscoverer: Discoverer = {
  name: 'this machine',
  discover: async () => ({ findings: [makeHostFinding(hostname())], leftOut: [] }),
};
