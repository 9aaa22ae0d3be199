// renderSchedule (collectors/init/schedule-files.ts): what `vigil init --schedule KIND` writes, read
// back the way each consumer reads it (YAML, systemd unit files, a crontab line, a shell).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chooseCadence } from '../../collectors/init/schedule-cadence.ts';
import {
  renderSchedule,
  SCHEDULE_KINDS,
  type ScheduleOptions,
} from '../../collectors/init/schedule-files.ts';
import { quoteShell } from '../../collectors/init/schedule-quoting.ts';
import { parseUnitFile, splitCronLine, splitSystemdCommand } from '../helpers/schedule-formats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const SAMPLE: ScheduleOptions = {
  projectDir: '/srv/vigil',
  nodePath: '/srv/vigil/node_modules/.bin/node',
  configPath: 'status.config.yaml',
  dataDir: 'data',
  intervalMs: 300_000,
  user: 'vigil',
  publish: true,
};
/** Every character a path can hold that means something to a shell, systemd, cron or YAML. */
const AWKWARD: ScheduleOptions = {
  ...SAMPLE,
  projectDir: `/srv/it's "my" vigil 100% $HOME \\ #1: ok`,
  nodePath: `/srv/it's "my" vigil 100% $HOME \\ #1: ok/node_modules/.bin/node`,
  configPath: 'my config: 50%.yaml',
  dataDir: 'status data $x',
};

function renderFile(kind: (typeof SCHEDULE_KINDS)[number], options: ScheduleOptions, path: string): string {
  const file = renderSchedule(kind, options).files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`${kind}: no ${path}`);
  return file.content;
}

describe('chooseCadence', () => {
  it.each([
    [1000, 1000, '* * * * *', '*:*:0/1'],
    [30_000, 30_000, '* * * * *', '*:*:0/30'],
    [45_000, 30_000, '* * * * *', '*:*:0/30'],
    [60_000, 60_000, '* * * * *', 'minutely'],
    [90_000, 60_000, '* * * * *', 'minutely'],
    [300_000, 300_000, '*/5 * * * *', '*:0/5'],
    [420_000, 360_000, '*/6 * * * *', '*:0/6'],
    [900_000, 900_000, '*/15 * * * *', '*:0/15'],
    [3_000_000, 1_800_000, '*/30 * * * *', '*:0/30'],
    [3_600_000, 3_600_000, '0 * * * *', 'hourly'],
    [18_000_000, 14_400_000, '0 */4 * * *', '0/4:00'],
    [86_400_000, 86_400_000, '0 0 * * *', 'daily'],
    [259_200_000, 86_400_000, '0 0 * * *', 'daily'],
  ])(
    'site.interval %i ms runs every %i ms: cron "%s", OnCalendar=%s',
    (intervalMs, periodMs, cron, onCalendar) => {
      expect(chooseCadence(intervalMs)).toEqual({ periodMs, cron, onCalendar });
    },
  );

  it('never runs more often than the minimum it is given (GitHub: 5 minutes)', () => {
    expect(chooseCadence(60_000, 300_000)).toMatchObject({ periodMs: 300_000, cron: '*/5 * * * *' });
  });
});

describe('github', () => {
  it('is the shipped .github/workflows/collect.yml, byte for byte, for a 5-minute interval and the default paths', async () => {
    const shipped = await readFile(`${ROOT}.github/workflows/collect.yml`, 'utf8');
    const rendered = renderSchedule('github', SAMPLE);
    expect(rendered.files).toEqual([{ path: '.github/workflows/collect.yml', content: shipped }]);
    expect(rendered.instructions[0]).toContain('the collect workflow Vigil ships');
  });

  it('takes the interval, the source and quoted paths, and says GitHub runs every 5 minutes at most', () => {
    const rendered = renderSchedule('github', { ...AWKWARD, intervalMs: 60_000, source: 'hpc-login' });
    const workflow = parse(rendered.files[0]?.content ?? '');
    expect(workflow.on.schedule).toEqual([{ cron: '*/5 * * * *' }]);
    expect(workflow.jobs.collect['runs-on']).toBe('self-hosted');
    expect(workflow.jobs.collect.env.VIGIL_SOURCE).toBe("${{ vars.VIGIL_SOURCE || 'hpc-login' }}");
    expect(workflow.jobs.collect.steps.at(-1).run).toBe(
      `npx vigil collect --publish --config ${quoteShell(AWKWARD.configPath)} --data ${quoteShell(AWKWARD.dataDir)}`,
    );
    expect(rendered.instructions.join('\n')).toMatch(/every 5 minutes at most/);
    expect(rendered.instructions[0]).not.toContain('Vigil ships');
  });
});

describe('gitlab', () => {
  it('has a collect job on schedules on the tagged runner and a pages job on pushes to the default branch', () => {
    const ci = parse(renderFile('gitlab', SAMPLE, '.gitlab-ci.yml'));
    expect(ci.stages).toEqual(['collect', 'deploy']);
    const collect = ci['vigil-collect'];
    expect(collect.tags).toEqual(['vigil']);
    expect(collect.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
    expect(collect.script.at(-1)).toBe(
      'node_modules/.bin/node collectors/cli/vigil.js collect --publish --config status.config.yaml --data data',
    );
    expect(ci.pages.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
    ]);
    expect(ci.pages.script.at(-1)).toBe(
      'node_modules/.bin/node collectors/cli/vigil.js build --config status.config.yaml --data data --out public',
    );
    expect(ci.pages.artifacts).toEqual({ paths: ['public'] });
  });

  it('pushes with the token by reference only, and publishes even when --publish was not given', () => {
    const content = renderFile('gitlab', { ...SAMPLE, publish: false }, '.gitlab-ci.yml');
    const ci = parse(content);
    expect(content).toContain('$VIGIL_PUSH_TOKEN');
    expect(ci['vigil-collect'].script.at(-1)).toContain('collect --publish');
    const instructions = renderSchedule('gitlab', { ...SAMPLE, intervalMs: 900_000 }).instructions.join('\n');
    expect(instructions).toContain('"*/15 * * * *"');
    expect(instructions).toContain('VIGIL_PUSH_TOKEN');
    expect(instructions).toContain('Pipeline schedules');
  });

  it('quotes awkward paths so YAML and the shell give them back unchanged', () => {
    const ci = parse(renderFile('gitlab', AWKWARD, '.gitlab-ci.yml'));
    expect(ci['vigil-collect'].script.at(-1)).toBe(
      `node_modules/.bin/node collectors/cli/vigil.js collect --publish --config ${quoteShell(AWKWARD.configPath)} --data ${quoteShell(AWKWARD.dataDir)}`,
    );
  });
});

describe('systemd', () => {
  it('writes a oneshot service, its timer and the watch-mode service under deploy/systemd/', () => {
    const rendered = renderSchedule('systemd', SAMPLE);
    expect(rendered.files.map((file) => file.path)).toEqual([
      'deploy/systemd/vigil-collect.service',
      'deploy/systemd/vigil-collect.timer',
      'deploy/systemd/vigil-watch.service',
    ]);
    const service = parseUnitFile(rendered.files[0]?.content ?? '');
    expect(service.Service).toMatchObject({
      Type: ['oneshot'],
      User: ['vigil'],
      WorkingDirectory: ['/srv/vigil'],
      SuccessExitStatus: ['3'],
      TimeoutStartSec: ['240s'],
    });
    expect(splitSystemdCommand(service.Service?.ExecStart?.[0] ?? '')).toEqual([
      '/srv/vigil/node_modules/.bin/node',
      'collectors/cli/vigil.js',
      'collect',
      '--publish',
      '--config',
      'status.config.yaml',
      '--data',
      'data',
    ]);
    const timer = parseUnitFile(rendered.files[1]?.content ?? '');
    expect(timer.Timer).toEqual({ OnCalendar: ['*:0/5'], AccuracySec: ['1s'], Persistent: ['true'] });
    expect(timer.Install).toEqual({ WantedBy: ['timers.target'] });
    const watch = parseUnitFile(rendered.files[2]?.content ?? '');
    expect(watch.Service?.Type).toEqual(['simple']);
    expect(splitSystemdCommand(watch.Service?.ExecStart?.[0] ?? '').slice(2)).toEqual([
      'watch',
      '--config',
      'status.config.yaml',
      '--data',
      'data',
      '--publish-every',
      '5m',
    ]);
    const instructions = rendered.instructions.join('\n');
    expect(instructions).toContain('sudo install -m 644 deploy/systemd/vigil-collect.service');
    expect(instructions).toContain('systemctl daemon-reload');
    expect(instructions).toContain('systemctl enable --now vigil-collect.timer');
    expect(instructions).toContain('journalctl -u vigil-collect');
  });

  it('starts a little over collect.deadline, without publishing time when it does not publish', () => {
    const service = parseUnitFile(
      renderFile(
        'systemd',
        { ...SAMPLE, publish: false, collectDeadlineMs: 60_000 },
        'deploy/systemd/vigil-collect.service',
      ),
    );
    expect(service.Service?.TimeoutStartSec).toEqual(['90s']);
    expect(service.Service?.SuccessExitStatus).toBeUndefined();
    expect(service.Service?.ExecStart?.[0]).not.toContain('--publish');
  });

  it('quotes every word so systemd gives back each path as it is, with `%` and `$` escaped', () => {
    const service = parseUnitFile(
      renderFile(
        'systemd',
        { ...AWKWARD, pathEnv: '/opt/slurm 1/bin:/usr/bin' },
        'deploy/systemd/vigil-collect.service',
      ),
    );
    expect(service.Service?.WorkingDirectory).toEqual([AWKWARD.projectDir.replaceAll('%', '%%')]);
    // systemd refuses a program path with a quote or a backslash: env runs it, given as an argument.
    expect(splitSystemdCommand(service.Service?.ExecStart?.[0] ?? '')).toEqual([
      '/usr/bin/env',
      AWKWARD.nodePath,
      'collectors/cli/vigil.js',
      'collect',
      '--publish',
      '--config',
      AWKWARD.configPath,
      '--data',
      AWKWARD.dataDir,
    ]);
    expect(splitSystemdCommand(service.Service?.Environment?.[0] ?? '', { isExec: false })).toEqual([
      'PATH=/opt/slurm 1/bin:/usr/bin',
    ]);
  });

  it('runs a program path with spaces, `$` and `%` itself: systemd expands neither `$` nor quotes in it', () => {
    const nodePath = '/opt/node $24 100%/bin/node';
    const service = parseUnitFile(
      renderFile('systemd', { ...SAMPLE, nodePath }, 'deploy/systemd/vigil-collect.service'),
    );
    const execStart = service.Service?.ExecStart?.[0] ?? '';
    expect(execStart.startsWith('"/opt/node $24 100%%/bin/node" ')).toBe(true);
    expect(splitSystemdCommand(execStart)[0]).toBe(nodePath);
  });
});

describe('cron', () => {
  it('writes deploy/vigil.crontab: the project node, no npx, cd into the project, output appended to a log', () => {
    const rendered = renderSchedule('cron', SAMPLE);
    expect(rendered.files.map((file) => file.path)).toEqual(['deploy/vigil.crontab']);
    const line = splitCronLine(rendered.files[0]?.content ?? '');
    expect(line.schedule).toBe('*/5 * * * *');
    expect(line.command).toBe(
      'cd /srv/vigil && node_modules/.bin/node collectors/cli/vigil.js collect --publish --config status.config.yaml --data data >> vigil-collect.log 2>&1',
    );
    expect(line.command).not.toContain('npx');
    expect(rendered.instructions.join('\n')).toContain(
      'crontab -l 2>/dev/null | cat - deploy/vigil.crontab | crontab -',
    );
  });

  it('escapes `%` for cron and quotes for the shell; an absolute node outside the project stays absolute', () => {
    const rendered = renderSchedule('cron', {
      ...AWKWARD,
      nodePath: '/opt/node 24/bin/node',
      pathEnv: '/a b:/usr/bin',
    });
    const line = splitCronLine(rendered.files[0]?.content ?? '');
    expect(line.raw).not.toMatch(/(^|[^\\])%/);
    expect(line.command).toBe(
      `cd ${quoteShell(AWKWARD.projectDir)} && PATH='/a b:/usr/bin' '/opt/node 24/bin/node' collectors/cli/vigil.js collect --publish --config ${quoteShell(AWKWARD.configPath)} --data ${quoteShell(AWKWARD.dataDir)} >> vigil-collect.log 2>&1`,
    );
  });

  it('runs Vigil from where it is installed when the project folder is not a Vigil checkout', () => {
    const options = { ...SAMPLE, projectDir: '/srv/status', vigilPath: '/opt/vigil/collectors/cli/vigil.js' };
    expect(splitCronLine(renderFile('cron', options, 'deploy/vigil.crontab')).command).toMatch(
      /^cd \/srv\/status && \/srv\/vigil\/node_modules\/.bin\/node \/opt\/vigil\/collectors\/cli\/vigil.js collect /,
    );
    const service = parseUnitFile(renderFile('systemd', options, 'deploy/systemd/vigil-collect.service'));
    expect(splitSystemdCommand(service.Service?.ExecStart?.[0] ?? '').slice(0, 2)).toEqual([
      '/srv/vigil/node_modules/.bin/node',
      '/opt/vigil/collectors/cli/vigil.js',
    ]);
  });

  it('says when the interval is shorter than cron can run', () => {
    const rendered = renderSchedule('cron', { ...SAMPLE, intervalMs: 30_000 });
    expect(splitCronLine(rendered.files[0]?.content ?? '').schedule).toBe('* * * * *');
    expect(rendered.instructions.join('\n')).toMatch(/once a minute at most.*watch mode/);
  });
});

describe('renderSchedule', () => {
  it('refuses a relative project folder and names with line breaks, naming the option', () => {
    expect(() => renderSchedule('cron', { ...SAMPLE, projectDir: 'srv/vigil' })).toThrow(
      /projectDir must be an absolute path, got "srv\/vigil"/,
    );
    expect(() => renderSchedule('systemd', { ...SAMPLE, dataDir: 'da\nta' })).toThrow(
      /dataDir .* holds a line break/,
    );
    expect(() => renderSchedule('github', { ...SAMPLE, intervalMs: 0 })).toThrow(
      /intervalMs must be a positive/,
    );
  });

  it.each(SCHEDULE_KINDS)(
    '%s: writes whole files (ending in a line break) and says how to install them',
    (kind) => {
      const rendered = renderSchedule(kind, SAMPLE);
      expect(rendered.files.length).toBeGreaterThan(0);
      expect(rendered.instructions.length).toBeGreaterThan(0);
      for (const file of rendered.files) expect(file.content.endsWith('\n')).toBe(true);
    },
  );
});

describe('docs/operations.md', () => {
  // The docs show what init writes for this project; they must be its real output, not a retelling.
  const documented: [(typeof SCHEDULE_KINDS)[number], ScheduleOptions, string][] = [
    ['cron', { ...SAMPLE, publish: false }, 'cron'],
    ['systemd', SAMPLE, 'ini'],
    ['gitlab', SAMPLE, 'yaml'],
  ];

  it.each(documented)(
    'shows the files and instructions `vigil init --schedule %s` writes and prints',
    async (kind, options, fence) => {
      const docs = await readFile(`${ROOT}docs/operations.md`, 'utf8');
      const rendered = renderSchedule(kind, options);
      const shown = rendered.files.filter((file) => !file.path.endsWith('vigil-watch.service'));
      for (const file of shown) expect(docs).toContain(`\`\`\`${fence}\n${file.content.trimEnd()}\n\`\`\`\n`);
      expect(docs).toContain(`\`\`\`\n${rendered.instructions.join('\n')}\n\`\`\`\n`);
    },
  );
});
