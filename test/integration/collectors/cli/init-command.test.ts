// `vigil init` as people run it: the real CLI on this machine, in a fresh project folder, and on a
// real pseudo-terminal for the questions it asks there.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { spawnOnPty } from '../../../helpers/pty.ts';
import { runVigil, VIGIL_BIN } from '../../../helpers/run-vigil.ts';

const SHIPPED_DEFAULT = new URL('../../../../status.config.yaml', import.meta.url);
const EDITED = 'site:\n  title: Mine\nchecks: []\n';

describe('vigil init', () => {
  let dir: string;
  let configPath: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-init-'));
    configPath = path.join(dir, 'status.config.yaml');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const init = (...args: string[]) => runVigil(['init', '--timeout', '5s', ...args], { cwd: dir });

  it('replaces the untouched shipped default without --force, and what it writes validates', async () => {
    await copyFile(SHIPPED_DEFAULT, configPath);
    const run = await init('--yes');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^vigil init: looking at this machine \(/);
    expect(run.stdout).toMatch(/vigil init: found \d+ things? to watch:\n {2}This machine +host +/);
    expect(run.stdout).toContain('vigil init: wrote status.config.yaml (');
    expect(run.stdout).toContain('; replaced the shipped default)');
    const text = await readFile(configPath, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+status\.config\.schema\.json\n/);
    const validated = await runVigil(['validate', '--config', configPath, '--data', path.join(dir, 'data')], {
      cwd: dir,
    });
    expect(validated.exitCode).toBe(0);
    expect(parseConfigText(text, 'status.config.yaml', {}).config.checks[0]?.type).toBe('host');
  });

  it('never replaces an edited config without --force, and --force does', async () => {
    await writeFile(configPath, EDITED);
    const refused = await init('--yes');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'vigil init: status.config.yaml exists; pass --force to replace it, or --dry-run to print what init would write',
    );
    expect(await readFile(configPath, 'utf8')).toBe(EDITED);
    const forced = await init('--yes', '--force');
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toContain('vigil init: wrote status.config.yaml (');
    expect(forced.stdout).toContain('; replaced)');
    expect(await readFile(configPath, 'utf8')).toContain('Written by `vigil init`');
  });

  it('--dry-run prints the config on stdout and the report on stderr, and writes nothing', async () => {
    await writeFile(configPath, EDITED);
    const run = await init('--dry-run');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(parseConfigText(run.stdout, 'stdout', {}).config.checks.length).toBeGreaterThan(0);
    expect(run.stderr).toContain('vigil init: found ');
    expect(run.stderr).toContain('not on a terminal, so every finding is kept');
    expect(await readFile(configPath, 'utf8')).toBe(EDITED);
  });

  it('refuses bad flags with one located line and exit 1', async () => {
    const schedule = await init('--schedule', 'launchd');
    expect(schedule.exitCode).toBe(1);
    expect(schedule.stderr.trim()).toBe(
      'vigil init: --schedule "launchd"; expected one of github, gitlab, systemd, cron',
    );
    const timeout = await init('--timeout', 'soon');
    expect(timeout.exitCode).toBe(1);
    expect(timeout.stderr.trim()).toBe(
      'vigil init: --timeout "soon"; expected a duration from 1s to 10m, e.g. 10s',
    );
    await expect(stat(configPath)).rejects.toThrow(/ENOENT/);
  });

  it('--schedule with an edited config keeps it and writes only the schedule', async () => {
    await writeFile(configPath, EDITED);
    const run = await init('--schedule', 'cron');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      'vigil init: status.config.yaml exists and is kept; writing the cron schedule for it',
    );
    expect(run.stdout).toContain('vigil init: wrote deploy/vigil.crontab');
    expect(await readFile(configPath, 'utf8')).toBe(EDITED);
    const crontab = await readFile(path.join(dir, 'deploy', 'vigil.crontab'), 'utf8');
    expect(crontab).toContain('collectors/cli/vigil.js collect');
    const commands = crontab.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).not.toContain('npx');
    // Run again: nothing to change; then with the file edited, it is kept, not replaced behind the user's back.
    const again = await init('--schedule', 'cron');
    expect(again.stdout).toContain('vigil init: deploy/vigil.crontab is already as it would be written');
    await writeFile(path.join(dir, 'deploy', 'vigil.crontab'), `${crontab}# mine\n`);
    const edited = await init('--schedule', 'cron');
    expect(edited.stdout).toContain(
      'vigil init: deploy/vigil.crontab exists and is kept (--force replaces it)',
    );
    expect(await readFile(path.join(dir, 'deploy', 'vigil.crontab'), 'utf8')).toBe(`${crontab}# mine\n`);
  });

  it('on a terminal it asks which findings to keep: the host unticked is left out', async () => {
    const pty = spawnOnPty([process.execPath, VIGIL_BIN, 'init', '--timeout', '5s'], { cwd: dir });
    await pty.waitFor(/Which of these should the status page watch\?/);
    await pty.waitFor(/This machine/);
    // The cursor starts on the first group, "This machine": space unticks it, enter writes.
    pty.type(' ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    pty.type('\r');
    expect(await pty.exited).toBe(0);
    expect(pty.output()).toContain('vigil init: wrote status.config.yaml (');
    const { config } = parseConfigText(await readFile(configPath, 'utf8'), 'status.config.yaml', {});
    expect(config.checks.map((check) => check.type)).not.toContain('host');
    expect(await readFile(configPath, 'utf8')).toMatch(/# {3}this machine[^\n]*: not chosen/i);
  });

  it('Ctrl-C at the question writes nothing and exits 2', async () => {
    const pty = spawnOnPty([process.execPath, VIGIL_BIN, 'init', '--timeout', '5s'], { cwd: dir });
    await pty.waitFor(/Which of these should the status page watch\?/);
    pty.type('\x03');
    expect(await pty.exited).toBe(2);
    expect(pty.output()).toContain('vigil init: cancelled; nothing written');
    await expect(stat(configPath)).rejects.toThrow(/ENOENT/);
  }, 120_000);
});

describe('vigil start and the shipped default', () => {
  it('on a terminal, suggests vigil init in one line while the config is the shipped default', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-start-init-'));
    try {
      await copyFile(SHIPPED_DEFAULT, path.join(dir, 'status.config.yaml'));
      const pty = spawnOnPty([process.execPath, VIGIL_BIN, 'start', '--once', '--port', '0'], { cwd: dir });
      await pty.waitFor(/vigil start: collecting once/);
      // Ctrl-C, as the person at the terminal would.
      pty.type('\x03');
      await pty.exited;
      const lines = pty.output().split(/\r?\n/);
      expect(lines.filter((line) => line.includes('vigil init'))).toEqual([
        'vigil start: status.config.yaml is still the shipped default; `npx vigil init` writes one that watches what this machine runs',
      ]);
      // Not on a terminal (cron, CI, a pipe): not a word of it.
      const piped = spawn(process.execPath, [VIGIL_BIN, 'start', '--once', '--port', '0'], { cwd: dir });
      let stdout = '';
      await new Promise<void>((resolve) => {
        piped.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('collecting once')) resolve();
        });
      });
      const exited = new Promise((resolve) => piped.once('exit', resolve));
      piped.kill('SIGINT');
      await exited;
      expect(stdout).not.toContain('vigil init');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
