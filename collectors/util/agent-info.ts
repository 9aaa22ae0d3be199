import { hostname, networkInterfaces } from 'node:os';
import type { Agent } from '../../core/model/index.ts';
import { VIGIL_VERSION } from '../../core/version.ts';

/** Who wrote a snapshot: version, host name and the first non-internal address. */
export function describeAgent(): Agent {
  const agent: Agent = { version: VIGIL_VERSION, host: hostname() };
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const external =
    addresses.find((a) => !a.internal && a.family === 'IPv4') ?? addresses.find((a) => !a.internal);
  if (external) agent.ip = external.address;
  return agent;
}
