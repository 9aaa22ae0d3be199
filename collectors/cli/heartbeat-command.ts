import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { resolveConfigPath, resolveDataDir } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { describeFileError } from '../../core/config/file-error.ts';
import { loadConfig } from '../../core/config/load-config.ts';
import {
  cleanHeartbeatMessage,
  HEARTBEAT_REPORT_VERSION,
  type HeartbeatReport,
} from '../../core/model/heartbeat-report.ts';
import { createRedactor } from '../../core/redact/redact.ts';
import { getHeartbeatFile } from '../../core/store/store-paths.ts';
import { removeStaleTempFiles, writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import { EXIT, NotWrittenError, UsageError } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';
import { requireDirectories } from './require-inputs.ts';

export const HEARTBEAT_HELP = `Usage: vigil heartbeat ID [--status up|degraded|down] [--message TEXT] [--config FILE] [--data DIR] [--verbose]

A job reports in for the heartbeat check ID: writes its newest report to <data>/heartbeats/ID.json
(atomically; the previous report is replaced). The check is down when no report came within its
every + grace, or when the job reported down. Run it on the host whose collector runs the check.
  --status S       up (default), degraded or down
  --message TEXT   one line shown with the check's result ("1200 files copied", "disk full")
  --config FILE    config file (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR       data directory (default: data, or $VIGIL_DATA)
  --verbose        print one line saying what was written (default: quiet)
Example (cron): 0 3 * * * backup.sh && vigil heartbeat nightly-backup
Exit status: 0 written, 1 unknown check or bad flags, 2 not written (the reason is printed).`;

const STATUSES = ['up', 'degraded', 'down'] as const;

// Reports are the collector host's own input, never history: publishing does not stage them, and
// this file keeps a person's `git add -A` from committing them too (it ignores itself as well).
const GITIGNORE = '# Written by `vigil heartbeat`, read by the collector on this host; never committed.\n*\n';

/** `vigil heartbeat ID`: a cron job or script says it ran (or failed), for a heartbeat check. */
export async function heartbeatCommand(args: string[]): Promise<number> {
  const [id, ...rest] = args;
  if (id === undefined || id === '--help' || id === '-h') {
    process.stdout.write(`${HEARTBEAT_HELP}\n`);
    return id === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  if (id.startsWith('-')) {
    throw new UsageError(
      'vigil heartbeat: name the heartbeat check first, by its id in the config: "vigil heartbeat nightly-backup --status up"',
    );
  }
  const flags = parseFlags('heartbeat', rest, {
    status: { type: 'string' },
    message: { type: 'string' },
    config: { type: 'string' },
    data: { type: 'string' },
    verbose: { type: 'boolean' },
  });
  if (flags.help) {
    process.stdout.write(`${HEARTBEAT_HELP}\n`);
    return EXIT.ok;
  }
  const status = flags.status ?? 'up';
  if (!(STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(
      `vigil heartbeat: --status: expected one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
    );
  }
  // No secret is needed to name a check; the ones that are set still mask the message.
  const loaded = await loadConfig({ path: resolveConfigPath(flags.config), needs: () => false });
  const heartbeatIds = loaded.config.checks.filter((check) => check.type === 'heartbeat').map((c) => c.id);
  if (!heartbeatIds.includes(id)) {
    const other = loaded.config.checks.find((check) => check.id === id);
    const known = `(heartbeat checks: ${heartbeatIds.join(', ') || 'none'})`;
    throw new UsageError(
      other === undefined
        ? `vigil heartbeat: no heartbeat check ${JSON.stringify(id)} in ${loaded.path} ${known}`
        : `vigil heartbeat: ${JSON.stringify(id)} in ${loaded.path} is a check of type ${other.type}, not a heartbeat check ${known}`,
    );
  }
  const redact = createRedactor(loaded.secrets);
  const message = flags.message === undefined ? '' : redact(cleanHeartbeatMessage(flags.message));
  const report: HeartbeatReport = {
    v: HEARTBEAT_REPORT_VERSION,
    t: new Date().toISOString(),
    status: status as HeartbeatReport['status'],
    ...(message !== '' && { message }),
    host: hostname(),
  };
  const dataDir = resolveDataDir(flags.data);
  await requireDirectories('heartbeat', { data: dataDir });
  const filePath = path.join(dataDir, getHeartbeatFile(id));
  try {
    await writeReport(filePath, `${JSON.stringify(report)}\n`);
  } catch (error) {
    const reason = describeFileError(error);
    throw new NotWrittenError(redact(`vigil heartbeat: could not write ${displayPath(filePath)}: ${reason}`));
  }
  if (flags.verbose) {
    console.log(`vigil heartbeat: ${id}: ${status} at ${report.t}, written to ${displayPath(filePath)}`);
  }
  return EXIT.ok;
}

async function writeReport(filePath: string, text: string): Promise<void> {
  const dir = path.dirname(filePath);
  await writeFileAtomic(filePath, text);
  // The first report creates the folder; its .gitignore comes with it (kept if a person changed it).
  await writeFile(path.join(dir, '.gitignore'), GITIGNORE, { flag: 'wx' }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  // A killed writer's temp file of this check goes (others' are theirs to clean).
  const prefix = `.${path.basename(filePath)}.`;
  await removeStaleTempFiles(dir, (name) => name.startsWith(prefix));
}
