import path from 'node:path';
import { DEFAULT_CONFIG_FILE, DEFAULT_DATA_DIR } from '../../core/config/config-paths.ts';
import { formatDurationMs } from '../../core/model/duration-format.ts';

/** What the schedule files are written for: this project on this host. */
export interface ScheduleOptions {
  /** The project's folder (absolute): where every run starts. */
  projectDir: string;
  /** The Node 24 binary (absolute): the project's node_modules/.bin/node resolved, or process.execPath. */
  nodePath: string;
  /** The config file, relative to projectDir as the user gave it (or absolute). */
  configPath: string;
  /** The data directory, relative to projectDir as the user gave it (or absolute). */
  dataDir: string;
  /** site.interval of the config: how often the collector runs. */
  intervalMs: number;
  /** Who runs the collector (systemd's User=). */
  user: string;
  /** Whether each run commits and pushes its data (`vigil collect --publish`). */
  publish: boolean;
  /** `--source NAME` for each run; default: as `vigil collect` decides ($VIGIL_SOURCE, the first source, "local"). */
  source?: string;
  /** collect.deadline of the config (default 2 min): systemd's start timeout is a little over it. */
  collectDeadlineMs?: number;
  /**
   * The PATH the collector's `command` checks find their programs on, when it should be set: cron
   * starts commands with /usr/bin:/bin only, so `sinfo` in /usr/local/bin would not be found.
   */
  pathEnv?: string;
  /**
   * The collector's program (collectors/cli/vigil.js), absolute or relative to projectDir; default
   * collectors/cli/vigil.js, for a project that is a Vigil checkout. CI schedules always use that one.
   */
  vigilPath?: string;
}

/** One file a schedule writes, relative to the project folder. */
export interface ScheduleFile {
  path: string;
  content: string;
  mode?: number;
}

export interface RenderedSchedule {
  files: ScheduleFile[];
  /** Lines to print after writing: how to install and enable it. */
  instructions: string[];
}

export const DEFAULT_COLLECT_DEADLINE_MS = 120_000;
/** The collector's own program, relative to the project folder. */
export const VIGIL_SCRIPT = 'collectors/cli/vigil.js';

/** Refuses options no schedule can be written for, naming the option, its value and the fix. */
export function checkScheduleOptions(options: ScheduleOptions): void {
  for (const key of ['projectDir', 'nodePath'] as const) {
    if (!path.isAbsolute(options[key]))
      throw new Error(
        `vigil init --schedule: ${key} must be an absolute path, got ${JSON.stringify(options[key])}`,
      );
  }
  for (const key of [
    'projectDir',
    'nodePath',
    'configPath',
    'dataDir',
    'user',
    'source',
    'pathEnv',
  ] as const) {
    const value = options[key];
    // A line break ends a crontab line and a unit file setting: no quoting carries one.
    if (value !== undefined && /[\0\n\r]/.test(value))
      throw new Error(
        `vigil init --schedule: ${key} ${JSON.stringify(value)} holds a line break, which no crontab line or unit file can carry; rename it`,
      );
  }
  if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0)
    throw new Error(`vigil init --schedule: intervalMs must be a positive number, got ${options.intervalMs}`);
}

/** The words after the program for one run: `collect [--publish] --config … --data … [--source …]`. */
export function listCollectArgs(options: ScheduleOptions, publish = options.publish): string[] {
  return ['collect', ...(publish ? ['--publish'] : []), ...listPathArgs(options)];
}

/** `--config … --data … [--source …]`, always written out: a stray $VIGIL_CONFIG never redirects a run. */
export function listPathArgs(options: ScheduleOptions): string[] {
  const source = options.source === undefined ? [] : ['--source', options.source];
  return ['--config', options.configPath, '--data', options.dataDir, ...source];
}

/** Whether the config and data paths are the ones every command uses by default. */
export function hasDefaultPaths(options: ScheduleOptions): boolean {
  return options.configPath === DEFAULT_CONFIG_FILE && options.dataDir === DEFAULT_DATA_DIR;
}

/** "every 5 min". */
export function describeEvery(periodMs: number): string {
  return `every ${formatDurationMs(periodMs)}`;
}

/** A line saying the schedule runs more often than site.interval, when it does, and why. */
export function describeCadenceGap(options: ScheduleOptions, periodMs: number, why: string): string[] {
  if (periodMs === options.intervalMs) return [];
  const runs = periodMs < options.intervalMs ? 'more often' : 'less often';
  return [
    `site.interval is ${formatDurationMs(options.intervalMs)}; this schedule runs ${describeEvery(periodMs)}, ${runs}: ${why}`,
  ];
}

/** The node binary and the collector's program as a run in the project folder names them. */
export function getProjectProgram(options: ScheduleOptions): [node: string, script: string] {
  return [
    getProjectPath(options, options.nodePath),
    getProjectPath(options, options.vigilPath ?? VIGIL_SCRIPT),
  ];
}

/** A path as a run in the project folder names it: relative when it lies in the project, else absolute. */
function getProjectPath(options: ScheduleOptions, file: string): string {
  const relative = path.relative(options.projectDir, path.resolve(options.projectDir, file));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return path.resolve(options.projectDir, file);
  // A word without a slash is looked up on PATH.
  return relative.includes('/') ? relative : `./${relative}`;
}
