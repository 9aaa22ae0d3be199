import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dedupeBySource,
  matchesMountPattern,
  parseProcMounts,
  selectRealMounts,
} from '../../../../../collectors/probes/host/host-filesystems.ts';

function readMounts(name: string) {
  return parseProcMounts(readFileSync(new URL(`../../../../fixtures/host/${name}`, import.meta.url), 'utf8'));
}

describe('parseProcMounts', () => {
  it('reads source, mount and type, and unescapes octal spaces', () => {
    const entries = readMounts('proc-mounts-container.txt');
    expect(entries[0]).toEqual({ source: 'overlay', mount: '/', type: 'overlay' });
    expect(entries).toContainEqual({ source: '/dev/sdb1', mount: '/srv/my archive', type: 'xfs' });
  });

  it('skips blank and short lines', () => {
    expect(parseProcMounts('\n/dev/sda1 /\n\n/dev/sda2 /home ext4 rw 0 0\n')).toEqual([
      { source: '/dev/sda2', mount: '/home', type: 'ext4' },
    ]);
  });
});

describe('selectRealMounts and dedupeBySource', () => {
  it.each([
    {
      name: 'inside a Docker container: the overlay root is the real one, bind-mounted files share the data disk',
      fixture: 'proc-mounts-container.txt',
      exclude: [],
      mounts: ['/', '/data', '/srv/my archive'],
    },
    {
      name: 'an HPC login node: network filesystems, snaps, CD-ROMs and Docker layers are left out',
      fixture: 'proc-mounts-hpc-login-node.txt',
      exclude: [],
      mounts: ['/', '/boot', '/boot/efi', '/tmp/local', '/var'],
    },
    {
      name: 'excludeMounts takes exact paths and prefixes ending in "*"',
      fixture: 'proc-mounts-hpc-login-node.txt',
      exclude: ['/boot*', '/tmp/local'],
      mounts: ['/', '/var'],
    },
  ])('$name', ({ fixture, exclude, mounts }) => {
    const selected = dedupeBySource(selectRealMounts(readMounts(fixture), exclude));
    expect(selected.map((entry) => entry.mount)).toEqual(mounts);
  });

  it('keeps the shortest mount path of a device mounted twice', () => {
    const entries = [
      { source: '/dev/sda1', mount: '/var/lib/data', type: 'ext4' },
      { source: '/dev/sda1', mount: '/var', type: 'ext4' },
    ];
    expect(dedupeBySource(entries)).toEqual([{ source: '/dev/sda1', mount: '/var', type: 'ext4' }]);
  });
});

describe('matchesMountPattern', () => {
  it.each([
    { mount: '/boot', pattern: '/boot', matches: true },
    { mount: '/boot/efi', pattern: '/boot', matches: false },
    { mount: '/boot/efi', pattern: '/boot*', matches: true },
    { mount: '/bootstrap', pattern: '/boot/*', matches: false },
  ])('$mount against $pattern → $matches', ({ mount, pattern, matches }) => {
    expect(matchesMountPattern(mount, pattern)).toBe(matches);
  });
});

describe('userspace filesystems', () => {
  it('FUSE mounts are never statfs-ed by the host check (one that never answers would hang it); fuseblk disks are', () => {
    const mounts = parseProcMounts(
      [
        '/dev/sda1 / ext4 rw 0 0',
        'vigilhang /mnt/hang fuse.vigilhang rw,user_id=0,group_id=0 0 0',
        'remote: /mnt/plain fuse rw 0 0',
        '/dev/sdb1 /media/usb fuseblk rw 0 0',
      ].join('\n'),
    );
    expect(selectRealMounts(mounts, []).map((entry) => entry.mount)).toEqual(['/', '/media/usb']);
  });
});
