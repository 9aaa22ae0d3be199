import { renderCronSchedule } from './schedule-cron.ts';
import { renderGithubSchedule } from './schedule-github.ts';
import { renderGitlabSchedule } from './schedule-gitlab.ts';
import { checkScheduleOptions, type RenderedSchedule, type ScheduleOptions } from './schedule-options.ts';
import { renderSystemdSchedule } from './schedule-systemd.ts';

export type { RenderedSchedule, ScheduleFile, ScheduleOptions } from './schedule-options.ts';

/** What `vigil init --schedule KIND` can write to run the collector on this host. */
export const SCHEDULE_KINDS = ['github', 'gitlab', 'systemd', 'cron'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

const RENDERERS = {
  github: renderGithubSchedule,
  gitlab: renderGitlabSchedule,
  systemd: renderSystemdSchedule,
  cron: renderCronSchedule,
} satisfies Record<ScheduleKind, (options: ScheduleOptions) => RenderedSchedule>;

/**
 * The files that run the collector of this project on this host, by `kind`, and how to install them.
 * Pure: the caller writes the files (paths relative to `projectDir`) and prints the instructions.
 * Throws for options no schedule can carry (a path that is not absolute, a line break in a name).
 */
export function renderSchedule(kind: ScheduleKind, options: ScheduleOptions): RenderedSchedule {
  checkScheduleOptions(options);
  return RENDERERS[kind](options);
}
