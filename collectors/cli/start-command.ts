import { buildSite, resolveBuildInputs } from './build-command.ts';
import { EXIT } from './cli-error.ts';
import { collectCommand } from './collect-command.ts';
import { parseFlags } from './parse-flags.ts';
import { PROJECT_ROOT } from './project-root.ts';

export const START_HELP = `Usage: vigil start [--config FILE] [--data DIR] [--out DIR] [--port N] [--host ADDR]

Collects once, builds the site and serves it (default http://localhost:4321/) until Ctrl-C.`;

/** `npm start`: collect + build + preview, so a new user sees a real page within a minute. */
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
  const collected = await collectCommand(collectArgs);
  if (collected !== EXIT.ok) return collected;
  await buildSite(inputs);
  const { preview } = await import('astro');
  const port = Number(flags.port ?? process.env.PORT ?? 4321);
  const server = await preview({
    root: PROJECT_ROOT,
    outDir: inputs.outDir,
    logLevel: 'info',
    server: { port, host: flags.host ?? 'localhost' },
  } as Parameters<typeof preview>[0]);
  console.log(`vigil start: serving ${inputs.outDir} on http://localhost:${port}/ (Ctrl-C to stop)`);
  await server.closed();
  return EXIT.ok;
}
