import { formatDurationMs, type JupyterhubCheck } from '../../../core/model/index.ts';
import { redactUrl } from '../../../core/redact/redact.ts';
import type { JupyterhubDetail, JupyterhubMetrics } from '../../../core/results/jupyterhub.ts';
import { JsonRequestError } from '../../transport/get-json-capped.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { getFromHub } from './jupyterhub-api.ts';
import { countHubUsage, type HubUser, readUsersPage } from './jupyterhub-users.ts';

/** A bound on pages read, so a hub whose `next` never ends cannot keep the probe busy. */
const MAX_PAGES = 1000;
const PAGINATION_ACCEPT = 'application/jupyterhub-pagination+json';

/**
 * `/hub/health` says whether the hub answers, `/hub/api/` gives its version, and with a token every
 * page of `/hub/api/users` gives active users and running servers.
 */
async function probeJupyterhub(check: JupyterhubCheck, context: ProbeContext): Promise<Observation> {
  const base = check.url.replace(/\/+$/, '');
  const options = { signal: context.signal, insecure: check.insecure };
  try {
    const health = await getFromHub(new URL(`${base}/hub/health`), {}, options);
    const metrics: JupyterhubMetrics = { latencyMs: health.latencyMs };
    if (health.statusCode < 200 || health.statusCode > 299) {
      return {
        status: 'down',
        message: `HTTP ${health.statusCode} from ${redactUrl(base)}/hub/health`,
        metrics,
      };
    }
    const detail: JupyterhubDetail = {};
    const about = await getFromHub(new URL(`${base}/hub/api/`), {}, options);
    const version = (about.json as { version?: unknown } | undefined)?.version;
    if (typeof version === 'string') detail.version = version;
    const said = typeof version === 'string' ? `JupyterHub ${version}` : 'JupyterHub';
    const answered = `${said} healthy in ${formatDurationMs(health.latencyMs)}`;
    if (check.token === undefined) return { status: 'up', message: answered, metrics, detail };

    const users = await listAllUsers(base, check, options);
    if (typeof users === 'string') {
      // The hub answers; only the numbers are missing, so this is not an outage.
      return { status: 'degraded', message: `${answered}; ${users}`, metrics, detail };
    }
    const usage = countHubUsage(users, context.now(), check.activeWithin);
    Object.assign(metrics, usage);
    return {
      status: 'up',
      message: `${answered}; ${usage.usersActive} active users, ${usage.serversRunning} servers running`,
      metrics,
      detail,
    };
  } catch (error) {
    if (context.signal.aborted) return { status: 'down', message: describeTimeout(context) };
    return { status: 'down', message: error instanceof JsonRequestError ? error.message : String(error) };
  }
}

/** Every user, page by page; a string says why the list could not be read. */
async function listAllUsers(
  base: string,
  check: JupyterhubCheck,
  options: { signal: AbortSignal; insecure: boolean },
): Promise<HubUser[] | string> {
  const headers = { authorization: `token ${check.token}`, accept: PAGINATION_ACCEPT };
  const users: HubUser[] = [];
  const seen = new Set<string>();
  let offset: number | undefined = 0;
  for (let page = 0; offset !== undefined && page < MAX_PAGES; page += 1) {
    const url = new URL(`${base}/hub/api/users`);
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', String(check.pageSize));
    const answer = await getFromHub(url, headers, options);
    if (answer.statusCode === 401 || answer.statusCode === 403) {
      return `users API refused the token (HTTP ${answer.statusCode}); it needs the list:users and read:users scopes`;
    }
    if (answer.statusCode !== 200) return `users API answered HTTP ${answer.statusCode}`;
    const read = readUsersPage(answer.json, offset, check.pageSize);
    if (read === undefined) return 'users API answered something that is not a list of users';
    // A hub before 2.0 ignores offset and sends everyone again: that page adds nothing new.
    if (read.users.length > 0 && seen.has(read.users[0]?.name ?? '')) break;
    for (const user of read.users) seen.add(user.name);
    users.push(...read.users);
    offset = read.nextOffset;
  }
  return users;
}

export const jupyterhubProbe: ProbeDefinition<'jupyterhub'> = { probe: probeJupyterhub };
