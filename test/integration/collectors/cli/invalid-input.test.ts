// Every command, every kind of invalid input: exit 1, one message that names the file, line or field
// (or the flag), paths as they open from the working directory, and never a stack trace. The real CLI
// runs in a child process with pipes (not a terminal), as cron or CI would run it, so the output
// also carries no escape sequence.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil } from '../../../helpers/run-vigil.ts';

const CONFIG = [
  'site:',
  '  title: Invalid input',
  'groups:',
  '  - { id: web, name: Web }',
  'checks:',
  '  - { id: api, name: API, group: web, type: tcp, host: 127.0.0.1, port: 9 }',
  '',
].join('\n');

// Each file of the project below, by name; `data/` holds an invalid incident file.
const FILES: Record<string, string> = {
  'status.config.yaml': CONFIG,
  'unclosed.yaml': CONFIG.replace('{ id: web, name: Web }', '{ id: web, name: Web'),
  'tabbed.yaml': 'site:\n\ttitle: Tabs\n',
  'schema.yaml': CONFIG.replace('port: 9', 'port: nine'),
  'misspelt.yaml': CONFIG.replace('title: Invalid input', 'titel: Invalid input'),
  'regex.yaml': `${CONFIG}  - { id: ver, name: Version, group: web, type: command, command: [git, --version], match: "(\\\\d+)\\\\1" }\n`,
  'a-file': 'not a directory\n',
  // Data folders whose incidents/ or snapshots/ is a file.
  'bad-incidents/incidents': '',
  'bad-snapshots/snapshots': '',
  'data/incidents/2026-11-20-login.md':
    '---\ntitle: Login slow\nstatus: investigating\naffected: [web]\nstart: last tuesday\n---\nLooking.\n',
  'data/incidents/2026-11-21-broken.md': '---\ntitle: "Broken\nstatus: investigating\n---\n',
  'gatus.yaml': 'endpoints:\n  - name: a\n   url: x\n',
  'kuma.json': '{ "version": "1.23",',
  'upptime.yml': 'owner: me\n',
};

interface Case {
  args: string[];
  /** What stderr must say: the location and the reason. */
  says: RegExp;
}

const CASES: Record<string, Case[]> = {
  vigil: [
    { args: ['deploy'], says: /^vigil: unknown command "deploy"; expected one of collect, / },
    { args: ['help', 'deploy'], says: /^vigil: unknown command "deploy"/ },
  ],
  collect: [
    {
      args: ['collect', '--bogus'],
      says: /^vigil collect: Unknown option '--bogus'; see "vigil collect --help"$/,
    },
    { args: ['collect', '--config'], says: /^vigil collect: Option '--config <value>' argument missing; / },
    { args: ['collect', 'extra'], says: /^vigil collect: Unexpected argument 'extra'/ },
    {
      args: ['collect', '--only', 'nope'],
      says: /^vigil collect: --only: no check "nope" for source "local"$/,
    },
    {
      args: ['collect', '--all', '--only', 'api'],
      says: /^vigil collect: --all and --only: give one of them/,
    },
    {
      args: ['collect', '--source', 'nope'],
      says: /^vigil collect: --source: unknown source "nope"; known: local$/,
    },
    {
      args: ['collect', '--config', 'missing.yaml'],
      says: /^missing\.yaml: 1 problem:\n {2}missing\.yaml: file not found; pass --config FILE/,
    },
    {
      args: ['collect', '--config', 'data'],
      says: /^data: 1 problem:\n {2}data: cannot read it: is a directory, not a file \(EISDIR\)$/,
    },
    {
      args: ['collect', '--config', 'unclosed.yaml'],
      says: /^ {2}unclosed\.yaml:4:5: YAML syntax error: Flow map in block collection .* \(opened here, never closed\)$/m,
    },
    {
      args: ['collect', '--config', 'tabbed.yaml'],
      says: /^ {2}tabbed\.yaml:2:1: YAML syntax error: Tabs are not allowed as indentation$/m,
    },
    {
      args: ['collect', '--config', 'schema.yaml'],
      says: /^ {2}schema\.yaml:6: checks\[0\]\.port: expected number, received string, got "nine"$/m,
    },
    {
      args: ['collect', '--data', 'a-file'],
      says: /^vigil collect: data directory a-file: is a file, not a directory; give --data DIR/,
    },
    {
      args: ['collect', '--data', 'a-file/data'],
      says: /^vigil collect: data directory a-file\/data: a part of the path is a file, not a directory \(ENOTDIR\)/,
    },
    {
      args: ['collect', '--render', '--out', 'a-file'],
      says: /^vigil collect: output directory a-file: is a file, not a directory; give --out DIR$/,
    },
  ],
  build: [
    { args: ['build', '--bogus'], says: /^vigil build: Unknown option '--bogus'/ },
    {
      args: ['build', '--config', 'misspelt.yaml'],
      says: /^ {2}misspelt\.yaml:2: site\.titel: unknown field; check the spelling/m,
    },
    {
      args: ['build'],
      says: /^Vigil cannot build the site: 2 problems in incident files:\n {2}data\/incidents\/2026-11-20-login\.md: start: expected a date and time with a time zone, like "2026-11-22T14:05:00Z", got "last tuesday"\n {2}data\/incidents\/2026-11-21-broken\.md: frontmatter \(line 2\): YAML syntax error: Missing closing "quote/m,
    },
    {
      args: ['build', '--data', 'a-file'],
      says: /^vigil build: data directory a-file: is a file, not a directory/,
    },
    {
      args: ['build', '--data', 'bad-incidents'],
      says: /^vigil build: bad-incidents\/incidents: is a file, not a directory; it holds the incidents files/,
    },
    {
      args: ['build', '--data', 'bad-snapshots'],
      says: /^vigil build: bad-snapshots\/snapshots: is a file, not a directory; it holds the snapshots files/,
    },
    {
      args: ['build', '--out', 'a-file'],
      says: /^vigil build: output directory a-file: is a file, not a directory/,
    },
  ],
  validate: [
    { args: ['validate', '--config', 'missing.yaml'], says: /^ {2}missing\.yaml: file not found/m },
    {
      args: ['validate', '--config', 'regex.yaml'],
      says: /^ {2}regex\.yaml:7: checks\[1\]\.match: "\(\\d\+\)\\1" needs backtracking \(a lookahead or a backreference\)/m,
    },
    {
      args: ['validate'],
      says: /^data\/incidents\/2026-11-20-login\.md: start: expected a date and time with a time zone/m,
    },
    { args: ['validate', '--data', 'a-file'], says: /^vigil validate: data directory a-file: is a file/ },
    {
      args: ['validate', '--data', 'bad-incidents'],
      says: /^vigil validate: bad-incidents\/incidents: is a file, not a directory; it holds the incidents files/,
    },
    {
      args: ['validate', '--data', 'bad-snapshots'],
      says: /^vigil validate: bad-snapshots\/snapshots: is a file, not a directory; it holds the snapshots files/,
    },
  ],
  publish: [
    { args: ['publish', '--bogus'], says: /^vigil publish: Unknown option '--bogus'/ },
    { args: ['publish', '--data', 'a-file'], says: /^vigil publish: data directory a-file: is a file/ },
    { args: ['publish'], says: /is not inside a git checkout; clone the status repository/ },
  ],
  watch: [
    {
      args: ['watch', '--port', 'abc'],
      says: /^vigil watch: --port: expected a port number from 0 to 65535, got "abc"$/,
    },
    {
      args: ['watch', '--publish-every', 'often'],
      says: /^vigil watch: --publish-every: expected a duration/,
    },
    { args: ['watch', '--config', 'schema.yaml'], says: /^ {2}schema\.yaml:6: checks\[0\]\.port: /m },
    { args: ['watch', '--out', 'a-file'], says: /^vigil watch: output directory a-file: is a file/ },
    {
      args: ['watch'],
      says: /^Vigil cannot build the site: 2 problems in incident files:\n {2}data\/incidents\//,
    },
  ],
  start: [
    {
      args: ['start', '--port', '99999'],
      says: /^vigil start: --port: expected a port number from 0 to 65535, got "99999"$/,
    },
    { args: ['start', '--config', 'unclosed.yaml'], says: /^ {2}unclosed\.yaml:4:5: YAML syntax error: /m },
    { args: ['start', '--data', 'a-file'], says: /^vigil start: data directory a-file: is a file/ },
    { args: ['start', '--port', '0'], says: /^Vigil cannot build the site: 2 problems in incident files:/m },
  ],
  import: [
    {
      args: ['import', 'nagios', 'x.cfg'],
      says: /^vigil import: unknown source "nagios"; expected one of gatus, kuma, upptime$/,
    },
    {
      args: ['import', 'gatus', 'missing.yaml', '--dry-run'],
      says: /^missing\.yaml: cannot read it: no such file$/,
    },
    {
      args: ['import', 'gatus', 'data', '--dry-run'],
      says: /^data: cannot read it: is a directory, not a file \(EISDIR\)$/,
    },
    { args: ['import', 'gatus', 'gatus.yaml', '--dry-run'], says: /^gatus\.yaml:3:\d+: YAML syntax error: / },
    {
      args: ['import', 'kuma', 'kuma.json', '--dry-run'],
      says: /^kuma\.json:1: not valid JSON; an Uptime Kuma backup is /,
    },
    {
      args: ['import', 'upptime', 'upptime.yml', '--dry-run'],
      says: /^upptime\.yml:1: expected "sites:" with a list/,
    },
    {
      args: ['import', 'gatus', 'gatus.yaml'],
      says: /^vigil import: status\.config\.yaml exists; pass --force/,
    },
  ],
  heartbeat: [
    {
      args: ['heartbeat', 'nope'],
      says: /^vigil heartbeat: no heartbeat check "nope" in status\.config\.yaml/,
    },
    {
      args: ['heartbeat', 'api', '--status', 'sideways'],
      says: /^vigil heartbeat: --status: expected one of up, degraded, down, got "sideways"$/,
    },
  ],
  notify: [
    { args: ['notify', 'test'], says: /^vigil notify test: name the provider to test/ },
    {
      args: ['notify', 'test', 'pager'],
      says: /^vigil notify test: no provider "pager" in alerts\.providers \(known: none\)$/,
    },
  ],
  incident: [
    { args: ['incident', 'close'], says: /^vigil incident: unknown subcommand "close"; expected "new"$/ },
    { args: ['incident', 'new'], says: /^vigil incident new: --title is required/ },
    {
      args: ['incident', 'new', '--title', 'Down', '--affected', 'mail'],
      says: /^vigil incident new: the file would be invalid:\n {2}affected\[0\]: unknown check or group "mail"/,
    },
    {
      args: ['incident', 'new', '--title', 'Down', '--affected', 'api', '--start', 'soon'],
      says: /^vigil incident new: --start: expected a date and time with a time zone/,
    },
    {
      args: ['incident', 'new', '--title', 'Down', '--affected', 'api', '--data', 'a-file'],
      says: /^vigil incident new: data directory a-file: is a file/,
    },
  ],
  init: [
    {
      args: ['init', '--timeout', 'abc'],
      says: /^vigil init: --timeout "abc"; expected a duration from 1s to 10m/,
    },
    {
      args: ['init', '--schedule', 'anacron'],
      says: /^vigil init: --schedule "anacron"; expected one of github, /,
    },
    { args: ['init', '--bogus'], says: /^vigil init: Unknown option '--bogus'/ },
  ],
};

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-invalid-input-'));
  for (const [name, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(Object.entries(CASES))('vigil %s on invalid input', (_command, cases) => {
  it.each(cases)('$args: exit 1, says where, no stack trace', async ({ args, says }) => {
    // Without NO_COLOR: pipes alone keep the output plain.
    const run = await runVigil(args, { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr.trimEnd()).toMatch(says);
    // No stack frame, no dump of an Error object, no Node internals.
    expect(run.stderr).not.toMatch(/^\s+at .+[:(]/m);
    expect(run.stderr).not.toMatch(/\b[A-Za-z]*Error(:| \{)|node:internal|errno:|\[cause\]/);
    // Paths are relative to where it ran: the temporary folder's own path never shows.
    expect(run.stderr).not.toContain(dir);
    expect(`${run.stdout}${run.stderr}`).not.toContain('\x1b');
  });
});
