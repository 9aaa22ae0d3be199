import { join, resolve } from 'node:path';
import { resolveConfigPath, resolveDataDir, resolveSourceId } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { loadConfig, neededByRun, requireVariables } from '../../core/config/load-config.ts';
import { mapFormerIds, renameStateChecks } from '../../core/history/former-ids.ts';
import { runsOn } from '../../core/model/check-places.ts';
import { findIntervalWarnings } from '../../core/model/check-schedule.ts';
import { type Check, type Config, formatDurationMs, listSourceIds } from '../../core/model/index.ts';
import { createRedactor } from '../../core/redact/redact.ts';
import { warnOnConsole } from '../../core/store/data-warning.ts';
import { readStateFile } from '../../core/store/state-file.ts';
import { collectOnce, listSourceChecks } from '../run/collect-once.ts';
import { type DueSelection, findLateRunWarnings, selectDueChecks } from '../run/select-due-checks.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { createProgressReporter, formatSummaryLine } from './collect-progress.ts';
import { parseFlags } from './parse-flags.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { requireDirectories } from './require-inputs.ts';

/** In the project's own node_modules, like Node's compile cache (vigil.js): the install's, not the data's. */
const CONFIG_CACHE_DIR = join(PROJECT_ROOT, 'node_modules/.cache/vigil-config');

export const COLLECT_HELP = `Usage: vigil collect [--config FILE] [--data DIR] [--source NAME] [--only ID,…] [--all] [--dry-run] [--json] [--publish] [--render [--out DIR]]

Probes this source's enabled checks that are due and appends one line to data/snapshots/<source>/<day>.jsonl.
A check with its own interval runs only when that interval has passed since its last run; a check
without one runs every time. When nothing is due, nothing is written.
  --config FILE   config file (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR      data directory (default: data, or $VIGIL_DATA)
  --source NAME   which collector this is (default: $VIGIL_SOURCE, else the first of "sources", else "local")
  --only IDS      only these check ids, comma-separated, due or not
  --all           every enabled check of the source, due or not
  --dry-run       probe and print, write nothing
  --json          print the run's snapshot line as JSON on stdout
  --publish       then commit and push this source's data (as publish.enabled does; see vigil publish)
  --render        then bring --out up to date: the data outputs (API, badges, metrics) rewritten in
                  milliseconds, or a full build when config, incidents, code or the day changed
  --out DIR       the output directory --render keeps (default: dist)
Exit status: 0 the run completed (down targets are data), 1 invalid config or flags, 2 nothing could be written
(or, with --render, the site could not be built).`;

/** `vigil collect`: load config, probe, judge, append, trim. Returns the exit code. */
export async function collectCommand(args: string[]): Promise<number> {
  const flags = parseFlags('collect', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    source: { type: 'string' },
    only: { type: 'string' },
    all: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    publish: { type: 'boolean' },
    render: { type: 'boolean' },
    out: { type: 'string' },
  });
  if (flags.help) {
    process.stdout.write(`${COLLECT_HELP}\n`);
    return EXIT.ok;
  }
  const configPath = resolveConfigPath(flags.config);
  const dataDir = resolveDataDir(flags.data);
  await requireDirectories(
    'collect',
    { data: dataDir, out: flags.render ? resolve(flags.out ?? 'dist') : undefined },
    { dataFolders: false },
  );
  // A cron run of an unchanged config skips the YAML parser (core/config/config-value-cache.ts).
  const loaded = await loadConfig({ path: configPath, needs: () => false, cacheDir: CONFIG_CACHE_DIR });
  const { config, secrets, interpolated } = loaded;
  const source = resolveSourceId(config, flags.source);
  if (flags.all && flags.only !== undefined) {
    throw new UsageError(
      'vigil collect: --all and --only: give one of them (--only runs the named checks, --all every check)',
    );
  }
  const selected = selectChecks(config, source, flags.only);
  for (const warning of findIntervalWarnings(config.checks, config.site, formatDurationMs, (check) =>
    selected.includes(check),
  ))
    console.error(`vigil collect: warning: ${warning}`);
  // --only and --all run what they name; otherwise checks with their own interval run when due.
  let selection: DueSelection = { due: selected, notDue: [], next: undefined };
  if (flags.only === undefined && !flags.all) {
    const state = await readSourceState(config, dataDir, source, selected);
    const nowMs = Date.now();
    selection = selectDueChecks(selected, state, config.site, nowMs);
    for (const warning of findLateRunWarnings(config.checks, selection.due, state, nowMs, formatDurationMs))
      console.error(`vigil collect: warning: ${warning}`);
  }
  const checks = selection.due;
  if (checks.length === 0 && selected.length > 0) {
    // Nothing due: no line, no state change; a cron job calling every minute stays quiet and clear.
    const next = selection.next;
    const nextText = next === undefined ? '' : `; next: ${next.id} in ${formatDurationMs(next.inMs)}`;
    if (flags.json) {
      const nextAt = next === undefined ? undefined : new Date(Date.now() + next.inMs).toISOString();
      process.stdout.write(
        `${JSON.stringify({ source, due: [], next: next && { ...next, at: nextAt } }, null, 2)}\n`,
      );
    } else console.log(`vigil collect: ${source}: nothing due${nextText}`);
    return EXIT.ok;
  }
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
  else {
    const next = selection.next;
    const notDueText =
      next === undefined
        ? ''
        : ` (${selection.notDue.length} not due; next: ${next.id} in ${formatDurationMs(next.inMs)})`;
    console.log(`${formatSummaryLine(source, line.results, line.durationMs ?? 0, written)}${notDueText}`);
  }
  if (outcome.status === 'written' && flags.render) {
    const { renderOutput } = await import('./render-output.ts');
    const rendered = await renderOutput(
      { configPath, dataDir, outDir: resolve(flags.out ?? 'dist') },
      flags.json ? console.error : console.log,
    );
    if (rendered !== EXIT.ok) return rendered;
  }
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
  const mine = config.checks.filter((check) => runsOn(check, source));
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

/**
 * The source's state as the due selection reads it: renamed checks keep their last run. Read only when
 * a check has its own interval (a config without any runs as it always did); a state that cannot be
 * read makes every check due, and the run itself reports the problem.
 */
async function readSourceState(config: Config, dataDir: string, source: string, checks: readonly Check[]) {
  if (!checks.some((check) => check.interval !== undefined)) return { checks: {} };
  try {
    const state = await readStateFile(dataDir, source, warnOnConsole(dataDir));
    return renameStateChecks(state, mapFormerIds(config.checks));
  } catch {
    return { checks: {} };
  }
}
