import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSocketProcesses, findSystemdService } from '../../collectors/init/listener-processes.ts';

// A /proc tree in a temp dir, laid out as the kernel shows it: fd/* are links whose text is
// "socket:[inode]" (or a path), comm ends in a newline, cmdline is NUL-separated.
let procRoot: string;

interface FakeProcess {
  comm?: string;
  cmdline?: string[];
  cgroup?: string;
  /** fd number → link text; absent: the fd folder cannot be read. */
  fds?: Record<string, string>;
}

async function addProcess(pid: number | string, process: FakeProcess): Promise<void> {
  const dir = path.join(procRoot, String(pid));
  await mkdir(dir, { recursive: true });
  if (process.comm !== undefined) await writeFile(path.join(dir, 'comm'), `${process.comm}\n`);
  if (process.cmdline !== undefined)
    await writeFile(path.join(dir, 'cmdline'), `${process.cmdline.join('\0')}\0`);
  if (process.cgroup !== undefined) await writeFile(path.join(dir, 'cgroup'), process.cgroup);
  if (process.fds === undefined) return;
  await mkdir(path.join(dir, 'fd'));
  for (const [fd, target] of Object.entries(process.fds)) await symlink(target, path.join(dir, 'fd', fd));
}

beforeAll(async () => {
  procRoot = await mkdtemp(path.join(tmpdir(), 'vigil-proc-'));
  await addProcess(1, {
    comm: 'systemd',
    cmdline: ['/sbin/init'],
    cgroup: '0::/init.scope\n',
    fds: { 0: '/dev/null' },
  });
  // nginx's master opened the sockets; its worker shares them.
  await addProcess(812, {
    comm: 'nginx',
    cmdline: ['nginx: master process /usr/sbin/nginx', '-g', 'daemon on; master_process on;'],
    cgroup: '0::/system.slice/nginx.service\n',
    fds: { 0: '/dev/null', 6: 'socket:[7078367]', 7: 'socket:[7078368]', 8: 'pipe:[99]' },
  });
  await addProcess(813, {
    comm: 'nginx',
    cmdline: ['nginx: worker process'],
    cgroup: '0::/system.slice/nginx.service\n',
    fds: { 6: 'socket:[7078367]', 7: 'socket:[7078368]', 9: 'socket:[123]' },
  });
  await addProcess(900, {
    comm: 'redis-server',
    cmdline: ['/usr/bin/redis-server 127.0.0.1:6379'],
    cgroup:
      '12:cpu,cpuacct:/system.slice/redis-server.service\n1:name=systemd:/system.slice/redis-server.service\n',
    fds: { 6: 'socket:[7078369]' },
  });
  // Gone, or not ours to read: no fd folder.
  await addProcess(950, { comm: 'sshd', cmdline: ['sshd: /usr/sbin/sshd -D'] });
  // Exited between its fds and its comm being read.
  await addProcess(960, { fds: { 3: 'socket:[7078371]' } });
  await addProcess('self', { comm: 'node', fds: { 3: 'socket:[7078370]' } });
  await addProcess(970, {
    comm: 'node',
    cmdline: ['node', '/srv/app/server.js'],
    fds: { 4: 'socket:[7078372]' },
  });
});
afterAll(async () => {
  await rm(procRoot, { recursive: true, force: true });
});

describe('findSocketProcesses', () => {
  it('maps each inode to the lowest pid that holds it, with its name, service and (for interpreters) command line', async () => {
    const inodes = new Set([7078367, 7078368, 7078369, 7078370, 7078371, 7078372, 5555]);
    const found = await findSocketProcesses(procRoot, inodes, AbortSignal.timeout(5000));
    // A daemon's name says what it is: its cmdline (which can hang on a process stuck on a dead NFS
    // mount) is not read. An interpreter's is.
    const nginx = { pid: 812, comm: 'nginx', argv: [], systemdUnit: 'nginx.service' };
    expect(Object.fromEntries(found)).toEqual({
      7078367: nginx,
      7078368: nginx,
      7078369: {
        pid: 900,
        comm: 'redis-server',
        argv: [],
        systemdUnit: 'redis-server.service',
      },
      7078372: { pid: 970, comm: 'node', argv: ['node', '/srv/app/server.js'] },
    });
  });

  it('reads nothing once the signal has fired', async () => {
    const found = await findSocketProcesses(procRoot, new Set([7078367]), AbortSignal.abort());
    expect(found.size).toBe(0);
  });

  it('finds no process in a /proc it cannot read', async () => {
    const found = await findSocketProcesses(
      path.join(procRoot, 'missing'),
      new Set([1]),
      AbortSignal.timeout(5000),
    );
    expect(found.size).toBe(0);
  });
});

describe('findSystemdService', () => {
  it.each([
    ['0::/system.slice/postgresql@16-main.service\n', 'postgresql@16-main.service'],
    ['0::/user.slice/user-1000.slice/user@1000.service/app.slice/jupyter.service\n', 'jupyter.service'],
    ['0::/system.slice/docker-4f1c.scope\n', undefined],
    ['0::/init.scope\n', undefined],
    ['4:memory:/system.slice/x.service\n1:name=systemd:/system.slice/sshd.service\n', 'sshd.service'],
  ])('%j → %s', (cgroup, unit) => {
    expect(findSystemdService(cgroup)).toBe(unit);
  });
});
