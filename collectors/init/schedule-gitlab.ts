import { chooseCadence } from './schedule-cadence.ts';
import {
  describeCadenceGap,
  listCollectArgs,
  type RenderedSchedule,
  type ScheduleOptions,
  VIGIL_SCRIPT,
} from './schedule-options.ts';
import { quoteShellCommand, quoteYaml } from './schedule-quoting.ts';

export const GITLAB_CI_FILE = '.gitlab-ci.yml';
/** The tag the runner on the collector host is registered with. */
export const GITLAB_RUNNER_TAG = 'vigil';
/** The CI/CD variable that holds the project access token the collect job pushes with. */
export const GITLAB_TOKEN_VARIABLE = 'VIGIL_PUSH_TOKEN';

const NPM_CI = 'npm ci --cache .npm --prefer-offline --no-audit --no-fund';
// git asks this helper for the password: the token stays in the job's environment, never on disk.
const CREDENTIAL_HELPER = `!f() { test "$1" = get && echo username=vigil && echo "password=$${GITLAB_TOKEN_VARIABLE}"; }; f`;

/** `vigil init --schedule gitlab`: a scheduled collect job on this host's runner, and GitLab Pages. */
export function renderGitlabSchedule(options: ScheduleOptions): RenderedSchedule {
  const cadence = chooseCadence(options.intervalMs, 60_000);
  const node = ['node_modules/.bin/node', VIGIL_SCRIPT];
  // A job's checkout, and any data not pushed, is gone after it: the job always publishes.
  const collect = quoteShellCommand([...node, ...listCollectArgs(options, true)]);
  const build = quoteShellCommand([
    ...node,
    'build',
    '--config',
    options.configPath,
    '--data',
    options.dataDir,
    '--out',
    'public',
  ]);
  const item = (line: string) => `    - ${quoteYaml(line)}`;
  const content = `# Written by \`vigil init --schedule gitlab\`: Vigil's collector runs on this host's runner in scheduled
# pipelines (Build → Pipeline schedules, cron "${cadence.cron}") and pushes its data; each push to the
# default branch builds the site for GitLab Pages.
stages: [collect, deploy]

vigil-collect:
  stage: collect
  # A runner with the shell executor on the monitored host, registered with this tag: the checks probe
  # this host's ports, processes and mounts, which a container would not see.
  tags: [${GITLAB_RUNNER_TAG}]
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
  # One run at a time: a slow run is never overtaken by the next one.
  resource_group: vigil-collect
  timeout: 10m
  variables:
    GIT_STRATEGY: fetch
  cache:
    key:
      files: [package-lock.json]
    paths: [.npm/]
  script:
${item(NPM_CI)}
    # GitLab checks out a detached commit; publish commits on the branch and pushes it.
${item('git checkout -B "$CI_COMMIT_BRANCH"')}
    # Push with the project access token in the CI/CD variable ${GITLAB_TOKEN_VARIABLE}, which a credential
    # helper hands to git from the job's environment: the token is never written to disk.
${item('git remote set-url origin "$CI_SERVER_URL/$CI_PROJECT_PATH.git"')}
${item(`export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=credential.helper GIT_CONFIG_VALUE_0='${CREDENTIAL_HELPER}'`)}
${item(collect)}

pages:
  stage: deploy
  # Any runner with Docker builds it; add \`tags: [${GITLAB_RUNNER_TAG}]\` to build on the collector's runner.
  image: node:24
  rules:
    - if: $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  cache:
    key:
      files: [package-lock.json]
    paths: [.npm/]
  script:
${item(NPM_CI)}
${item(build)}
  artifacts:
    paths: [public]
`;
  return {
    files: [{ path: GITLAB_CI_FILE, content }],
    instructions: [
      `On this host, register a runner for the project with the shell executor and the tag "${GITLAB_RUNNER_TAG}"`,
      `  (Settings → CI/CD → Runners → New project runner; then gitlab-runner register), running as ${options.user}, with Node 24 and npm on its PATH.`,
      `Create a project access token (Settings → Access tokens) with the Developer role (Maintainer if the default branch is protected) and the write_repository scope,`,
      `  and store it as the CI/CD variable ${GITLAB_TOKEN_VARIABLE} (Settings → CI/CD → Variables; masked and protected).`,
      `Create the schedule: Build → Pipeline schedules → New schedule, interval pattern "${cadence.cron}", target the default branch`,
      `  (or: glab schedule create --cron "${cadence.cron}" --ref main --description "Vigil collector"). "Run schedule now" (▶) tries it at once.`,
      'A self-managed GitLab starts scheduled pipelines every 10 min by default, whatever the pattern (its admin sets',
      "  gitlab_rails['pipeline_schedule_worker_cron']; GitLab.com: every 5 min); for shorter intervals use systemd or cron on this host.",
      'Each collect push starts a pipeline whose pages job deploys public/ (Deploy → Pages shows the address; set site.base when it is served under a path).',
      ...(options.publish
        ? []
        : [
            "The collect job publishes (--publish) all the same: a job's checkout, and any data not pushed, is gone after it.",
          ]),
      ...describeCadenceGap(
        options,
        cadence.periodMs,
        options.intervalMs < 60_000
          ? 'a pipeline schedule runs once a minute at most'
          : 'a cron step repeats evenly only when it divides the hour or the day',
      ),
    ],
  };
}
