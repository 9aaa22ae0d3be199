import { existsSync } from 'node:fs';

import { resolveConfigPath, resolveDataDir, resolveSourceId } from '../../core/config/config-paths.ts';
import { loadConfig } from '../../core/config/load-config.ts';
import type { Config } from '../../core/model/index.ts';
import { redactUrls } from '../../core/redact/redact.ts';
import type { CompactOutcome } from '../publish/compact-branch.ts';
import { type PublishOptions, type PublishStatus, publish } from '../publish/publish.ts';
import { PublishSetupError } from '../publish/publish-setup-error.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';
import { requireDirectories } from './require-inputs.ts';

export const PUBLISH_HELP = `Usage: vigil publish [--data DIR] [--remote NAME] [--branch NAME] [--compact] [--source NAME]

Commits this source's new data (snapshots, rollups, state, auto-drafted incidents) and pushes it;
a rejected push is fetched, rebased and retried with a random back-off.
  --config FILE   config file, for the publish: section (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR      data directory inside a clone of the status repository (default: data, or $VIGIL_DATA)
  --remote NAME   remote to push to (default: publish.remote, else origin)
  --branch NAME   keep the data on this branch, through a worktree (default: publish.branch, else the current branch)
  --compact       then rewrite the data branch to one commit holding the data within retention
  --source NAME   which collector this is (default: $VIGIL_SOURCE, else the first of "sources", else "local")
Exit status: 0 pushed or nothing new, 1 invalid flags/config/repository, 2 nothing could be committed,
3 committed but not pushed (remote unreachable, still rejected, compaction refused): the next run pushes it,
4 rebase conflict: the commit is kept and someone must resolve it.`;

/** Exit codes of publish, beyond the shared ones: data is safe in a local commit in both cases. */
export const PUBLISH_EXIT = { ...EXIT, notPushed: 3, conflict: 4 } as const;

export interface PublishSettings {
  dataDir: string;
  source: string;
  remote: string;
  branch?: string | undefined;
  compact?: boolean;
  /** See PublishOptions.holdWrites (vigil watch). */
  holdWrites?: PublishOptions['holdWrites'] | undefined;
}

/** `vigil publish`. */
export async function publishCommand(args: string[]): Promise<number> {
  const flags = parseFlags('publish', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    remote: { type: 'string' },
    branch: { type: 'string' },
    compact: { type: 'boolean' },
    source: { type: 'string' },
  });
  if (flags.help) {
    process.stdout.write(`${PUBLISH_HELP}\n`);
    return EXIT.ok;
  }
  const configPath = resolveConfigPath(flags.config);
  // A publish-only host may have no config: every setting then comes from flags and defaults.
  const config =
    flags.config || existsSync(configPath)
      ? (await loadConfig({ path: configPath, needs: () => false })).config
      : undefined;
  const dataDir = resolveDataDir(flags.data);
  await requireDirectories('publish', { data: dataDir });
  return runPublish({
    dataDir,
    source: resolveSourceId(config, flags.source),
    remote: flags.remote ?? config?.publish.remote ?? 'origin',
    branch: flags.branch ?? config?.publish.branch,
    compact: flags.compact ?? false,
  });
}

/** Publish settings from the config's publish: section, for `collect --publish`. */
export function getPublishSettings(config: Config, dataDir: string, source: string): PublishSettings {
  return { dataDir, source, remote: config.publish.remote, branch: config.publish.branch };
}

/** Publishes (and compacts when asked), prints one line per step, and returns the exit code. */
export async function runPublish(
  settings: PublishSettings,
  print: (line: string) => void = console.log,
): Promise<number> {
  if (settings.compact && !settings.branch) {
    throw new UsageError(
      'vigil publish: --compact rewrites history, so it only runs on a data branch of its own; set publish.branch (e.g. "status-data") or pass --branch',
    );
  }
  const log = (line: string) => console.error(`vigil publish: ${settings.source}: ${line}`);
  try {
    const result = await publish({ ...settings, log });
    print(`vigil publish: ${settings.source}: ${result.message}`);
    const code = exitCodeFor(result.status);
    if (code !== EXIT.ok || !result.compacted) return code;
    return reportCompaction(result.compacted, settings, print);
  } catch (error) {
    if (error instanceof PublishSetupError) throw new UsageError(error.message);
    console.error(
      `vigil publish: ${settings.source}: nothing committed: ${redactUrls(error instanceof Error ? error.message : String(error))}`,
    );
    return EXIT.notWritten;
  }
}

function reportCompaction(
  compacted: CompactOutcome,
  settings: PublishSettings,
  print: (line: string) => void,
): number {
  const where = `${settings.remote}/${settings.branch}`;
  switch (compacted.status) {
    case 'compacted':
      print(`vigil publish: compacted ${where}: ${compacted.droppedCommits + 1} commits → 1`);
      return EXIT.ok;
    case 'already-compact':
      print(`vigil publish: ${where} is already one commit`);
      return EXIT.ok;
    default:
      console.error(`vigil publish: not compacted: ${compacted.reason}`);
      return PUBLISH_EXIT.notPushed;
  }
}

function exitCodeFor(status: PublishStatus): number {
  switch (status) {
    case 'pushed':
    case 'up-to-date':
    case 'busy':
      return EXIT.ok;
    case 'conflict':
      return PUBLISH_EXIT.conflict;
    default:
      return PUBLISH_EXIT.notPushed;
  }
}
