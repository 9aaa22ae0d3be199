// Real Celery workers (Debian's python3-celery 5.2, with python3-redis) on a real redis-server broker
// (start-redis.ts): a tasks module written to a temp dir, workers started as `python3 -m celery
// worker` in their own process group, tasks sent with the app's own send_task.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { $ } from 'zx';
import type { RedisServer } from './start-redis.ts';

/** Debian's interpreter: python3-celery installs into it, not into a pyenv or venv python3 on PATH. */
export const CELERY_PYTHON = '/usr/bin/python3';
/** The check's `command` that runs this celery. */
export const CELERY_COMMAND = [CELERY_PYTHON, '-m', 'celery'];

const START_WAIT_MS = 60_000;

// `sleepy` holds a worker's only process (so `inspect active` shows it); `add` returns at once.
const TASKS_MODULE = `import time
from celery import Celery

app = Celery('tasks')
app.conf.worker_hijack_root_logger = False


@app.task
def sleepy(seconds):
    time.sleep(seconds)
    return seconds


@app.task
def add(x, y):
    return x + y
`;

/** Whether Debian's python3 can import celery and redis (python3-celery, python3-redis). */
export function hasCelery(): boolean {
  const probe = spawnSync(CELERY_PYTHON, ['-c', 'import celery, redis'], { stdio: 'ignore' });
  return probe.status === 0;
}

export interface CeleryWorkerProcess {
  /** The node name it answers as (`w1@vigil-test`). */
  name: string;
  /** Kills the worker and its pool processes at once (SIGKILL to its group): a worker that is gone. */
  kill: () => Promise<void>;
}

export interface CeleryApp {
  /** The directory holding tasks.py (the app `tasks`). */
  dir: string;
  /** The broker URL, with the redis password when it has one. */
  broker: string;
  startWorker: (name: string) => Promise<CeleryWorkerProcess>;
  /** Sends a task by name through the broker; `countdownSeconds` makes it scheduled. */
  sendTask: (task: string, args: unknown[], options?: { countdownSeconds?: number }) => Promise<void>;
  stop: () => Promise<void>;
}

export async function startCeleryApp(options: { redis: RedisServer; password?: string }): Promise<CeleryApp> {
  if (!hasCelery()) {
    throw new Error(
      `${CELERY_PYTHON} cannot import celery and redis: install the Debian packages python3-celery and python3-redis`,
    );
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-celery-'));
  await writeFile(path.join(dir, 'tasks.py'), TASKS_MODULE);
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const broker = `redis://${auth}127.0.0.1:${options.redis.port}/0`;
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    CELERY_BROKER_URL: broker,
    PYTHONPATH: dir,
  };
  const workers: ChildProcess[] = [];

  const startWorker = async (name: string): Promise<CeleryWorkerProcess> => {
    const worker = spawn(
      CELERY_PYTHON,
      // prefork with one process: the main process still answers control commands while the task runs.
      [
        '-m',
        'celery',
        '-A',
        'tasks',
        'worker',
        '-n',
        name,
        '--pool',
        'prefork',
        '--concurrency',
        '1',
        '-l',
        'info',
      ],
      { cwd: dir, env: { ...env, C_FORCE_ROOT: '1' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    workers.push(worker);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = `${output}${chunk.toString('utf8')}`.slice(-8000);
    };
    worker.stdout?.on('data', keep);
    worker.stderr?.on('data', keep);
    const kill = async () => {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      killGroup(worker);
      await exited;
    };
    for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
      if (output.includes(`${name} ready.`)) return { name, kill };
      if (worker.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await kill();
    throw new Error(
      `celery worker ${name} did not become ready (exit ${worker.exitCode ?? 'none'}); it said:\n${output}`,
    );
  };

  const sendTask: CeleryApp['sendTask'] = async (task, args, sendOptions = {}) => {
    const countdown =
      sendOptions.countdownSeconds === undefined ? '' : `, countdown=${sendOptions.countdownSeconds}`;
    const script = `import json, sys\nfrom tasks import app\napp.send_task(${JSON.stringify(task)}, args=json.loads(sys.argv[1])${countdown})\n`;
    await $({
      cwd: dir,
      env,
      quiet: true,
      timeout: '30s',
    })`${CELERY_PYTHON} -c ${script} ${JSON.stringify(args)}`;
  };

  return {
    dir,
    broker,
    startWorker,
    sendTask,
    stop: async () => {
      for (const worker of workers) killGroup(worker);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
