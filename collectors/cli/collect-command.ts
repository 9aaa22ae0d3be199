import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../../core/config/load-config.ts';
import type { Check, Config, SnapshotLine, StateFile } from '../../core/model/index.ts';
import { createRedactor, redactDeep } from '../../core/redact/redact.ts';
import { type DataWarning, formatDataWarning } from '../../core/store/data-warning.ts';
import { readStateFile, writeStateFile } from '../../core/store/state-file.ts';
import { runAutoDrafts } from '../incidents/auto-draft.ts';
import { notifyIncidentChanges } from '../notify/notify-incident-changes.ts';
import { notifyStatusChanges } from '../notify/notify-status-changes.ts';
import { PROBES } from '../probes/registry.ts';
import { getPublishSettings, runPublish } from '../publish/publish-command.ts';
import { runChecks } from '../run/run-checks.ts';
import { appendSnapshot } from '../store/append-snapshot.ts';
import { enforceRetention } from '../store/retention.ts';
import { runCommand } from '../transport/run-command.ts';
import { describeAgent } from '../util/agent-info.ts';
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
  const configPath = resolve(flags.config ?? process.env.VIGIL_CONFIG ?? 'status.config.yaml');
  const dataDir = resolve(flags.data ?? process.env.VIGIL_DATA ?? 'data');
  const { config, secrets } = await loadConfig({ path: configPath });
  const source = flags.source ?? process.env.VIGIL_SOURCE ?? config.sources[0]?.id ?? 'local';
  const checks = selectChecks(config, source, flags.only);
  const redact = createRedactor(secrets);

  const startedAt = new Date();
  const progress = createProgressReporter(process.stderr, checks.length);
  const onWarning = (warning: DataWarning) => console.warn(redact(formatDataWarning(warning, dataDir)));
  let state: StateFile;
  try {
    if (!flags['dry-run']) await prepareDataDir(dataDir, source);
    state = await readStateFile(dataDir, source, onWarning);
  } catch (error) {
    console.error(redact(`vigil collect: could not write to ${dataDir}: ${describeError(error)}`));
    return EXIT.notWritten;
  }
  const outcome = await runChecks({
    checks,
    state,
    probes: PROBES,
    concurrency: config.collect.concurrency,
    deadlineMs: config.collect.deadline,
    failuresBeforeDown: config.collect.failuresBeforeDown,
    now: () => new Date(),
    run: runCommand,
    onCheckStart: progress.onCheckStart,
    onCheckDone: (check, result) => progress.onCheckDone(check, redactDeep(result, redact)),
  });
  progress.finish();
  const durationMs = Date.now() - startedAt.getTime();
  const line: SnapshotLine = redactDeep(
    {
      v: 1,
      t: startedAt.toISOString(),
      source,
      agent: describeAgent(),
      durationMs,
      results: outcome.results,
    },
    redact,
  );

  let written = 'nothing written (--dry-run)';
  if (!flags['dry-run']) {
    try {
      const file = await appendSnapshot(dataDir, line);
      await writeStateFile(dataDir, source, redactDeep(outcome.state, redact));
      written = displayPath(file);
    } catch (error) {
      console.error(redact(`vigil collect: could not write to ${dataDir}: ${describeError(error)}`));
      return EXIT.notWritten;
    }
    await trimHistory(dataDir, source, config, startedAt, redact, onWarning);
    await notifyStatusChanges(config, checks, state, line, (text) => console.warn(redact(text)));
    const notifyLog = (text: string) => console.warn(redact(text));
    await notifyIncidentChanges({ dataDir, config, source, now: startedAt, log: notifyLog, onWarning });
    const drafts = { dataDir, config, checks, results: line.results, state: outcome.state, now: startedAt };
    await runAutoDrafts(drafts, redact);
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(line, null, 2)}\n`);
  else console.log(formatSummaryLine(source, line.results, durationMs, written));
  const publish = !flags['dry-run'] && (flags.publish || config.publish.enabled);
  if (publish)
    return runPublish(getPublishSettings(config, dataDir, source), flags.json ? console.error : console.log);
  return EXIT.ok;
}

/** The checks this source runs: enabled, assigned to it, and named by --only when given. */
export function selectChecks(config: Config, source: string, only: string | undefined): Check[] {
  const defaultSource = config.sources[0]?.id ?? 'local';
  const knownSources = new Set([defaultSource, ...config.sources.map((s) => s.id)]);
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
  const mine = config.checks.filter((check) => (check.source ?? defaultSource) === source);
  if (only === undefined) return mine.filter((check) => check.enabled);
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

// Retention trouble must not lose the run just written, so it is reported, not thrown.
async function trimHistory(
  dataDir: string,
  source: string,
  config: Config,
  now: Date,
  redact: (t: string) => string,
  onWarning: (warning: DataWarning) => void,
) {
  try {
    await enforceRetention(dataDir, source, {
      now,
      retentionDays: config.site.retentionDays,
      rollupRetentionDays: config.site.rollupRetentionDays,
      maxGapMs: config.site.staleAfter ?? 3 * config.site.interval,
      onWarning,
    });
  } catch (error) {
    console.warn(redact(`vigil collect: warning: retention not applied: ${describeError(error)}`));
  }
}

/** A path relative to the current directory when it lies below it, else absolute. */
function displayPath(file: string): string {
  const relativePath = relative(process.cwd(), file);
  return relativePath.startsWith('..') || relativePath === '' ? file : relativePath;
}

/** Fails before any probing when the data directory cannot take this run's files. */
async function prepareDataDir(dataDir: string, source: string): Promise<void> {
  for (const folder of [join(dataDir, 'snapshots', source), join(dataDir, 'state')]) {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
