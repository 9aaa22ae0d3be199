import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { hostname as osHostname, userInfo } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../core/config/config-error.ts';
import { resolveConfigPath, resolveDataDir } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { describeFileError } from '../../core/config/file-error.ts';
import { parseConfigText } from '../../core/config/load-config.ts';
import { countNoun } from '../../core/count-noun.ts';
import { parseDurationMs } from '../../core/model/duration-format.ts';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import { DISCOVERERS } from '../init/discoverers.ts';
import type { Finding, LeftOut } from '../init/finding.ts';
import { FINDING_GROUPS } from '../init/finding.ts';
import { runDiscovery } from '../init/run-discovery.ts';
import { SCHEDULE_KINDS, type ScheduleKind } from '../init/schedule-files.ts';
import { isShippedDefaultText } from '../init/shipped-default.ts';
import { assignIds, oneLine, renderInitConfig, sortFindings } from '../init/write-init-config.ts';
import { EXIT, NotWrittenError, UsageError } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';
import { PROJECT_ROOT } from './project-root.ts';

export const INIT_HELP = `Usage: vigil init [--config FILE] [--yes] [--dry-run] [--force] [--timeout DURATION] [--schedule github|gitlab|systemd|cron [--publish] [--data DIR]]

Finds what this machine runs, without changing anything, and writes a commented status.config.yaml
that watches it: listening web servers, Redis, PostgreSQL, MySQL/MariaDB and SSH (checks that need no
password; the full check with \${VAR} credentials is written commented out beside each), Docker
containers and Compose projects, active systemd services, SLURM and PBS, JupyterHub, real
filesystems, NVIDIA GPUs and the host itself. Prints what it found and what it left out, and why.
On a terminal it asks which findings to keep.
  --config FILE      the file to write (default: status.config.yaml, or $VIGIL_CONFIG)
  --yes, -y          keep every finding without asking (for scripts)
  --dry-run          print the config instead of writing it
  --force            replace an existing file (an untouched shipped default is replaced without it)
  --timeout DURATION how long each kind of search may take (default 10s)
  --schedule KIND    also write what runs the collector on this host: github (a self-hosted runner's
                     workflow), gitlab (.gitlab-ci.yml), systemd (a service and timer) or cron (a
                     crontab line); with an existing config, only these files are written
  --publish          the schedule pushes data/ too (vigil collect --publish)
  --data DIR         the data directory the schedule collects into (default: data, or $VIGIL_DATA)
In a dry run the report and any schedule files go to stderr, the config to stdout.
Exit status: 0 written (or printed), 1 invalid input or the file exists, 2 cancelled or not written.`;

/** `vigil init`: a first config from what this machine runs. */
export async function initCommand(args: string[]): Promise<number> {
  const flags = parseFlags('init', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
    timeout: { type: 'string' },
    schedule: { type: 'string' },
    publish: { type: 'boolean' },
  });
  if (flags.help) {
    process.stdout.write(`${INIT_HELP}\n`);
    return EXIT.ok;
  }
  const dryRun = flags['dry-run'] === true;
  const configPath = resolveConfigPath(flags.config);
  const shown = displayPath(configPath);
  const schedule = flags.schedule === undefined ? undefined : parseScheduleKind(flags.schedule);
  for (const flag of ['publish', 'data'] as const)
    if (flags[flag] !== undefined && schedule === undefined)
      throw new UsageError(`vigil init: --${flag} goes with --schedule KIND; see "vigil init --help"`);
  const timeoutMs = parseTimeout(flags.timeout);
  // What the report says goes to stderr when stdout carries the YAML.
  const say = dryRun
    ? (line: string) => process.stderr.write(`${line}\n`)
    : (line: string) => console.log(line);

  const existing = await readIfExists(configPath);
  const isDefault = existing !== undefined && isShippedDefaultText(existing);
  let writesConfig = true;
  if (existing !== undefined && !isDefault && !flags.force && (!dryRun || schedule !== undefined)) {
    if (schedule === undefined)
      throw new UsageError(
        `vigil init: ${shown} exists; pass --force to replace it, or --dry-run to print what init would write`,
      );
    writesConfig = false;
    say(`vigil init: ${shown} exists and is kept; writing the ${schedule} schedule for it`);
  }

  let configText = existing;
  if (writesConfig) {
    const written = await discoverAndRender({ configPath, timeoutMs, say, ask: !flags.yes });
    if (written === 'cancelled') {
      say('vigil init: cancelled; nothing written');
      return EXIT.notWritten;
    }
    configText = written.text;
    if (dryRun) process.stdout.write(written.text);
    else {
      await writeOrExplain(configPath, written.text);
      const replaced =
        existing === undefined ? '' : isDefault ? '; replaced the shipped default' : '; replaced';
      say(`vigil init: wrote ${shown} (${countNoun(written.checks, 'check')}${replaced})`);
    }
  }
  if (schedule !== undefined && configText !== undefined) {
    await writeSchedule(schedule, {
      configPath,
      configText,
      dataDir: resolveDataDir(flags.data),
      publish: flags.publish === true,
      force: flags.force === true,
      dryRun,
      say,
    });
  }
  if (!dryRun && writesConfig) say('vigil init: next, `npm start` collects, builds and serves the page');
  return EXIT.ok;
}

interface RenderRequest {
  configPath: string;
  timeoutMs: number;
  say: (line: string) => void;
  ask: boolean;
}

async function discoverAndRender(
  request: RenderRequest,
): Promise<{ text: string; checks: number } | 'cancelled'> {
  const { say } = request;
  say(
    `vigil init: looking at this machine (${DISCOVERERS.map((discoverer) => discoverer.name).join(', ')}; at most ${request.timeoutMs / 1000} s each)…`,
  );
  const report = await runDiscovery(DISCOVERERS, { timeoutMs: request.timeoutMs });
  const leftOut: LeftOut[] = [...report.leftOut];
  const valid = sortFindings(keepValidFindings(report.findings, leftOut));
  const interactive = request.ask && process.stdin.isTTY === true && process.stdout.isTTY === true;
  let kept = valid;
  if (interactive) {
    const chosen = await chooseFindings(valid);
    if (chosen === 'cancelled') return 'cancelled';
    for (const finding of valid.filter((candidate) => !chosen.includes(candidate)))
      leftOut.push({ label: finding.label, reason: 'not chosen' });
    kept = chosen;
  } else if (request.ask) {
    say('vigil init: not on a terminal, so every finding is kept (--yes says so without this line)');
  }
  const ids = assignIds(kept);
  say(`vigil init: found ${countNoun(kept.length, 'thing')} to watch:`);
  const groupWidth = Math.max(...kept.map((finding) => FINDING_GROUPS[finding.group].name.length), 0);
  const idWidth = Math.max(...ids.map((id) => id.length), 0);
  kept.forEach((finding, index) => {
    const group = FINDING_GROUPS[finding.group].name.padEnd(groupWidth);
    say(`  ${group}  ${(ids[index] ?? '').padEnd(idWidth)}  ${oneLine(finding.label)}`);
  });
  if (leftOut.length > 0) {
    say(`vigil init: left out ${leftOut.length}:`);
    for (const item of leftOut) say(`  ${oneLine(item.label)}: ${oneLine(item.reason)}`);
  }
  const text = render(kept, leftOut, request.configPath);
  // The whole file through the loader every command uses: what init writes, validate accepts.
  parseConfigText(text, displayPath(request.configPath), {});
  return { text, checks: kept.length };
}

/**
 * Each finding on its own through the config loader: one a discoverer got wrong is left out with the
 * loader's reason instead of costing the whole file.
 */
function keepValidFindings(findings: readonly Finding[], leftOut: LeftOut[]): Finding[] {
  return findings.filter((finding) => {
    try {
      parseConfigText(render([finding], [], 'status.config.yaml'), 'status.config.yaml', {});
      return true;
    } catch (error) {
      const reason = error instanceof ConfigError ? error.problems.join('; ') : String(error);
      leftOut.push({ label: finding.label, reason: `vigil init made an invalid check (${reason})` });
      return false;
    }
  });
}

function render(findings: readonly Finding[], leftOut: readonly LeftOut[], configPath: string): string {
  const schema = path.relative(
    path.dirname(path.resolve(configPath)),
    path.join(PROJECT_ROOT, 'status.config.schema.json'),
  );
  return renderInitConfig({
    findings,
    leftOut,
    hostname: osHostname(),
    generatedAt: new Date(),
    schemaPath: schema.startsWith('.') ? schema : `./${schema}`,
  });
}

/** The terminal's question: every finding, grouped, all chosen to start with. */
async function chooseFindings(findings: readonly Finding[]): Promise<Finding[] | 'cancelled'> {
  const { groupMultiselect, isCancel } = await import('@clack/prompts');
  const options: Record<string, { value: number; label: string }[]> = {};
  findings.forEach((finding, index) => {
    const group = FINDING_GROUPS[finding.group].name;
    options[group] ??= [];
    options[group].push({ value: index, label: oneLine(finding.label) });
  });
  const chosen = await groupMultiselect({
    message: 'Which of these should the status page watch?',
    options,
    initialValues: findings.map((_, index) => index),
    required: false,
  });
  if (isCancel(chosen)) return 'cancelled';
  const indexes = new Set(chosen);
  return findings.filter((_, index) => indexes.has(index));
}

interface ScheduleRequest {
  configPath: string;
  configText: string;
  dataDir: string;
  publish: boolean;
  force: boolean;
  dryRun: boolean;
  say: (line: string) => void;
}

async function writeSchedule(kind: ScheduleKind, request: ScheduleRequest): Promise<void> {
  const { renderSchedule } = await import('../init/schedule-files.ts');
  const { config } = parseConfigText(
    request.configText,
    displayPath(request.configPath),
    process.env,
    () => false,
  );
  const projectDir = process.cwd();
  const relativeToProject = (file: string) => path.relative(projectDir, file) || file;
  // The Node the project brings, as the docs write it; the one running init otherwise.
  const projectNode = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
  const nodePath = (await isFile(projectNode)) ? projectNode : process.execPath;
  let rendered: Awaited<ReturnType<typeof renderSchedule>>;
  try {
    rendered = renderSchedule(kind, {
      projectDir,
      nodePath,
      configPath: relativeToProject(request.configPath),
      dataDir: relativeToProject(request.dataDir),
      intervalMs: config.site.interval,
      collectDeadlineMs: config.collect.deadline,
      user: userInfo().username,
      ...(config.sources.length > 0 && config.sources[0]?.id !== 'local'
        ? { source: config.sources[0]?.id ?? 'local' }
        : {}),
      publish: request.publish,
      vigilPath: relativeToProject(path.join(PROJECT_ROOT, 'collectors', 'cli', 'vigil.js')),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const file of rendered.files) {
    const target = path.resolve(projectDir, file.path);
    if (request.dryRun) {
      request.say(`--- ${file.path}`);
      request.say(file.content.trimEnd());
      continue;
    }
    const current = await readIfExists(target);
    if (current === file.content) {
      request.say(`vigil init: ${file.path} is already as it would be written`);
      continue;
    }
    if (current !== undefined && !request.force) {
      request.say(`vigil init: ${file.path} exists and is kept (--force replaces it)`);
      continue;
    }
    await writeOrExplain(target, file.content, file.mode);
    request.say(`vigil init: wrote ${file.path}`);
  }
  for (const line of rendered.instructions) request.say(`  ${line}`);
}

function parseScheduleKind(text: string): ScheduleKind {
  const kind = SCHEDULE_KINDS.find((candidate) => candidate === text);
  if (kind === undefined)
    throw new UsageError(
      `vigil init: --schedule ${JSON.stringify(text)}; expected one of ${SCHEDULE_KINDS.join(', ')}`,
    );
  return kind;
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms < 1000 || ms > 600_000)
    throw new UsageError(
      `vigil init: --timeout ${JSON.stringify(text)}; expected a duration from 1s to 10m, e.g. 10s`,
    );
  return ms;
}

/** Writes atomically; a file that cannot be written is one line and exit 2, never a stack trace. */
async function writeOrExplain(file: string, content: string, mode?: number): Promise<void> {
  try {
    await writeFileAtomic(file, content).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, content);
    });
    if (mode !== undefined) await chmod(file, mode);
  } catch (error) {
    throw new NotWrittenError(
      `vigil init: cannot write ${displayPath(file)}: ${describeFileError(error)}; nothing else was changed`,
    );
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`vigil init: cannot read ${displayPath(file)}: ${describeFileError(error)}`);
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
