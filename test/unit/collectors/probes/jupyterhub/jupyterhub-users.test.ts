import { describe, expect, it } from 'vitest';
import {
  countHubUsage,
  readUsersPage,
} from '../../../../../collectors/probes/jupyterhub/jupyterhub-users.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const THIRTY_MINUTES_MS = 30 * 60_000;

describe('readUsersPage', () => {
  it('follows _pagination.next of a paginated answer (JupyterHub 2.0+)', () => {
    const page = readUsersPage(
      {
        items: [{ name: 'a' }],
        _pagination: { offset: 0, limit: 1, total: 3, next: { offset: 1, limit: 1, url: 'x' } },
      },
      0,
      1,
    );
    expect(page).toEqual({ users: [{ name: 'a' }], total: 3, nextOffset: 1 });
  });

  it('stops at next: null', () => {
    expect(
      readUsersPage(
        { items: [{ name: 'a' }], _pagination: { offset: 2, limit: 1, total: 3, next: null } },
        2,
        1,
      ),
    ).toEqual({
      users: [{ name: 'a' }],
      total: 3,
    });
  });

  it('asks for another page after a bare list as long as the limit (older hubs)', () => {
    const users = Array.from({ length: 200 }, (_, i) => ({ name: `u${i}` }));
    expect(readUsersPage(users, 0, 200)?.nextOffset).toBe(200);
    expect(readUsersPage(users.slice(0, 50), 200, 200)?.nextOffset).toBeUndefined();
    // A hub caps pages at 200 whatever the limit, so a full 200 asked as 500 may have more.
    expect(readUsersPage(users, 0, 500)?.nextOffset).toBe(200);
  });

  it('refuses what is not a users answer', () => {
    expect(readUsersPage({ message: 'Forbidden' }, 0, 200)).toBeUndefined();
  });
});

describe('countHubUsage', () => {
  it('counts active users by last_activity, running and pending servers', () => {
    const usage = countHubUsage(
      [
        {
          name: 'a',
          last_activity: '2025-06-01T11:50:00Z',
          servers: { '': { ready: true }, gpu: { ready: true } },
        },
        {
          name: 'b',
          last_activity: '2025-06-01T10:00:00Z',
          servers: { '': { ready: false, pending: 'spawn' } },
        },
        { name: 'c', last_activity: null, servers: {} },
        // A token without read:servers sees only the default server's URL.
        { name: 'd', last_activity: '2025-06-01T11:59:59Z', server: '/user/d/' },
      ],
      NOW,
      THIRTY_MINUTES_MS,
    );
    expect(usage).toEqual({ usersTotal: 4, usersActive: 2, serversRunning: 3, serversPending: 1 });
  });
});
