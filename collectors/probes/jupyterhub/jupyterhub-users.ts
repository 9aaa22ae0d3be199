import type { JupyterhubUsage } from '../../../core/results/jupyterhub.ts';

/** The fields of a JupyterHub user model (REST API `GET /hub/api/users`) the probe reads. */
export interface HubUser {
  name: string;
  last_activity?: string | null;
  /** Present when the token may read servers; keyed by server name ("" is the default server). */
  servers?: Record<string, { ready?: boolean; pending?: string | null; last_activity?: string | null }>;
  /** URL of the default server while it runs; older hubs and tokens without read:servers give only this. */
  server?: string | null;
  pending?: string | null;
}

/** JupyterHub's default `api_page_max_limit`. */
const HUB_DEFAULT_PAGE_MAX = 200;

/** One page of the users API, whichever shape the hub answered with. */
export interface UsersPage {
  users: HubUser[];
  /** Offset of the next page; undefined on the last one. */
  nextOffset?: number;
  /** Users in all, when the hub says (paginated answers only). */
  total?: number;
}

/**
 * Reads one answer of `GET /hub/api/users?offset=&limit=`. Hubs from 2.0 answer
 * `{items, _pagination: {total, next}}` to `Accept: application/jupyterhub-pagination+json`;
 * older hubs (and proxies that drop the header) answer a bare list, and a full list may have more
 * behind it.
 */
export function readUsersPage(body: unknown, offset: number, limit: number): UsersPage | undefined {
  if (Array.isArray(body)) {
    const users = body as HubUser[];
    // The hub caps a page at its api_page_max_limit (200 by default) whatever limit was asked.
    const isFull = users.length > 0 && users.length >= Math.min(limit, HUB_DEFAULT_PAGE_MAX);
    return isFull ? { users, nextOffset: offset + users.length } : { users };
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items))
    return undefined;
  const { items, _pagination: pagination } = body as {
    items: HubUser[];
    _pagination?: { total?: number; next?: { offset?: number } | null };
  };
  const page: UsersPage = { users: items };
  if (typeof pagination?.total === 'number') page.total = pagination.total;
  const next = pagination?.next?.offset;
  if (typeof next === 'number' && next > offset && items.length > 0) page.nextOffset = next;
  return page;
}

/** Users in all, active users, running and pending servers: the check's usage metrics. */
export type HubUsage = JupyterhubUsage;

/** Active users (last activity within `activeWithinMs`), running and pending servers. */
export function countHubUsage(users: readonly HubUser[], now: Date, activeWithinMs: number): HubUsage {
  const usage: HubUsage = { usersTotal: users.length, usersActive: 0, serversRunning: 0, serversPending: 0 };
  const since = now.getTime() - activeWithinMs;
  for (const user of users) {
    const lastActivity = user.last_activity ? Date.parse(user.last_activity) : Number.NaN;
    if (lastActivity >= since) usage.usersActive += 1;
    if (user.servers !== undefined) {
      for (const server of Object.values(user.servers)) {
        if (server.ready === true) usage.serversRunning += 1;
        else if (server.pending) usage.serversPending += 1;
      }
    } else if (user.pending) usage.serversPending += 1;
    else if (user.server) usage.serversRunning += 1;
  }
  return usage;
}
