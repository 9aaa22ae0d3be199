import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatCommandLine,
  matchesProcess,
  type ProcessInfo,
  parseCmdline,
  parseProcStatus,
} from '../../../../../collectors/probes/process/proc-parse.ts';
import { readProcesses } from '../../../../../collectors/probes/process/read-processes.ts';

const PROC = path.join(import.meta.dirname, '../../../../fixtures/process/proc');
const read = (pid: number, file: string) => readFile(path.join(PROC, String(pid), file), 'utf8');

describe('parseProcStatus on real /proc/<pid>/status files', () => {
  it.each([
    [7437, 'redis-server', 11_836 * 1024, 60_824 * 1024, 5],
    [7439, 'python3', 8312 * 1024, 13_952 * 1024, 1],
    [7457, 'python3', 0, 0, 1], // a zombie has no VmRSS or VmSize line, but still one thread
  ])(
    'pid %i: name %s, VmRSS %i bytes, VmSize %i bytes, %i threads',
    async (pid, name, rssBytes, vmsBytes, threads) => {
      expect(parseProcStatus(await read(pid, 'status'))).toEqual({ name, rssBytes, vmsBytes, threads });
    },
  );

  it.each([
    ['VmSize:\t   not-a-number kB\nThreads:\t-3\n', { rssBytes: 0, vmsBytes: 0, threads: 0 }],
    ['VmSize:\t 12 MB\nThreads:\t 7 \n', { rssBytes: 0, vmsBytes: 0, threads: 7 }],
    ['Threads:\t99999999999999999999\n', { rssBytes: 0, vmsBytes: 0, threads: 0 }],
    ['', { rssBytes: 0, vmsBytes: 0, threads: 0 }],
  ])('reads malformed lines as 0: %j', (text, expected) => {
    expect(parseProcStatus(text)).toEqual(expected);
  });

  it('reads a long status text line by line without a regex over it', () => {
    const noise = `${'x'.repeat(1_000_000)}\n`;
    expect(parseProcStatus(`${noise}VmSize:\t 4 kB\nThreads:\t2\n`)).toEqual({
      rssBytes: 0,
      vmsBytes: 4096,
      threads: 2,
    });
  });
});

describe('parseCmdline', () => {
  it.each([
    ['a\0b c\0', ['a', 'b c']],
    ['single', ['single']],
    ['', []],
    ['redis-server *:6379\0\0\0\0', ['redis-server *:6379']], // a rewritten title
  ])('%j → %j', (text, argv) => {
    expect(parseCmdline(text)).toEqual(argv);
  });

  it('splits a real Celery-style command line', async () => {
    expect(parseCmdline(await read(7439, 'cmdline'))).toEqual([
      '/opt/imaging/venv/bin/celery',
      '-c',
      'import time; time.sleep(5)',
      'worker',
      '--app',
      'imaging',
      '-Q',
      'resize',
    ]);
  });
});

describe('readProcesses over a captured /proc tree', () => {
  it('reads every process with comm, argv, RSS, VMS and threads', async () => {
    const processes = await readProcesses(PROC);
    expect(processes.map((p) => [p.pid, p.comm, p.rssBytes, p.vmsBytes, p.threads])).toEqual([
      [7437, 'redis-server', 11_836 * 1024, 60_824 * 1024, 5],
      [7439, 'python3', 8312 * 1024, 13_952 * 1024, 1],
      [7440, 'python3', 8332 * 1024, 13_952 * 1024, 1],
      [7457, 'python3', 0, 0, 1],
    ]);
    expect(formatCommandLine(processes[0] as ProcessInfo)).toBe('redis-server unixsocket:/tmp/vigil-fx.sock');
    expect(formatCommandLine(processes[3] as ProcessInfo)).toBe('[python3]');
  });

  it('leaves out a process that exited while being read (its files gone)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-proc-'));
    try {
      await mkdir(path.join(dir, '4242'));
      await writeFile(path.join(dir, '4242', 'comm'), 'gone\n');
      await mkdir(path.join(dir, 'self'));
      expect(await readProcesses(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('matchesProcess', () => {
  const celery: ProcessInfo = {
    pid: 10,
    comm: 'python3',
    argv: ['/opt/imaging/venv/bin/celery', 'worker', '-Q', 'resize'],
    rssBytes: 1,
    vmsBytes: 1,
    threads: 1,
  };
  const longName: ProcessInfo = {
    pid: 11,
    comm: 'prometheus-node',
    argv: ['/usr/bin/prometheus-node-exporter'],
    rssBytes: 1,
    vmsBytes: 1,
    threads: 1,
  };
  it.each([
    [celery, { processName: 'python3' }, true],
    [celery, { processName: 'celery' }, true], // argv[0]'s file name
    [celery, { processName: 'cel' }, false],
    [celery, { commandLine: /celery .*worker/ }, true],
    [celery, { commandLine: /-Q thumbnails/ }, false],
    [celery, { processName: 'celery', commandLine: /-Q resize/ }, true],
    [celery, { processName: 'gunicorn', commandLine: /-Q resize/ }, false],
    [longName, { processName: 'prometheus-node-exporter' }, true], // comm is cut at 15 characters
  ] as const)('%#: %o matches %o: %s', (process, matcher, expected) => {
    expect(matchesProcess(process, matcher)).toBe(expected);
  });
});
