import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeProcess, processProbe } from '../../../../../collectors/probes/process/probe-process.ts';
import { ProcessCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

// A tag no other process on the machine carries, so the counts below are exact.
const TAG = `vigil-worker-${randomUUID()}`;
const workers: ChildProcess[] = [];

/** A real process on this machine: an idle Node started under a Celery-like argv[0] and arguments. */
function startWorker(queue: string): ChildProcess {
  const idle = 'setInterval(() => {}, 60_000)';
  const child = spawn(process.execPath, ['-e', idle, TAG, queue], {
    argv0: 'celery-worker',
    stdio: 'ignore',
  });
  workers.push(child);
  return child;
}

/** A real Python with `extra` idle threads besides its main one (Python starts no others of its own). */
async function startThreadedPython(extra: number): Promise<ChildProcess> {
  const script = [
    'import sys, threading, time',
    `ts = [threading.Thread(target=time.sleep, args=(600,), daemon=True) for _ in range(${extra})]`,
    'for t in ts: t.start()',
    "print('ready', flush=True)",
    'time.sleep(600)',
  ].join('\n');
  const child = spawn('python3', ['-c', script, TAG, 'threaded'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', () => resolve());
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  for (const queue of ['resize', 'resize', 'thumbnails']) startWorker(queue);
  // spawn returns before exec; wait (bounded) until /proc shows the new command lines.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const seen = await probe({ commandLine: TAG, min: 0 });
    if (seen.metrics?.count === 3) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the three test workers never showed up in /proc');
});
afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
});

const probe = (fields: Record<string, unknown>) =>
  processProbe.probe(
    ProcessCheckSchema.parse({ id: 'workers', type: 'process', ...fields }),
    makeProbeContext(),
  );

describe('process probe against real processes in /proc', () => {
  it('counts processes by command line and adds up their RSS', async () => {
    const observation = await probe({ commandLine: `${TAG} resize` });
    expect(observation).toMatchObject({
      status: 'up',
      message: expect.stringMatching(
        /^2 processes matching command line \/vigil-worker-[\w-]+ resize\/, [\d.]+ MiB RSS$/,
      ),
      metrics: { count: 2, rssBytes: expect.any(Number) },
      detail: {
        pids: workers
          .slice(0, 2)
          .map((w) => w.pid)
          .sort((a = 0, b = 0) => a - b),
      },
    });
    expect(observation.metrics?.rssBytes).toBeGreaterThan(0);
  });

  it('adds up virtual memory and threads, as ps reads them from /proc/<pid>/stat', async () => {
    const child = await startThreadedPython(4);
    try {
      const observation = await probe({ commandLine: `${TAG} threaded` });
      const ps = await execa('ps', ['-o', 'vsz=,nlwp=', '-p', String(child.pid)]);
      const [vszKib, threads] = ps.stdout.trim().split(/\s+/).map(Number);
      expect(observation).toMatchObject({
        status: 'up',
        metrics: { count: 1, threads: 5, vmsBytes: (vszKib ?? 0) * 1024 },
      });
      expect(threads).toBe(5);
      expect(observation.metrics?.vmsBytes).toBeGreaterThan(observation.metrics?.rssBytes ?? 0);
    } finally {
      await stopWorker(child);
    }
  });

  it('matches the program name (argv[0]) together with a pattern', async () => {
    const observation = await probe({ processName: 'celery-worker', commandLine: TAG });
    expect(observation.metrics?.count).toBe(3);
  });

  it('is down below min and degraded above max', async () => {
    expect(await probe({ commandLine: TAG, min: 4 })).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^3 processes matching .*; expected at least 4$/),
    });
    expect(await probe({ commandLine: TAG, max: 2 })).toMatchObject({
      status: 'degraded',
      message: expect.stringMatching(/; expected at most 2$/),
    });
  });

  it('never counts the collector itself, even when its own command line matches', async () => {
    const observation = await probe({ commandLine: 'vitest|node' });
    expect(observation.detail?.pids).not.toContain(process.pid);
  });

  it('is down with "no process matching" once the workers are stopped', async () => {
    await Promise.all(workers.map(stopWorker));
    expect(await probe({ commandLine: TAG })).toEqual({
      status: 'down',
      message: `no process matching command line /${TAG}/`,
      metrics: { count: 0, rssBytes: 0, vmsBytes: 0, threads: 0 },
      detail: { pids: [] },
    });
  });

  it('is down when /proc cannot be read', async () => {
    const check = ProcessCheckSchema.parse({ id: 'w', type: 'process', processName: 'x' });
    expect(await probeProcess(check, makeProbeContext(), '/nonexistent-proc')).toEqual({
      status: 'down',
      message:
        "cannot read /nonexistent-proc: ENOENT: no such file or directory, scandir '/nonexistent-proc'",
    });
  });
});

describe('process check config', () => {
  it.each([
    [{}, 'give processName, commandLine, or both'],
    [{ commandLine: '(' }, '"(" is not a valid regular expression: unterminated group'],
    [{ processName: 'x', min: 3, max: 2 }, 'max (2) is below min (3)'],
  ])('%j is rejected: %s', (fields, message) => {
    const result = ProcessCheckSchema.safeParse({ id: 'w', type: 'process', ...fields });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});
