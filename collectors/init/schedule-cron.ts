import { chooseCadence } from './schedule-cadence.ts';
import {
  describeCadenceGap,
  describeEvery,
  getProjectProgram,
  listCollectArgs,
  type RenderedSchedule,
  type ScheduleOptions,
} from './schedule-options.ts';
import { escapeCronCommand, quoteShell, quoteShellCommand } from './schedule-quoting.ts';

export const CRONTAB_FILE = 'deploy/vigil.crontab';
/** Beside the project's files; the shipped .gitignore ignores *.log, so publish never commits it. */
export const CRON_LOG_FILE = 'vigil-collect.log';

/** The crontab line that runs one collect in the project folder, with the project's own Node. */
export function renderCronLine(options: ScheduleOptions): string {
  const cadence = chooseCadence(options.intervalMs, 60_000);
  const path = options.pathEnv === undefined ? '' : `PATH=${quoteShell(options.pathEnv)} `;
  const run = quoteShellCommand([...getProjectProgram(options), ...listCollectArgs(options)]);
  const command = `cd ${quoteShell(options.projectDir)} && ${path}${run} >> ${CRON_LOG_FILE} 2>&1`;
  return `${cadence.cron} ${escapeCronCommand(command)}`;
}

/** `vigil init --schedule cron`: deploy/vigil.crontab and how to add it to the user's crontab. */
export function renderCronSchedule(options: ScheduleOptions): RenderedSchedule {
  const cadence = chooseCadence(options.intervalMs, 60_000);
  const content = [
    `# Written by \`vigil init --schedule cron\`: runs the Vigil collector ${describeEvery(cadence.periodMs)} in ${options.projectDir}.`,
    `# Add it to your crontab once: crontab -l 2>/dev/null | cat - ${CRONTAB_FILE} | crontab -`,
    "# The project's own Node 24 runs collectors/cli/vigil.js directly: npx or npm run would add about 1.5 s a run.",
    '# Runs never overlap: one that finds the last still running exits 2 and names it in the log.',
    renderCronLine(options),
    '',
  ].join('\n');
  const instructions = [
    `As ${options.user}, from ${options.projectDir}, add the line to your crontab (once):`,
    `  crontab -l 2>/dev/null | cat - ${CRONTAB_FILE} | crontab -`,
    `or paste its last line into \`crontab -e\`. Each run appends one line to its log:`,
    `  tail -f ${quoteShell(`${options.projectDir}/${CRON_LOG_FILE}`)}`,
    ...describeCadenceGap(
      options,
      cadence.periodMs,
      options.intervalMs < 60_000
        ? 'cron runs once a minute at most; for checks more often than that, run watch mode (`vigil init --schedule systemd` writes vigil-watch.service)'
        : 'a cron step repeats evenly only when it divides the hour or the day',
    ),
    ...(options.pathEnv === undefined
      ? [
          'cron starts commands with PATH=/usr/bin:/bin: for a command check whose program lives elsewhere (/usr/local/bin, /usr/sbin), add a PATH=… line above the job.',
        ]
      : []),
  ];
  return { files: [{ path: CRONTAB_FILE, content }], instructions };
}
