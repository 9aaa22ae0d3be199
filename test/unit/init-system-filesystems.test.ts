import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyMounts,
  filesystemsDiscoverer,
  STAT_TIMEOUT_MS,
  summarizeSkipped,
} from '../../collectors/init/discover-filesystems.ts';
import { parseProcMounts } from '../../collectors/probes/host/host-filesystems.ts';
import { expectValidChecks, makeDiscoverContext, outcome, readFixture } from './init-system-helpers.ts';

const loginNode = parseProcMounts(readFixture('host/proc-mounts-hpc-login-node.txt'));
const container = parseProcMounts(readFixture('host/proc-mounts-container.txt'));

const checked = (entries: typeof loginNode) =>
  classifyMounts(entries).flatMap((verdict) => (verdict.kind === 'check' ? [verdict.entry.mount] : []));

describe('classifyMounts', () => {
  it('keeps the data filesystems of an HPC login node: local, NFS and Lustre, but not / and /boot*', () => {
    expect(checked(loginNode).sort()).toEqual(['/home', '/scratch', '/tmp/local', '/var']);
  });

  it('in a container, keeps the volumes, not the overlay root or the files Docker mounts', () => {
    expect(checked(container).sort()).toEqual(['/data', '/srv/my archive']);
  });

  it('keeps FUSE network filesystems and leaves a desktop session FUSE out', () => {
    const entries = parseProcMounts(
      [
        'alice@build:/srv /mnt/build fuse.sshfs rw,nosuid,nodev,relatime,user_id=0,group_id=0 0 0',
        'gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw 0 0',
        '/dev/sdc1 /mnt/usb fuseblk rw,relatime 0 0',
      ].join('\n'),
    );
    expect(checked(entries)).toEqual(['/mnt/usb', '/mnt/build']);
  });

  it('a mount point mounted over is one check, of the filesystem on top', () => {
    const entries = parseProcMounts('/dev/sdb1 /data ext4 rw 0 0\nnas:/data /data nfs4 rw 0 0\n');
    expect(classifyMounts(entries)).toEqual([
      { kind: 'check', entry: { source: 'nas:/data', mount: '/data', type: 'nfs4' } },
    ]);
  });

  it('of the mounts of one device keeps the shortest path; two NFS mounts of one server are both kept', () => {
    const entries = parseProcMounts(
      [
        '/dev/sda2 / btrfs rw 0 0',
        '/dev/sda2 /home btrfs rw,subvol=/@home 0 0',
        '/dev/sdb1 /srv xfs rw 0 0',
        '/dev/sdb1 /srv/www xfs rw 0 0',
        'nas:/export/a /mnt/a nfs4 rw 0 0',
        'nas:/export/a /mnt/a-again nfs4 rw 0 0',
      ].join('\n'),
    );
    expect(checked(entries).sort()).toEqual(['/mnt/a', '/mnt/a-again', '/srv']);
    expect(summarizeSkipped(classifyMounts(entries))).toEqual([
      { label: 'btrfs on /', reason: 'the host check covers it' },
      { label: 'btrfs on /home', reason: 'same device as / (a bind mount or subvolume)' },
      { label: 'xfs on /srv/www', reason: 'same device as /srv (a bind mount or subvolume)' },
    ]);
  });
});

describe('summarizeSkipped', () => {
  it('says why each kind of mount was skipped, one line per kind, each mount point once', () => {
    expect(summarizeSkipped(classifyMounts(loginNode))).toEqual([
      { label: 'sysfs on /sys', reason: 'kernel interface, not storage' },
      { label: 'proc on /proc', reason: 'kernel interface, not storage' },
      { label: 'devtmpfs on /dev', reason: 'memory-backed, emptied at every boot' },
      {
        label: '3 tmpfs mounts: /run, /dev/shm, /run/user/1000',
        reason: 'memory-backed, emptied at every boot',
      },
      { label: 'securityfs on /sys/kernel/security', reason: 'kernel interface, not storage' },
      { label: 'cgroup2 on /sys/fs/cgroup', reason: 'kernel interface, not storage' },
      { label: 'bpf on /sys/fs/bpf', reason: 'kernel interface, not storage' },
      {
        label: 'autofs on /proc/sys/fs/binfmt_misc',
        reason: 'automount trigger; the filesystem it mounts is listed once it is in use',
      },
      { label: 'squashfs on /snap/core20/2318', reason: 'read-only image (snaps, live media), always full' },
      { label: 'xfs on /var/lib/docker/volumes', reason: 'system or container-runtime mount' },
      { label: 'overlay on /var/lib/docker/overlay2/9c1d/merged', reason: 'a container layer' },
      { label: 'nsfs on /run/docker/netns/6a1b', reason: 'kernel interface, not storage' },
      { label: 'iso9660 on /media/cdrom', reason: 'read-only image (snaps, live media), always full' },
      {
        label: 'fuse.gvfsd-fuse on /run/user/1000/gvfs',
        reason: "a desktop session's remote-folder view (GVfs)",
      },
      { label: '3 mounts: /, /boot, /boot/efi', reason: 'the host check covers it' },
    ]);
  });

  it('in a container: the files Docker mounts in one line, the overlay root left to the host check', () => {
    expect(summarizeSkipped(classifyMounts(container)).slice(-2)).toEqual([
      {
        label: '3 ext4 mounts: /etc/resolv.conf, /etc/hostname, /etc/hosts',
        reason: 'a file the container runtime mounts',
      },
      { label: 'overlay on /', reason: 'the host check covers it' },
    ]);
  });

  it('folds 9 cgroup mounts into one line', () => {
    const cgroups = ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'blkio', 'devices', 'freezer', 'net_cls']
      .map((controller) => `cgroup /sys/fs/cgroup/${controller} cgroup rw 0 0`)
      .join('\n');
    expect(summarizeSkipped(classifyMounts(parseProcMounts(cgroups)))).toEqual([
      {
        label: '9 cgroup mounts: /sys/fs/cgroup/cpu, /sys/fs/cgroup/cpuacct, /sys/fs/cgroup/cpuset, …',
        reason: 'kernel interface, not storage',
      },
    ]);
  });
});

describe('filesystemsDiscoverer', () => {
  let procRoot: string;
  beforeAll(async () => {
    procRoot = await mkdtemp(path.join(tmpdir(), 'vigil-init-proc-'));
    await mkdir(path.join(procRoot, 'self'));
    await writeFile(
      path.join(procRoot, 'self', 'mounts'),
      readFixture('host/proc-mounts-hpc-login-node.txt'),
    );
  });
  afterAll(async () => {
    await rm(procRoot, { recursive: true, force: true });
  });

  it('asks each mount with stat -f in a child process (2 s), and makes a check even of one that does not answer', async () => {
    const context = makeDiscoverContext(
      {
        stat: (argv) => {
          const mount = argv.at(-1);
          if (mount === '/scratch') return outcome({ exitCode: null, timedOut: true, failure: 'timed out' });
          if (mount === '/tmp/local')
            return outcome({
              exitCode: 1,
              stderr:
                "stat: cannot read file system information for '/tmp/local': Transport endpoint is not connected\n",
            });
          return outcome({ stdout: '262144000 104857600 104857600 4096 65536000 60000000 nfs\n' });
        },
      },
      { procRoot },
    );
    const discovery = await filesystemsDiscoverer.discover(context);
    expect(context.calls.map((call) => call.argv.slice(0, 3))).toEqual(Array(4).fill(['stat', '-f', '-c']));
    expect(context.calls.every((call) => call.timeoutMs === STAT_TIMEOUT_MS)).toBe(true);
    expect(discovery.findings.map((finding) => finding.check)).toEqual([
      { id: 'fs-home', name: '/home (nfs4)', type: 'filesystem', path: '/home', mountPoint: true },
      {
        id: 'fs-scratch',
        name: '/scratch (lustre)',
        type: 'filesystem',
        path: '/scratch',
        mountPoint: true,
        lustre: true,
      },
      {
        id: 'fs-tmp-local',
        name: '/tmp/local (ext4)',
        type: 'filesystem',
        path: '/tmp/local',
        mountPoint: true,
      },
      { id: 'fs-var', name: '/var (xfs)', type: 'filesystem', path: '/var', mountPoint: true },
    ]);
    const [home, scratch, local] = discovery.findings;
    expect(home?.label).toBe('/home (nfs4 from nfs01:/export/home, 1000 GiB, 60% used)');
    expect(home?.key).toBe('filesystem:/home');
    expect(home?.group).toBe('filesystems');
    expect(scratch?.label).toBe('/scratch (lustre from 10.0.0.5@o2ib:/scratch; no answer during init)');
    expect(scratch?.comment?.[1]).toMatch(/^It did not answer stat within 2 s during init/);
    expect(local?.comment?.[1]).toContain('Transport endpoint is not connected');
    expect(discovery.leftOut).toHaveLength(15);
    expectValidChecks(discovery);
  });

  it('leaves filesystems out, saying why, when the mount table cannot be read', async () => {
    const discovery = await filesystemsDiscoverer.discover(
      makeDiscoverContext({}, { procRoot: path.join(tmpdir(), 'vigil-no-such-proc') }),
    );
    expect(discovery.findings).toEqual([]);
    expect(discovery.leftOut).toEqual([
      { label: 'filesystems', reason: expect.stringMatching(/could not read .*self\/mounts: ENOENT$/) },
    ]);
  });
});
