import { relative } from 'node:path';
import { resolveConfigPath, resolveDataDir, resolveSourceId } from '../../core/config/config-paths.ts';
import { loadConfig, neededByRun, requireVariables } from '../../core/config/load-config.ts';
import { type Check, type Config, listSourceIds } from '../../core/model/index.ts';
import { createRedactor } from '../../core/redact/redact.ts';
import { collectOnce, listSourceChecks } from '../run/collect-once.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { createProgressReporter, formatSummaryLine } from './collect-progress.ts';
import { parseFlags } from './parse-flags.ts';

export const COLLECT_HELP = `Usage: vigil collect [--config FILE] [--data DIR] [--source NAME] [--only ID,…] [--dry-run] [--json] [--publish]

Probes this source's enabled checks and appends one line to data/snapshots/<source>/<day>.jsonl.
  --config FILE   config file (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR      data directory (default: data, or $VIGIL_DATA)
  --source NAME   which collector this is (default: $VIGIL_SOURCE, else the first of "sources", else "local")
  --only IDS      only these check ids, comma-separated
  --dry-run       probe and print, write nothing
  --json          print the run's snapshot line as JSON on stdout
  --publish       then commit and push this source's data (as publish.enabled does; see vigil publish)
Exit status: 0 the run completed (down targets are data), 1 invalid config or flags, 2 nothing could be written.`;

/** `vigil collect`: load config, probe, judge, append, trim. Returns the exit code. */
export async function collectCommand(args: string[]): Promise<number> {
  const flags = parseFlags('collect', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    source: { type: 'string' },
    only: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    publish: { type: 'boolean' },
  });
  if (flags.help) {
    process.stdout.write(`${COLLECT_HELP}\n`);
    return EXIT.ok;
  }
  const configPath = resolveConfigPath(flags.config);
  const dataDir = resolveDataDir(flags.data);
  const loaded = await loadConfig({ path: configPath, needs: () => false });
  const { config, secrets, interpolated } = loaded;
  const source = resolveSourceId(config, flags.source);
  const checks = selectChecks(config, source, flags.only);
  requireVariables(loaded, neededByRun(config, checks));
  const redact = createRedactor(secrets);

  const progress = createProgressReporter(process.stderr, checks.length);
  const outcome = await collectOnce({
    config,
    secrets,
    interpolated,
    dataDir,
    source,
    checks,
    dryRun: flags['dry-run'] ?? false,
    onCheckStart: progress.onCheckStart,
    onCheckDone: progress.onCheckDone,
  });
  progress.finish();
  if (outcome.status === 'not-written') {
    console.error(redact(`vigil collect: ${outcome.reason}`));
    return EXIT.notWritten;
  }
  const { line } = outcome;
  const written = outcome.status === 'written' ? displayPath(outcome.file) : 'nothing written (--dry-run)';
  if (flags.json) process.stdout.write(`${JSON.stringify(line, null, 2)}\n`);
  else console.log(formatSummaryLine(source, line.results, line.durationMs ?? 0, written));
  const publish = outcome.status === 'written' && (flags.publish || config.publish.enabled);
  if (publish) {
    // git and the publisher load only for a run that publishes.
    const { getPublishSettings, runPublish } = await import('./publish-command.ts');
    return runPublish(getPublishSettings(config, dataDir, source), flags.json ? console.error : console.log);
  }
  return EXIT.ok;
}

/** The checks this source runs: enabled, assigned to it, and named by --only when given. */
export function selectChecks(config: Config, source: string, only: string | undefined): Check[] {
  const knownSources = new Set(listSourceIds(config));
  if (!knownSources.has(source)) {
    throw new UsageError(
      `vigil collect: --source: unknown source "${source}"; known: ${[...knownSources].join(', ')}`,
    );
  }
  if (config.sources.find((s) => s.id === source)?.enabled === false) {
    throw new UsageError(
      `vigil collect: source "${source}" is disabled (enabled: false under sources); nothing written. Set enabled: true to collect it again.`,
    );
  }
  const mine = config.checks.filter((check) => check.source === source);
  if (only === undefined) return listSourceChecks(config, source);
  const wanted = only
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = wanted.filter((id) => !mine.some((check) => check.id === id));
  if (unknown.length > 0) {
    throw new UsageError(
      `vigil collect: --only: no check ${unknown.map((id) => `"${id}"`).join(', ')} for source "${source}"`,
    );
  }
  const disabled = mine.filter((check) => wanted.includes(check.id) && !check.enabled);
  if (disabled.length > 0) {
    throw new UsageError(
      `vigil collect: --only: check ${disabled.map((check) => `"${check.id}"`).join(', ')} is disabled (enabled: false); nothing written. Set enabled: true to collect it again.`,
    );
  }
  return mine.filter((check) => wanted.includes(check.id));
}

/** A path relative to the current directory when it lies below it, else absolute. */
function displayPath(file: string): string {
  const relativePath = relative(process.cwd(), file);
  return relativePath.startsWith('..') || relativePath === '' ? file : relativePath;
}
