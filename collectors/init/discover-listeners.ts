import type { Discoverer, Discovery, Finding, LeftOut } from './finding.ts';
import { describeListener, type Listener, type ListenerOutcome } from './listener-findings.ts';
import { classifyListener } from './listener-kinds.ts';
import { findSocketProcesses, type ListenerProcess } from './listener-processes.ts';
import { type ListeningSocket, readListeningSockets } from './listener-sockets.ts';

export { parseProcNetTcp } from './listener-sockets.ts';

// Listeners probed at once: each probe waits at most LISTENER_PROBE_TIMEOUT_MS, so a machine full
// of silent ports still finishes in a few of those.
const LISTENERS_AT_ONCE = 16;

/**
 * Listening TCP ports and the processes that hold them (/proc/net/tcp{,6}, /proc/<pid>/fd), each
 * probed as its process suggests: web servers and app servers as http checks on the URL that
 * answered, Redis, PostgreSQL and MySQL/MariaDB as tcp checks with their protocol's handshake (the
 * full check beside them), sshd by its banner, JupyterHub by /hub/api. Reads /proc only, runs no
 * program; every probe has its own timeout and stops at the context's signal.
 */
export const listenersDiscoverer: Discoverer = {
  name: 'listening ports',
  discover: async (context) => {
    try {
      return await discoverListeners(context.procRoot, context.signal);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        findings: [],
        leftOut: [{ label: 'listening ports', reason: `could not be read: ${reason}` }],
      };
    }
  },
};

async function discoverListeners(procRoot: string, signal: AbortSignal): Promise<Discovery> {
  const sockets = await readListeningSockets(procRoot);
  const owners = await findSocketProcesses(procRoot, new Set(sockets.map((socket) => socket.inode)), signal);
  const listeners = groupListeners(sockets, owners);
  const outcomes = await mapAtMost(listeners, LISTENERS_AT_ONCE, (listener) =>
    describeListener(listener, signal),
  );
  return keepOneJupyterHub(listeners, outcomes);
}

/**
 * One listener per process and port (an IPv4 and an IPv6 socket of one server are one thing), in
 * port order; sockets whose process could not be seen are grouped by port alone.
 */
export function groupListeners(
  sockets: readonly ListeningSocket[],
  owners: ReadonlyMap<number, ListenerProcess>,
): Listener[] {
  const groups = new Map<string, { port: number; addresses: string[]; process?: ListenerProcess }>();
  for (const socket of sockets) {
    const process = owners.get(socket.inode);
    const key = `${process?.pid ?? '-'}:${socket.port}`;
    const group = groups.get(key) ?? {
      port: socket.port,
      addresses: [],
      ...(process === undefined ? {} : { process }),
    };
    if (!group.addresses.includes(socket.address)) group.addresses.push(socket.address);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.port - b.port || (a.process?.pid ?? 0) - (b.process?.pid ?? 0))
    .map((group) => ({
      ...group,
      host: chooseListenerHost(group.addresses),
      classified: classifyListener(group.process, group.port),
    }));
}

/**
 * The address a check on this machine reaches a listener at: 127.0.0.1 for the IPv4 wildcard and
 * loopback, ::1 for the IPv6 ones, else the bound address itself (127.0.0.53 answers only there).
 */
export function chooseListenerHost(addresses: readonly string[]): string {
  const plain = addresses.map((address) => address.replace(/^::ffff:(?=\d+\.)/, ''));
  if (plain.some((address) => address === '0.0.0.0' || address === '127.0.0.1')) return '127.0.0.1';
  if (plain.some((address) => address === '::' || address === '::1')) return '::1';
  return plain.find((address) => address.includes('.')) ?? plain[0] ?? '127.0.0.1';
}

/**
 * The hub and its proxy both answer /hub/api: one JupyterHub check, on the proxy's port (the one
 * people use) when it answered, else on the lowest port; the others are left out, saying so.
 */
function keepOneJupyterHub(listeners: readonly Listener[], outcomes: readonly ListenerOutcome[]): Discovery {
  const findings: Finding[] = [];
  const leftOut: LeftOut[] = [];
  const hubs = outcomes.flatMap((outcome, index) =>
    'finding' in outcome && listeners[index]?.classified.kind === 'jupyterhub'
      ? [{ finding: outcome.finding, program: listeners[index]?.classified.program }]
      : [],
  );
  const kept = (hubs.find((hub) => hub.program === 'configurable-http-proxy') ?? hubs[0])?.finding;
  for (const outcome of outcomes) {
    if ('leftOut' in outcome) leftOut.push(outcome.leftOut);
    else if (
      kept === undefined ||
      outcome.finding === kept ||
      !hubs.some((hub) => hub.finding === outcome.finding)
    )
      findings.push(outcome.finding);
    else leftOut.push({ label: outcome.finding.label, reason: `the same JupyterHub as ${kept.label}` });
  }
  return { findings, leftOut };
}

/** `map` with at most `limit` calls in flight; results in input order. */
async function mapAtMost<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const work = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await map(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  return results;
}
