import { describe, expect, it } from 'vitest';
import { findMountOf, parseStatFs } from '../../../../../collectors/probes/filesystem/statfs-output.ts';

describe('parseStatFs', () => {
  it('reads stat -f output like df: used / (used + available to users)', () => {
    expect(parseStatFs('1000 400 300 4096 500 125 nfs\n')).toEqual({
      sizeBytes: 1000 * 4096,
      usedBytes: 600 * 4096,
      availableBytes: 300 * 4096,
      usedPercent: 66.7,
      inodesTotal: 500,
      inodesUsedPercent: 75,
      typeName: 'nfs',
    });
  });

  it('has no inode percentage where the filesystem has no inode table', () => {
    expect(parseStatFs('10 5 5 4096 0 0 btrfs')).not.toHaveProperty('inodesUsedPercent');
  });

  it('keeps a type with spaces and refuses text that is not stat -f output', () => {
    expect(parseStatFs('10 5 5 4096 8 4 ext2/ext3')?.typeName).toBe('ext2/ext3');
    expect(parseStatFs("stat: cannot read file system information for '/x'")).toBeUndefined();
  });
});

describe('findMountOf', () => {
  const mounts = [
    { source: '/dev/vda', mount: '/', type: 'ext4' },
    { source: 'nfs1:/export/home', mount: '/home', type: 'nfs4' },
    { source: '10.0.0.1@o2ib:/scratch', mount: '/scratch', type: 'lustre' },
    { source: 'tmpfs', mount: '/scratch', type: 'tmpfs' },
  ];

  it.each([
    ['/home', '/home'],
    ['/home/', '/home'],
    ['/home/alice/data', '/home'],
    ['/homework', '/'],
    ['/srv', '/'],
  ])('%s is held by %s', (path, mount) => {
    expect(findMountOf(path, mounts)?.mount).toBe(mount);
  });

  it('a later mount at the same point hides the earlier one', () => {
    expect(findMountOf('/scratch', mounts)?.type).toBe('tmpfs');
  });
});
