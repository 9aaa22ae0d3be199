import { relative } from 'node:path';
import { buildSite, resolveBuildInputs } from './build-command.ts';
import { EXIT } from './cli-error.ts';
import { collectCommand } from './collect-command.ts';
import { parseFlags } from './parse-flags.ts';
import { PROJECT_ROOT } from './project-root.ts';

export const START_HELP = `Usage: vigil start [--config FILE] [--data DIR] [--out DIR] [--port N] [--host ADDR]

Collects once, builds the site and serves it (default http://localhost:4321/) until Ctrl-C.`;

/**
 * `npm start`: collect + build + preview, so a new user sees a real page within a minute. One line
 * per step (collecting, building, serving at URL) so the quiet seconds of the build never look like
 * a hang; Astro's own banner is left out.
 */
export async function startCommand(args: string[]): Promise<number> {
  const flags = parseFlags('start', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (flags.help) {
    process.stdout.write(`${START_HELP}\n`);
    return EXIT.ok;
  }
  const inputs = resolveBuildInputs(flags);
  const collectArgs = ['--config', inputs.configPath, '--data', inputs.dataDir];
  reportStep(`collecting once with ${relative(process.cwd(), inputs.configPath) || inputs.configPath}…`);
  const collected = await collectCommand(collectArgs);
  if (collected !== EXIT.ok) return collected;
  // The site must not promise updates: nothing collects again while this serves (src/data/config.ts).
  process.env.VIGIL_COLLECTS_ONCE = '1';
  reportStep(`building the site into ${relative(process.cwd(), inputs.outDir) || inputs.outDir}…`);
  const buildStartedMs = performance.now();
  await buildSite(inputs);
  reportStep(`built in ${((performance.now() - buildStartedMs) / 1000).toFixed(1)} s`);
  const { preview } = await import('astro');
  const port = Number(flags.port ?? process.env.PORT ?? 4321);
  const server = await preview({
    root: PROJECT_ROOT,
    outDir: inputs.outDir,
    logLevel: 'warn',
    server: { port, host: flags.host ?? 'localhost' },
  } as Parameters<typeof preview>[0]);
  reportStep(`serving at http://${flags.host ?? 'localhost'}:${server.port}/ (Ctrl-C to stop)`);
  await server.closed();
  return EXIT.ok;
}

function reportStep(text: string): void {
  console.log(`vigil start: ${text}`);
}
