import { resolve } from 'node:path';
import { resolveConfigPath, resolveDataDir, resolveSourceId } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { loadConfig, neededByRun, requireVariables } from '../../core/config/load-config.ts';
import { countNoun } from '../../core/count-noun.ts';
import { findIntervalWarnings, getCheckIntervalMs } from '../../core/model/check-schedule.ts';
import { type Check, type Config, formatDurationMs, parseDurationMs } from '../../core/model/index.ts';
import { PortInUseError, type StaticServer, startStaticServer } from '../serve/static-server.ts';
import { startWatch, type Watch } from '../watch/run-watch.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { selectChecks } from './collect-command.ts';
import { parseFlags } from './parse-flags.ts';
import { requireDirectories, requireValidIncidents } from './require-inputs.ts';

export const WATCH_HELP = `Usage: vigil watch [--config FILE] [--data DIR] [--out DIR] [--port N] [--host ADDR] [--publish-every DURATION] [--source NAME] [--collect-only]

Runs this source's checks, each on its own interval (its "interval", else site.interval), until
stopped (SIGTERM or Ctrl-C: the runs in flight finish and are written first). Checks due together
run as one line. After each run the data outputs in --out (API, badges, metrics, the data pages
refresh from) are rewritten in place; a full build runs as a child process when config, incidents,
code or the day changed (the data outputs stay current while it runs). One line per run on stdout, warnings on stderr.
  --config FILE            config file (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR               data directory (default: data, or $VIGIL_DATA)
  --out DIR                output directory kept current (default: dist)
  --collect-only           keep no output directory (a collector host that only publishes)
  --port N                 also serve --out at http://HOST:N/ (a taken port is an error)
  --host ADDR              address to serve on (default: 127.0.0.1, this machine only)
  --publish-every DURATION commit and push this source's data this often, e.g. 5m
                           (default: site.interval when publish.enabled, else never)
  --source NAME            which collector this is (default: $VIGIL_SOURCE, else the first of "sources", else "local")
Exit status: 0 stopped by a signal, 1 invalid config or flags (a taken --port), 2 another collector of this source is running.`;

const WATCH_FLAGS = {
  config: { type: 'string' },
  data: { type: 'string' },
  out: { type: 'string' },
  'collect-only': { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  'publish-every': { type: 'string' },
  source: { type: 'string' },
} as const;

/** `vigil watch`: collect on the checks' intervals, keep the output current, serve it with --port. */
export async function watchCommand(args: string[]): Promise<number> {
  const flags = parseFlags('watch', args, WATCH_FLAGS);
  if (flags.help) {
    process.stdout.write(`${WATCH_HELP}\n`);
    return EXIT.ok;
  }
  const port = flags.port === undefined ? undefined : parsePort('watch', flags.port);
  const prepared = await prepareWatch('watch', flags);
  const { config } = prepared;
  const publishEveryMs = parsePublishEvery(flags['publish-every'], config);
  const outDir = flags['collect-only'] ? undefined : prepared.outDir;
  if (port !== undefined && outDir === undefined) {
    throw new UsageError(
      'vigil watch: --port serves the output directory, which --collect-only turns off; give one of them',
    );
  }
  // A site that cannot be built is refused before anything runs (later edits are reported as it goes).
  if (outDir !== undefined) await requireValidIncidents(prepared.dataDir, config);
  let server: StaticServer | undefined;
  if (port !== undefined && outDir !== undefined) {
    server = await serveOutput('watch', outDir, config, port, flags.host, false);
  }
  const signalled = waitForStopSignal();
  const watch = await startWatch({
    ...prepared,
    outDir,
    publishEveryMs,
    print: console.log,
    warn: console.error,
  });
  if ('reason' in watch) {
    await server?.close();
    console.error(`vigil watch: ${watch.reason}`);
    return EXIT.notWritten;
  }
  console.log(describeStart(prepared, outDir, server, publishEveryMs));
  return stopOnSignal('watch', watch, server, signalled);
}

export interface PreparedWatch {
  config: Config;
  configPath: string;
  secrets: string[];
  interpolated: Awaited<ReturnType<typeof loadConfig>>['interpolated'];
  dataDir: string;
  outDir: string;
  source: string;
  checks: Check[];
}

/** Loads the config and picks the source's checks, as `vigil collect` would, with its warnings. */
export async function prepareWatch(
  command: string,
  flags: {
    config?: string | undefined;
    data?: string | undefined;
    out?: string | undefined;
    source?: string | undefined;
    'collect-only'?: boolean | undefined;
  },
): Promise<PreparedWatch> {
  const configPath = resolveConfigPath(flags.config);
  const dataDir = resolveDataDir(flags.data);
  const outDir = resolve(flags.out ?? 'dist');
  // --collect-only writes no output: its --out (or the default dist/) is not looked at.
  await requireDirectories(command, { data: dataDir, out: flags['collect-only'] ? undefined : outDir });
  const loaded = await loadConfig({ path: configPath, needs: () => false });
  const { config, secrets, interpolated } = loaded;
  const source = resolveSourceId(config, flags.source);
  const checks = selectChecks(config, source, undefined);
  if (checks.length === 0) {
    throw new UsageError(
      `vigil ${command}: source "${source}" has no enabled checks in ${displayPath(configPath)}; add checks (or give --source)`,
    );
  }
  requireVariables(loaded, neededByRun(config, checks));
  // Named by their place in the config's list; only this source's checks are looked at.
  for (const warning of findIntervalWarnings(config.checks, config.site, formatDurationMs, (check) =>
    checks.includes(check),
  ))
    console.error(`vigil ${command}: warning: ${warning}`);
  return {
    config,
    configPath,
    secrets,
    interpolated,
    dataDir,
    outDir,
    source,
    checks,
  };
}

/** Serves the output directory; a taken port is the user's to fix (exit 1) unless `findFreePort`. */
export async function serveOutput(
  command: string,
  outDir: string,
  config: Config,
  port: number,
  host: string | undefined,
  findFreePort: boolean,
): Promise<StaticServer> {
  try {
    return await startStaticServer({
      rootDir: outDir,
      basePath: config.site.base,
      port,
      findFreePort,
      ...(host !== undefined && { host }),
    });
  } catch (error) {
    if (error instanceof PortInUseError)
      throw new UsageError(
        `vigil ${command}: --port ${port}: ${error.message}; stop what uses it or pick another port (--port 0 picks a free one)`,
      );
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
      throw new UsageError(`vigil ${command}: cannot serve on ${host ?? '127.0.0.1'}:${port}: ${code}`);
    throw error;
  }
}

/** Settles with the first SIGTERM or SIGINT (systemd's stop, Ctrl-C) from now on. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/**
 * Runs until SIGTERM or SIGINT, then stops the watch cleanly: the runs in flight finish and are
 * written, the lock is released, exit 0. A second signal exits at once.
 */
export async function stopOnSignal(
  command: string,
  watch: Watch,
  server: StaticServer | undefined,
  signalled: Promise<NodeJS.Signals> = waitForStopSignal(),
): Promise<number> {
  const signal = await signalled;
  const now = () => {
    console.error(`vigil ${command}: second signal: exiting without waiting for the runs in flight`);
    process.exit(130);
  };
  process.once('SIGTERM', now);
  process.once('SIGINT', now);
  console.log(`vigil ${command}: ${signal}: stopping after the runs in flight`);
  await watch.stop();
  await server?.close();
  console.log(`vigil ${command}: stopped`);
  return EXIT.ok;
}

export function parsePort(command: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`vigil ${command}: --port: expected a port number from 0 to 65535, got "${text}"`);
  return port;
}

function parsePublishEvery(text: string | undefined, config: Config): number | undefined {
  if (text === undefined) return config.publish.enabled ? config.site.interval : undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms < 10_000)
    throw new UsageError(
      `vigil watch: --publish-every: expected a duration of at least 10s like "5m", got "${text}"`,
    );
  return ms;
}

function describeStart(
  prepared: PreparedWatch,
  outDir: string | undefined,
  server: StaticServer | undefined,
  publishEveryMs: number | undefined,
): string {
  const byInterval = new Map<number, number>();
  for (const check of prepared.checks) {
    const intervalMs = getCheckIntervalMs(check, prepared.config.site);
    byInterval.set(intervalMs, (byInterval.get(intervalMs) ?? 0) + 1);
  }
  const intervals = [...byInterval]
    .sort(([a], [b]) => a - b)
    .map(([ms, n]) => `${n} every ${formatDurationMs(ms)}`)
    .join(', ');
  const parts = [
    `vigil watch: ${prepared.source}: ${countNoun(prepared.checks.length, 'check')} (${intervals})`,
  ];
  parts.push(outDir === undefined ? 'no output directory' : `output ${displayPath(outDir)}`);
  if (server) parts.push(`serving at ${server.url}`);
  if (publishEveryMs !== undefined) parts.push(`publishing every ${formatDurationMs(publishEveryMs)}`);
  return parts.join('; ');
}
