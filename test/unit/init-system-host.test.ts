import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostDiscoverer } from '../../collectors/init/discover-host.ts';
import { expectValidChecks, makeDiscoverContext } from './init-system-helpers.ts';

describe('hostDiscoverer', () => {
  it('always finds the host, excluding the mounts the shipped config excludes, and runs nothing', async () => {
    const context = makeDiscoverContext({});
    const discovery = await hostDiscoverer.discover(context);
    expect(discovery.findings).toMatchObject([
      {
        key: 'host',
        group: 'host',
        label: expect.stringContaining(hostname()),
        check: { id: 'host', type: 'host', excludeMounts: ['/boot*', '/snap/*'] },
      },
    ]);
    expect(context.calls).toEqual([]);
    expectValidChecks(discovery);
  });
});
