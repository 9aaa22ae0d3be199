import { resolveConfigPath } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { isShippedDefaultConfig } from '../init/shipped-default.ts';
import { startWatch } from '../watch/run-watch.ts';
import { buildSite, resolveBuildInputs } from './build-command.ts';
import { EXIT } from './cli-error.ts';
import { collectCommand } from './collect-command.ts';
import { parseFlags } from './parse-flags.ts';
import { requireDirectories, requireValidIncidents } from './require-inputs.ts';
import { parsePort, prepareWatch, serveOutput, stopOnSignal, waitForStopSignal } from './watch-command.ts';

export const START_HELP = `Usage: vigil start [--config FILE] [--data DIR] [--out DIR] [--port N] [--host ADDR] [--once]

Collects, builds the site and serves it (default http://127.0.0.1:4321/, the next free port when
that one is taken), then keeps collecting on the checks' intervals and updates the served site in
place after each run, until Ctrl-C: vigil watch with a first build before serving.
  --config FILE   config file (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR      data directory (default: data, or $VIGIL_DATA)
  --out DIR       output directory (default: dist)
  --port N        port to serve on (default: $PORT, else 4321)
  --host ADDR     address to serve on (default: 127.0.0.1, this machine only)
  --once          collect once, build and serve what that run saw; the page does not poll`;

/**
 * `npm start`: collect + build + serve, so a new user sees a real page within a minute, and then a
 * page that changes while they watch it. One line per step (collecting, building, serving at URL)
 * and then one per run, so the quiet seconds of the build never look like a hang.
 */
export async function startCommand(args: string[]): Promise<number> {
  const flags = parseFlags('start', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    once: { type: 'boolean' },
  });
  if (flags.help) {
    process.stdout.write(`${START_HELP}\n`);
    return EXIT.ok;
  }
  const port = parsePort('start', flags.port ?? process.env.PORT ?? '4321');
  await suggestInit(flags.config);
  return flags.once ? startOnce(flags, port) : startLive(flags, port);
}

type StartFlags = { config?: string; data?: string; out?: string; host?: string };

async function startLive(flags: StartFlags, port: number): Promise<number> {
  const prepared = await prepareWatch('start', flags);
  await requireValidIncidents(prepared.dataDir, prepared.config);
  reportStep(`collecting with ${displayPath(prepared.configPath)}…`);
  const watch = await startWatch({
    ...prepared,
    runAllFirst: true,
    print: console.log,
    warn: console.error,
  });
  if ('reason' in watch) {
    console.error(`vigil start: ${watch.reason}`);
    return EXIT.notWritten;
  }
  // Ctrl-C while it collects or builds stops it as cleanly as later on.
  const signalled = waitForStopSignal();
  const stopped = signalled.then(() => 'signal' as const);
  const output = watch.output;
  const stopNow = () => stopOnSignal('start', watch, undefined, signalled);
  if ((await Promise.race([watch.firstRun, stopped])) === 'signal') return stopNow();
  reportStep(`building the site into ${displayPath(prepared.outDir)}…`);
  const buildStartedMs = performance.now();
  const built = await Promise.race([output?.buildNow() ?? Promise.resolve(false), stopped]);
  if (built === 'signal') return stopNow();
  if (!built) {
    console.error(`vigil start: the build failed: ${output?.describeLastFailure()}`);
    await watch.stop();
    return EXIT.notWritten;
  }
  reportStep(`built in ${formatSeconds(performance.now() - buildStartedMs)}`);
  const server = await serveOutput('start', prepared.outDir, prepared.config, port, flags.host, true).catch(
    async (error: unknown) => {
      await watch.stop();
      throw error;
    },
  );
  reportStep(`serving at ${server.url} (Ctrl-C to stop); collecting on the checks' intervals`);
  return stopOnSignal('start', watch, server, signalled);
}

/** Today's `vigil start` before live mode: one collection, one build, a page that does not poll. */
async function startOnce(flags: StartFlags, port: number): Promise<number> {
  const inputs = resolveBuildInputs(flags);
  await requireDirectories('start', { data: inputs.dataDir, out: inputs.outDir });
  const collectArgs = ['--config', inputs.configPath, '--data', inputs.dataDir, '--all'];
  reportStep(`collecting once with ${displayPath(inputs.configPath)}…`);
  const collected = await collectCommand(collectArgs);
  if (collected !== EXIT.ok) return collected;
  // The site must not promise updates: nothing collects again while this serves (src/data/config.ts).
  process.env.VIGIL_COLLECTS_ONCE = '1';
  reportStep(`building the site into ${displayPath(inputs.outDir)}…`);
  const buildStartedMs = performance.now();
  await buildSite(inputs);
  reportStep(`built in ${formatSeconds(performance.now() - buildStartedMs)}`);
  const { loadConfig, neededBySite } = await import('../../core/config/load-config.ts');
  const { config } = await loadConfig({ path: inputs.configPath, needs: neededBySite });
  const server = await serveOutput('start', inputs.outDir, config, port, flags.host, true);
  reportStep(`serving at ${server.url} (Ctrl-C to stop)`);
  await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.close();
  return EXIT.ok;
}

/** On a terminal, while the config is still the shipped default: one line pointing at `vigil init`. */
async function suggestInit(configFlag: string | undefined): Promise<void> {
  if (process.stdout.isTTY !== true) return;
  const configPath = resolveConfigPath(configFlag);
  if (!(await isShippedDefaultConfig(configPath))) return;
  reportStep(
    `${displayPath(configPath)} is still the shipped default; \`npx vigil init\` writes one that watches what this machine runs`,
  );
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function reportStep(text: string): void {
  console.log(`vigil start: ${text}`);
}
