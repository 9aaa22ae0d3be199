import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatDurationMs } from '../../core/model/index.ts';
import type { DataRenderer } from '../render/render-data-outputs.ts';
import { createThreadedRenderer } from './threaded-renderer.ts';

const VIGIL_JS = fileURLToPath(new URL('../cli/vigil.js', import.meta.url));

/** A failed full build is tried again after this, doubling up to MAX_BUILD_RETRY_MS. */
const FIRST_BUILD_RETRY_MS = 60_000;
const MAX_BUILD_RETRY_MS = 10 * 60_000;

export interface OutputKeeperOptions {
  configPath: string;
  dataDir: string;
  outDir: string;
  /** Progress lines (stdout). */
  print: (line: string) => void;
  /** Problems (stderr). */
  warn: (line: string) => void;
  /** Extra environment for the build (VIGIL_COLLECTS_ONCE stays unset: the page polls). */
  env?: NodeJS.ProcessEnv;
}

/** What a refresh of the output did, for the run's log line. */
export type RefreshReport =
  | { kind: 'rendered'; ms: number; written: number }
  | { kind: 'build-started' }
  | { kind: 'build-running' }
  | { kind: 'build-waiting'; retryInMs: number }
  | { kind: 'failed'; reason: string };

export interface OutputKeeper {
  /** Brings the data outputs up to date (a render, or a full build when one is needed). */
  refresh(): Promise<RefreshReport>;
  /** A full build now (or the one running): true when it succeeded. */
  buildNow(): Promise<boolean>;
  /** The last lines the last failed build printed. */
  describeLastFailure(): string;
  stop(): Promise<void>;
}

/**
 * Keeps the output directory current for `vigil watch`: after each run the data outputs are
 * rendered in place (render-data-outputs.ts); when that needs a full build (config, incidents, code
 * or the day changed), one `vigil build` runs as a child process — never two at once, so a slow build
 * never holds up the runs — and the outputs are rendered again after it. A failed build is logged and
 * tried again later; it never ends the watch.
 */
export function createOutputKeeper(options: OutputKeeperOptions): OutputKeeper {
  // Started at the first render, in a worker thread: a watch without an output directory never
  // loads the site's data code, and a render never holds up the runs.
  let renderer: DataRenderer | undefined;
  const getRenderer = () => {
    renderer ??= createThreadedRenderer({
      configPath: options.configPath,
      dataDir: options.dataDir,
      outDir: options.outDir,
    });
    return renderer;
  };
  let build: ChildProcess | undefined;
  let building: Promise<void> = Promise.resolve();
  let retryAtMs = 0;
  let retryDelayMs = FIRST_BUILD_RETRY_MS;
  let rendering: Promise<RefreshReport> | undefined;
  let queued: Promise<RefreshReport> | undefined;
  let isStopped = false;
  let isLastBuildOk = false;
  let lastFailure = '';
  /** A build succeeded and no render has run since. */
  let isFreshBuild = false;

  const startBuild = (): RefreshReport => {
    if (build !== undefined) return { kind: 'build-running' };
    const nowMs = Date.now();
    if (nowMs < retryAtMs) return { kind: 'build-waiting', retryInMs: retryAtMs - nowMs };
    const startedMs = performance.now();
    const child = spawn(
      process.execPath,
      [VIGIL_JS, 'build', '--config', options.configPath, '--data', options.dataDir, '--out', options.outDir],
      { stdio: ['ignore', 'pipe', 'pipe'], env: getBuildEnv(options.env) },
    );
    build = child;
    let output = '';
    const keep = (chunk: Buffer) => {
      output = `${output}${chunk.toString('utf8')}`.slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    building = new Promise<void>((resolve) => {
      const settle = (code: number | null, reason?: string) => {
        build = undefined;
        isLastBuildOk = code === 0;
        isFreshBuild = code === 0;
        if (code === 0) {
          retryDelayMs = FIRST_BUILD_RETRY_MS;
          options.print(`vigil watch: full build done in ${formatDurationMs(performance.now() - startedMs)}`);
          // What changed while it built is rendered now, over the new pages.
          if (!isStopped) void refresh();
        } else if (!isStopped) {
          retryAtMs = Date.now() + retryDelayMs;
          lastFailure = lastLines(output);
          options.warn(
            `vigil watch: warning: the full build failed (${reason ?? `exit code ${code}`}); the site stays as it was, next try in ${formatDurationMs(retryDelayMs)}: ${lastLines(output)}`,
          );
          retryDelayMs = Math.min(retryDelayMs * 2, MAX_BUILD_RETRY_MS);
        }
        resolve();
      };
      child.once('error', (error) => settle(null, error.message));
      child.once('exit', (code, signal) => settle(code, signal === null ? undefined : `killed by ${signal}`));
    });
    return { kind: 'build-started' };
  };

  const renderOnce = async (): Promise<RefreshReport> => {
    try {
      const outcome = await getRenderer().render();
      if (outcome.status === 'rendered') {
        // A new day or a changed config: the pages need a build, and the data outputs stay current
        // while it runs (or waits after a failure).
        if (outcome.needsBuild !== undefined && !isFreshBuild) startBuild();
        isFreshBuild = false;
        return { kind: 'rendered', ms: outcome.ms, written: outcome.written.length };
      }
      // A build that just succeeded and still leaves a build needed would loop: wait as after a failure.
      if (isFreshBuild && build === undefined) {
        isFreshBuild = false;
        retryAtMs = Date.now() + retryDelayMs;
        options.warn(
          `vigil watch: warning: a full build finished, but the output still needs one (${outcome.reason}); next try in ${formatDurationMs(retryDelayMs)}`,
        );
        retryDelayMs = Math.min(retryDelayMs * 2, MAX_BUILD_RETRY_MS);
      }
      return startBuild();
    } catch (error) {
      return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
  };

  // One render at a time; runs that end during one share the next, which starts after it.
  const refresh = (): Promise<RefreshReport> => {
    if (isStopped) return Promise.resolve({ kind: 'failed', reason: 'the watch is stopping' });
    if (rendering === undefined) {
      rendering = renderOnce().finally(() => {
        rendering = undefined;
      });
      return rendering;
    }
    queued ??= rendering.then(() => {
      queued = undefined;
      return refresh();
    });
    return queued;
  };

  return {
    refresh,
    describeLastFailure: () => lastFailure,
    async buildNow() {
      if (build === undefined) {
        retryAtMs = 0;
        startBuild();
      }
      await building;
      return isLastBuildOk;
    },
    async stop() {
      isStopped = true;
      // A build is no run: cut it (it builds into a staging folder, so the site stays whole); a render
      // in its worker too (each output file is replaced whole, so none is left half written).
      build?.kill('SIGTERM');
      renderer?.close();
      await building;
      await rendering;
    },
  };
}

// The watch's site polls: VIGIL_COLLECTS_ONCE (vigil start --once) must not reach its builds.
function getBuildEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.VIGIL_COLLECTS_ONCE;
  return env;
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ') || 'no output';
}
