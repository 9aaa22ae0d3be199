import { formatDurationMs } from '../../core/model/duration-format.ts';
import { chooseCadence } from './schedule-cadence.ts';
import {
  DEFAULT_COLLECT_DEADLINE_MS,
  describeCadenceGap,
  describeEvery,
  getProjectProgram,
  listCollectArgs,
  listPathArgs,
  type RenderedSchedule,
  type ScheduleOptions,
} from './schedule-options.ts';
import {
  escapeSystemdValue,
  quoteShell,
  quoteSystemdExecWord,
  quoteSystemdWord,
} from './schedule-quoting.ts';

export const SYSTEMD_DIR = 'deploy/systemd';
/** Webhooks, alerts and heartbeats after the line end within this (collectors/run). */
const SIDE_WORK_MS = 15_000;
/** Publishing's retries of a rejected push stop after about 76 s of waiting (docs/publishing.md). */
const PUBLISH_MS = 90_000;
/** Starting Node and ending the probe runners. */
const START_AND_EXIT_MS = 15_000;
const SECRETS_FILE = '/etc/vigil/secrets.env';

/** `vigil init --schedule systemd`: a oneshot service on a timer, and the watch-mode service instead. */
export function renderSystemdSchedule(options: ScheduleOptions): RenderedSchedule {
  const cadence = chooseCadence(options.intervalMs);
  const deadlineMs = options.collectDeadlineMs ?? DEFAULT_COLLECT_DEADLINE_MS;
  const startTimeoutMs = deadlineMs + SIDE_WORK_MS + (options.publish ? PUBLISH_MS : 0) + START_AND_EXIT_MS;
  const collectService = [
    `# Written by \`vigil init --schedule systemd\`: one collector run; vigil-collect.timer starts it ${describeEvery(cadence.periodMs)}.`,
    '[Unit]',
    `Description=Vigil status collector${options.publish ? ' (collect and publish)' : ''}`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    ...renderServiceBase(options),
    `ExecStart=${renderExecStart(options, listCollectArgs(options))}`,
    `# collect.deadline (${formatDurationMs(deadlineMs)}) + ${formatDurationMs(SIDE_WORK_MS)} for webhooks and alerts${options.publish ? ` + ${formatDurationMs(PUBLISH_MS)} for a push that is rejected and retried` : ''} + ${formatDurationMs(START_AND_EXIT_MS)} to start and exit.`,
    `TimeoutStartSec=${Math.ceil(startTimeoutMs / 1000)}s`,
    ...(options.publish
      ? [
          '# Exit 3: committed but not pushed; the next run pushes it. Not a failed unit.',
          'SuccessExitStatus=3',
        ]
      : []),
    "# No Nice=: a collector the host's load pushes aside would count its own wait as the targets' latency.",
    '',
  ];
  const timer = [
    '# Written by `vigil init --schedule systemd`: starts vigil-collect.service.',
    '[Unit]',
    `Description=Run the Vigil collector ${describeEvery(cadence.periodMs)}`,
    '',
    '[Timer]',
    `OnCalendar=${cadence.onCalendar}`,
    '# By default systemd may start a run up to a minute late (AccuracySec=1min).',
    'AccuracySec=1s',
    '# A run missed while the machine was off runs when it is back.',
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ];
  return {
    files: [
      { path: `${SYSTEMD_DIR}/vigil-collect.service`, content: collectService.join('\n') },
      { path: `${SYSTEMD_DIR}/vigil-collect.timer`, content: timer.join('\n') },
      {
        path: `${SYSTEMD_DIR}/vigil-watch.service`,
        content: renderWatchService(options, deadlineMs).join('\n'),
      },
    ],
    instructions: listSystemdInstructions(options, cadence.periodMs),
  };
}

/** `vigil watch` as a long-running service: each check on its own interval, down to a second. */
function renderWatchService(options: ScheduleOptions, deadlineMs: number): string[] {
  const publishEvery = options.publish ? ['--publish-every', formatDurationFlag(options.intervalMs)] : [];
  return [
    '# Written by `vigil init --schedule systemd`: watch mode, instead of vigil-collect.timer (never both:',
    "# they share the source's lock). Each check runs on its own interval, down to 1 s; --out stays current.",
    '[Unit]',
    'Description=Vigil status collector (watch mode)',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    ...renderServiceBase(options),
    `ExecStart=${renderExecStart(options, ['watch', ...listPathArgs(options), ...publishEvery])}`,
    'Restart=on-failure',
    'RestartSec=10s',
    '# SIGTERM to vigil only: it lets the runs in flight finish and writes their lines, then ends its',
    '# child processes; whatever is left is killed after TimeoutStopSec.',
    'KillMode=mixed',
    `# collect.deadline (${formatDurationMs(deadlineMs)}) + ${formatDurationMs(SIDE_WORK_MS)} for webhooks and alerts + ${formatDurationMs(START_AND_EXIT_MS)}, so a run in flight always finishes.`,
    `TimeoutStopSec=${Math.ceil((deadlineMs + SIDE_WORK_MS + START_AND_EXIT_MS) / 1000)}s`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
}

function renderServiceBase(options: ScheduleOptions): string[] {
  return [
    `User=${options.user}`,
    `WorkingDirectory=${escapeSystemdValue(options.projectDir)}`,
    `# Secrets the config references as \${NAME} (NAME=value lines), readable by ${options.user} only.`,
    `EnvironmentFile=-${SECRETS_FILE}`,
    ...(options.pathEnv === undefined ? [] : [`Environment=${quoteSystemdWord(`PATH=${options.pathEnv}`)}`]),
  ];
}

/**
 * The command line: the program's path is taken as written (no `$` expansion), and systemd refuses one
 * that holds a quote or a backslash, so such a node runs through /usr/bin/env, as an argument.
 */
function renderExecStart(options: ScheduleOptions, args: readonly string[]): string {
  // The program's own path is absolute (systemd's rule); the script's is relative to WorkingDirectory=.
  const words = [getProjectProgram(options)[1], ...args].map(quoteSystemdExecWord);
  if (!/["'\\]/.test(options.nodePath)) return [quoteSystemdWord(options.nodePath), ...words].join(' ');
  // env would read a first argument with "=" in it as a variable to set.
  if (options.nodePath.includes('='))
    throw new Error(
      `vigil init --schedule systemd: nodePath ${JSON.stringify(options.nodePath)} holds a quote or backslash and an "=", which no ExecStart= can run; move the project`,
    );
  return ['/usr/bin/env', quoteSystemdExecWord(options.nodePath), ...words].join(' ');
}

/** A duration as `vigil watch --publish-every` reads it: "5m", "30s", "1500ms". */
function formatDurationFlag(durationMs: number): string {
  if (durationMs % 60_000 === 0) return `${durationMs / 60_000}m`;
  if (durationMs % 1000 === 0) return `${durationMs / 1000}s`;
  return `${Math.round(durationMs)}ms`;
}

function listSystemdInstructions(options: ScheduleOptions, periodMs: number): string[] {
  const units = ['vigil-collect.service', 'vigil-collect.timer'].map((unit) => `${SYSTEMD_DIR}/${unit}`);
  return [
    `Install the timer (from ${options.projectDir}), as root:`,
    `  sudo install -m 644 ${units.join(' ')} /etc/systemd/system/`,
    '  sudo systemctl daemon-reload',
    '  sudo systemctl enable --now vigil-collect.timer',
    `Check it: systemctl list-timers vigil-collect.timer; each run logs one line: journalctl -u vigil-collect -f`,
    ...describeCadenceGap(
      options,
      periodMs,
      'a calendar step repeats evenly only when it divides the minute, the hour or the day',
    ),
    `Or watch mode instead of the timer (each check on its own interval, down to 1 s; never both):`,
    `  sudo install -m 644 ${SYSTEMD_DIR}/vigil-watch.service /etc/systemd/system/ && sudo systemctl daemon-reload && sudo systemctl enable --now vigil-watch.service`,
    `Secrets the config references as \${NAME} go in ${SECRETS_FILE} (NAME=value), readable by ${options.user} only.`,
    ...(options.user === 'root'
      ? [
          `The units run as root; a user of its own is safer: sudo useradd --system vigil && sudo chown -R vigil ${quoteShell(options.projectDir)}, then User=vigil.`,
        ]
      : []),
  ];
}
