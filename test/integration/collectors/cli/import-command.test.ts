// `vigil import` through the real CLI: each fixture imported, then `vigil validate` on what it wrote.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_TYPES } from '../../../../core/model/check-schema.ts';
import { runVigil } from '../../../helpers/run-vigil.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/import/', import.meta.url));
const NOT_MAPPED_LINE = /^not mapped: \S.*: \S.*$/;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function importAndValidate(kind: string, fixture: string) {
  const out = path.join(dir, 'status.config.yaml');
  const run = await runVigil(['import', kind, path.join(FIXTURES, fixture), '--out', out], { cwd: dir });
  expect(
    run.stderr
      .split('\n')
      .filter(Boolean)
      .every((line) => NOT_MAPPED_LINE.test(line)),
    run.stderr,
  ).toBe(true);
  expect(run.exitCode, run.stderr).toBe(0);
  const validate = await runVigil(['validate', '--config', out, '--data', path.join(dir, 'data')], {
    cwd: dir,
  });
  expect(validate.exitCode, validate.stderr).toBe(0);
  return { run, text: await readFile(out, 'utf8') };
}

/** A check of a type this Vigil has is written; of one it lacks, listed with the loader's reason. */
function expectWrittenOrListed(text: string, stderr: string, where: string, type: string): void {
  if (CHECK_TYPES.includes(type as never)) expect(text).toContain(`# from ${where}`);
  else expect(stderr).toContain(`not mapped: ${where}: the ${type} check it would become is invalid`);
}

describe('vigil import gatus', () => {
  it('imports the README-style config, and vigil validate accepts the file', async () => {
    const { run, text } = await importAndValidate('gatus', 'gatus-config.yaml');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*status\.config\.schema\.json$/);
    expect(text).toContain('# Imported by `vigil import gatus` from ');
    expect(run.stdout).toMatch(/^vigil import: wrote status\.config\.yaml \(\d+ checks, \d+ not mapped\)$/m);
    expect(run.stderr).toContain(
      'not mapped: endpoints[1] "legacy-ftp" (line 35): udp:// endpoints have no Vigil check type (UDP has no connection to prove)\n',
    );
    expect(text).toContain('# from endpoints[0] "front-end" (line 24)\n  - id: front-end\n');
    expect(text).toContain('Authorization: Bearer ${API_TOKEN}');
    expect(text).toContain('#   API_TOKEN: endpoints[2].headers.Authorization');
    expect(text).not.toContain('potato');
    for (const [where, type] of [
      ['endpoints[5] "example-dns-query" (line 78)', 'dns'],
      ['endpoints[6] "icmp-ping" (line 86)', 'ping'],
      ['endpoints[9] "tls-ldaps" (line 101)', 'tls'],
      ['endpoints[10] "starttls-smtp" (line 107)', 'smtp'],
      ['endpoints[11] "websocket" (line 115)', 'websocket'],
      ['endpoints[12] "my-grpc" (line 121)', 'grpc'],
      ['external-endpoints[0] "nightly-backup" (line 150)', 'heartbeat'],
    ] as const)
      expectWrittenOrListed(text, run.stderr, where, type);
  });

  it('imports the config with every documented key', async () => {
    const { run, text } = await importAndValidate('gatus', 'gatus-every-key.yaml');
    expect(text).toContain('# from endpoints[0] "everything" (line 79)');
    for (const key of ['storage', 'alerting', 'security', 'tunneling', 'suites', 'announcements'])
      expect(run.stderr).toMatch(new RegExp(`^not mapped: ${key} \\(line \\d+\\): `, 'm'));
    expect(text).not.toContain('potato');
    expect(text).not.toContain('BEGIN RSA');
  });

  it('never overwrites without --force, and --dry-run prints without writing', async () => {
    const out = path.join(dir, 'status.config.yaml');
    await writeFile(out, 'mine\n');
    const fixture = path.join(FIXTURES, 'gatus-config.yaml');
    const refused = await runVigil(['import', 'gatus', fixture], { cwd: dir });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'vigil import: status.config.yaml exists; pass --force to replace it, --out FILE to write elsewhere, or --dry-run to print it',
    );
    expect(await readFile(out, 'utf8')).toBe('mine\n');
    const dry = await runVigil(['import', 'gatus', fixture, '--dry-run'], { cwd: dir });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toMatch(/^# yaml-language-server: /);
    expect(await readFile(out, 'utf8')).toBe('mine\n');
    const forced = await runVigil(['import', 'gatus', fixture, '--force'], { cwd: dir });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/^# yaml-language-server: /);
  });

  it('unreadable input is FILE:LINE, exit 1, no stack, nothing written', async () => {
    await writeFile(path.join(dir, 'bad.yaml'), 'endpoints:\n  - name: a\n   url: x\n');
    const run = await runVigil(['import', 'gatus', 'bad.yaml'], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toMatch(/^bad\.yaml:3:\d+: YAML syntax error: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await expect(stat(path.join(dir, 'status.config.yaml'))).rejects.toThrow();
  });
});

describe('vigil import kuma', () => {
  it('imports a backup with every monitor type; no password or token of it is written', async () => {
    const { run, text } = await importAndValidate('kuma', 'kuma-backup.json');
    for (const secret of ['hunter2', 's3cr3t-token', 'pa55word', 'Xk2bQ9sL1p', 'hooks.slack.com'])
      expect(text + run.stdout + run.stderr).not.toContain(secret);
    expect(text).toContain('password: ${MAIN_DB_PASSWORD}');
    expect(text).toContain('# from monitorList[2] "Website" (line 14)\n  - id: website\n');
    expect(run.stderr).toContain(
      'not mapped: monitorList[19] "Checkout flow" (line 31): Uptime Kuma\'s real-browser monitors have no Vigil check type\n',
    );
    expect(run.stderr).toMatch(/^not mapped: notificationList\[0\] "Slack ops" \(line 5\): /m);
    for (const [where, type] of [
      ['monitorList[9] "Gateway ping" (line 21)', 'ping'],
      ['monitorList[10] "DNS example.com" (line 22)', 'dns'],
      ['monitorList[11] "Nightly backup" (line 23)', 'heartbeat'],
      ['monitorList[16] "Orders gRPC" (line 28)', 'grpc'],
      ['monitorList[17] "Mail relay" (line 29)', 'smtp'],
      ['monitorList[18] "Live feed" (line 30)', 'websocket'],
    ] as const)
      expectWrittenOrListed(text, run.stderr, where, type);
  });

  it('a backup that is not JSON, or not a backup, is FILE:LINE and exit 1', async () => {
    await writeFile(
      path.join(dir, 'broken.json'),
      '{\n  "monitorList": [\n    {"name": "db", "basic_auth_pass": hunter2secret}\n  ]\n}\n',
    );
    await writeFile(path.join(dir, 'other.json'), '{"endpoints": []}\n');
    const broken = await runVigil(['import', 'kuma', 'broken.json', '--dry-run'], { cwd: dir });
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr.trim()).toMatch(/^broken\.json:3: not valid JSON; /);
    // The parser's own message quotes the text around the mistake: here, a password.
    expect(broken.stderr).not.toContain('hunter2');
    const other = await runVigil(['import', 'kuma', 'other.json', '--dry-run'], { cwd: dir });
    expect(other.exitCode).toBe(1);
    expect(other.stderr.trim()).toMatch(/^other\.json:1: expected an Uptime Kuma backup/);
  });
});

describe('vigil import: flags', () => {
  it('an unknown source, a missing file and --history for gatus are one line and exit 1', async () => {
    const unknown = await runVigil(['import', 'nagios', 'x.cfg'], { cwd: dir });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      'vigil import: unknown source "nagios"; expected one of gatus, kuma, upptime',
    );
    const missing = await runVigil(['import', 'gatus', 'nope.yaml'], { cwd: dir });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.trim()).toBe('nope.yaml: cannot read it: no such file');
    const history = await runVigil(['import', 'gatus', 'nope.yaml', '--history'], { cwd: dir });
    expect(history.exitCode).toBe(1);
    expect(history.stderr.trim()).toMatch(/--history is for upptime only/);
  });
});
