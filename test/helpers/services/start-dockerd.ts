// Starts a real Docker Engine (Debian's docker.io) in a temp dir, as root, with no bridge network
// and no iptables rules, so it touches nothing outside its own data root, exec root and socket.
// The only image is a busybox rootfs made into an image by `docker import`: no registry needed.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { $, type ProcessOutput } from 'zx';

export const TEST_IMAGE = 'vigil-busybox:test';
const BUSYBOX = '/bin/busybox';
const APPLETS = ['sh', 'sleep', 'true', 'false', 'echo', 'cat', 'test', 'ls'];
const START_WAIT_MS = 60_000;
const STOP_WAIT_MS = 30_000;

export interface DockerEngine {
  dir: string;
  socketPath: string;
  /** `unix://…`, for DOCKER_HOST. */
  host: string;
  /** Runs the docker CLI against this engine; never throws. */
  docker: (...args: string[]) => Promise<ProcessOutput>;
  /** Runs docker-compose (v1) in `cwd` against this engine; never throws. */
  compose: (cwd: string, ...args: string[]) => Promise<ProcessOutput>;
  /** Where dockerd writes its log, to quote when something fails. */
  logFile: string;
  stop: () => Promise<void>;
}

/** Why a Docker Engine cannot start on this machine, or undefined when it can. */
export function whyDockerCannotRun(): string | undefined {
  if (process.getuid?.() !== 0) return 'dockerd must run as root';
  for (const binary of ['/usr/sbin/dockerd', BUSYBOX]) {
    if (!existsSync(binary))
      return `${binary} is missing: install the Debian packages docker.io and busybox-static`;
  }
  return undefined;
}

export async function startDockerd(): Promise<DockerEngine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-dockerd-'));
  const socketPath = path.join(dir, 'docker.sock');
  const logFile = path.join(dir, 'dockerd.log');
  const host = `unix://${socketPath}`;
  const env = { ...process.env, DOCKER_HOST: host, LC_ALL: 'C', DOCKER_CONFIG: path.join(dir, 'client') };
  const sh = $({ env, quiet: true, nothrow: true, timeout: '60s' });
  const log = openSync(logFile, 'a');
  const daemon = spawn(
    'dockerd',
    [
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
      `--data-root=${path.join(dir, 'data')}`,
      `--exec-root=${path.join(dir, 'exec')}`,
      `--pidfile=${path.join(dir, 'dockerd.pid')}`,
      `--host=${host}`,
    ],
    { stdio: ['ignore', log, log] },
  );
  const engine: DockerEngine = {
    dir,
    socketPath,
    host,
    logFile,
    docker: (...args) => sh`docker ${args}`,
    compose: (cwd, ...args) => sh({ cwd })`docker-compose ${args}`,
    stop: () => stopEngine(daemon, engine, dir),
  };
  try {
    await waitForEngine(daemon, engine);
    await importBusyboxImage(engine, dir);
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

async function waitForEngine(daemon: ChildProcess, engine: DockerEngine): Promise<void> {
  for (const deadline = Date.now() + START_WAIT_MS; Date.now() < deadline; ) {
    if (daemon.exitCode !== null) break;
    if ((await engine.docker('version', '--format', '{{.Server.Version}}')).exitCode === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const tail = (await $({ quiet: true, nothrow: true })`tail -n 20 ${engine.logFile}`).stdout;
  throw new Error(`dockerd did not start (exit ${daemon.exitCode ?? 'none yet'}); its log ends:\n${tail}`);
}

// A rootfs of one static busybox and its applet links is enough for sleep, sh and health checks.
async function importBusyboxImage(engine: DockerEngine, dir: string): Promise<void> {
  const rootfs = path.join(dir, 'rootfs');
  await mkdir(path.join(rootfs, 'bin'), { recursive: true });
  await mkdir(path.join(rootfs, 'tmp'));
  await $({ quiet: true })`cp ${BUSYBOX} ${path.join(rootfs, 'bin', 'busybox')}`;
  await Promise.all(APPLETS.map((applet) => symlink('busybox', path.join(rootfs, 'bin', applet))));
  await chmod(path.join(rootfs, 'tmp'), 0o1777);
  const tarball = path.join(dir, 'rootfs.tar');
  await $({ quiet: true })`tar -C ${rootfs} -cf ${tarball} .`;
  const imported = await engine.docker('import', tarball, TEST_IMAGE);
  if (imported.exitCode !== 0) throw new Error(`docker import failed: ${imported.stderr.trim()}`);
}

async function stopEngine(daemon: ChildProcess, engine: DockerEngine, dir: string): Promise<void> {
  if (daemon.exitCode === null) {
    // Removing the containers first spares dockerd's shutdown its 10 s wait on each busybox PID 1.
    const ids = (await engine.docker('ps', '-aq')).stdout.split('\n').filter((id) => id !== '');
    if (ids.length > 0) await engine.docker('rm', '-f', ...ids);
    const exited = new Promise((resolve) => daemon.once('exit', resolve));
    daemon.kill('SIGTERM');
    const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_WAIT_MS);
    await exited;
    clearTimeout(timer);
  }
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Writes a docker-compose v1 project (no networks: the engine has no bridge) into `dir`. */
export async function writeComposeProject(dir: string, yaml: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'docker-compose.yml'), yaml);
  return dir;
}
