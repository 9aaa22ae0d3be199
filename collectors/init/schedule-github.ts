import { DEFAULT_SOURCE_ID } from '../../core/model/config-schema.ts';
import { chooseCadence } from './schedule-cadence.ts';
import {
  describeCadenceGap,
  describeEvery,
  hasDefaultPaths,
  type RenderedSchedule,
  type ScheduleOptions,
} from './schedule-options.ts';
import { quoteShellCommand, quoteYaml } from './schedule-quoting.ts';

export const COLLECT_WORKFLOW_FILE = '.github/workflows/collect.yml';
/** GitHub runs a scheduled workflow at most every 5 minutes. */
const GITHUB_MINIMUM_MS = 300_000;

/**
 * The collect workflow Vigil ships (.github/workflows/collect.yml), with the cron of this config's
 * interval, its source and its paths: with a 5-minute interval and the default paths it is that file,
 * byte for byte (a test holds them together). deploy.yml and check.yml serve every host as they are.
 */
export function renderGithubSchedule(options: ScheduleOptions): RenderedSchedule {
  const cadence = chooseCadence(options.intervalMs, GITHUB_MINIMUM_MS);
  const source = options.source ?? DEFAULT_SOURCE_ID;
  // In a runner's fresh checkout, data that is not pushed is gone after the run: it always publishes.
  // The source comes from VIGIL_SOURCE (below), as in the shipped workflow.
  const paths = hasDefaultPaths(options) ? [] : ['--config', options.configPath, '--data', options.dataDir];
  const run = ['npx', 'vigil', 'collect', '--publish', ...paths];
  const content = `# Runs the collector on a self-hosted runner inside the monitored network and pushes its data.
name: collect

on:
  schedule:
    - cron: '${cadence.cron}'
  workflow_dispatch:

# One run at a time per source: a slow run is never overtaken by the next one.
concurrency:
  group: collect-\${{ vars.VIGIL_SOURCE || '${source}' }}
  cancel-in-progress: false

permissions:
  contents: write

jobs:
  collect:
    runs-on: self-hosted
    timeout-minutes: 10
    env:
      VIGIL_SOURCE: \${{ vars.VIGIL_SOURCE || '${source}' }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
          cache: npm
      - run: npm ci --no-audit --no-fund
      - name: Collect and publish
        run: ${quoteYaml(quoteShellCommand(run))}
`;
  const isShipped =
    cadence.periodMs === GITHUB_MINIMUM_MS && paths.length === 0 && source === DEFAULT_SOURCE_ID;
  return {
    files: [{ path: COLLECT_WORKFLOW_FILE, content }],
    instructions: [
      isShipped
        ? `${COLLECT_WORKFLOW_FILE} is the collect workflow Vigil ships: a clone that still has it needs no change.`
        : `${COLLECT_WORKFLOW_FILE} runs \`vigil collect --publish\` ${describeEvery(cadence.periodMs)} on a self-hosted runner.`,
      'On this host, add a self-hosted runner to the repository (Settings → Actions → Runners → New self-hosted runner)',
      "and run it as a service (its ./svc.sh install && ./svc.sh start): the checks probe this host's ports, processes and mounts.",
      ...(options.source === undefined
        ? []
        : [
            `The repository variable VIGIL_SOURCE (Settings → Secrets and variables → Actions → Variables), when set, names the source instead of "${source}".`,
          ]),
      'deploy.yml builds the site on each push and deploys it to GitHub Pages (Settings → Pages → Source: GitHub Actions); check.yml checks pull requests.',
      ...(options.publish
        ? []
        : [
            "The workflow publishes (--publish) all the same: a runner's checkout, and any data not pushed, is gone after the run.",
          ]),
      ...describeCadenceGap(
        options,
        cadence.periodMs,
        options.intervalMs < GITHUB_MINIMUM_MS
          ? 'GitHub runs scheduled workflows every 5 minutes at most (and often a few minutes late); for shorter intervals use systemd or cron on this host'
          : 'a cron step repeats evenly only when it divides the hour or the day',
      ),
    ],
  };
}
