import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandProbe } from '../../../../../collectors/probes/command/probe-command.ts';
import { runCommand } from '../../../../../collectors/transport/run-command.ts';
import { CommandCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

/** Fake executables, each a small shell script standing in for a real tool. */
const FAKE_TOOLS: Record<string, string> = {
  'tool-version': 'echo "tool version 1.2.3 (build 42, load 0.5)"',
  'health-json': 'echo \'{"status":"ok","queue":{"depth":"7"},"workers":3}\'',
  'health-json-bad': 'echo \'{"status":"degraded","queue":{"depth":7}}\'',
  'not-json': 'echo "<html>oops</html>"',
  'fails-loudly': 'echo "partial output"; echo "error: disk on fire" >&2; echo "second line" >&2; exit 2',
  'fails-quietly': 'exit 4',
  hangs: 'sleep 1000',
  'show-env': 'echo "dir=$(pwd) greeting=$GREETING lang=$LC_ALL"',
  chatty: 'head -c 100000 /dev/zero | tr "\\0" z; echo',
  'long-line': `printf '%0120d\\n' 0`,
  silent: 'true',
  'print-env': 'env | sort | tr "\\n" " "',
  // 45 a's and " b": ^(a|aa)+$ takes exponential time over it in a backtracking engine.
  'hostile-output': `printf '${'a'.repeat(45)} b'`,
};

let binDir: string;

beforeAll(async () => {
  binDir = await mkdtemp(path.join(tmpdir(), 'vigil-probe-command-'));
  for (const [name, body] of Object.entries(FAKE_TOOLS)) {
    await writeFile(path.join(binDir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
});

afterAll(async () => {
  await rm(binDir, { recursive: true, force: true });
});

function probe(fields: Record<string, unknown>, timeoutMs = 10_000) {
  const tool = fields.command as string[];
  const check = CommandCheckSchema.parse({
    id: 'cmd',
    type: 'command',
    ...fields,
    command: [path.join(binDir, tool[0] ?? ''), ...tool.slice(1)],
  });
  return commandProbe.probe(check, makeProbeContext({ run: runCommand, timeoutMs }));
}

describe('command probe', () => {
  it('is up on exit 0 and says the exit code, duration and first stdout line', async () => {
    const observation = await probe({ command: ['tool-version'] });
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(
      /^exit 0 in \d+(\.\d)? m?s; tool version 1\.2\.3 \(build 42, load 0\.5\)$/,
    );
    expect(observation.metrics).toMatchObject({ exitCode: 0, durationMs: expect.any(Number) });
  });

  it('records named groups: numbers as metrics, other text as detail', async () => {
    const observation = await probe({
      command: ['tool-version'],
      match: 'version (?<version>\\S+) \\(build (?<build>\\d+), load (?<load>[\\d.]+)\\)',
    });
    expect(observation.status).toBe('up');
    expect(observation.metrics).toMatchObject({ build: 42, load: 0.5 });
    expect(observation.detail).toEqual({ version: '1.2.3' });
  });

  it('is down when stdout does not match', async () => {
    const observation = await probe({ command: ['tool-version'], match: '^ready$' });
    expect(observation).toMatchObject({ status: 'down', message: 'stdout does not match /^ready$/' });
  });

  it('never runs with an invalid regex: the config is rejected when it loads', () => {
    const parsed = CommandCheckSchema.safeParse({
      id: 'x',
      type: 'command',
      command: ['tool-version'],
      match: 'version (',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      '"version (" is not a valid regular expression: unterminated group',
    );
  });

  it('a backtracking pattern (ReDoS) over hostile output runs in linear time and cannot stall the run', async () => {
    const observation = await probe({ command: ['hostile-output'], match: '^(a|aa)+$' });
    expect(observation).toMatchObject({ status: 'down', message: 'stdout does not match /^(a|aa)+$/' });
  });

  it('a pattern that needs backtracking (lookahead, backreference) is refused when the config loads, saying why', () => {
    for (const match of ['(?=ready)r', '(a)\\1']) {
      const parsed = CommandCheckSchema.safeParse({ id: 'x', type: 'command', command: ['true'], match });
      // Quoted as written in the file: `\1` is not doubled.
      expect(parsed.error?.issues[0]?.message.split(' needs backtracking ')).toEqual([
        `"${match}"`,
        expect.stringMatching(/^\(a lookahead or a backreference\)/),
      ]);
    }
  });

  it('checks JSON assertions and records JSON numbers as metrics', async () => {
    const observation = await probe({
      command: ['health-json'],
      json: [
        { path: '$.status', equals: 'ok' },
        { path: '$.queue.depth', metric: 'queueDepth' },
        { path: '$.workers', metric: 'workers' },
      ],
    });
    expect(observation.status).toBe('up');
    expect(observation.metrics).toMatchObject({ queueDepth: 7, workers: 3 });
  });

  it('is down when a JSON assertion fails, and still keeps the numbers it found', async () => {
    const observation = await probe({
      command: ['health-json-bad'],
      json: [
        { path: '$.status', equals: 'ok' },
        { path: '$.queue.depth', metric: 'queueDepth' },
      ],
    });
    expect(observation).toMatchObject({ status: 'down', message: '$.status is "degraded", expected "ok"' });
    expect(observation.metrics).toMatchObject({ queueDepth: 7, exitCode: 0 });
  });

  it('is down when JSON is expected and stdout is not JSON', async () => {
    const observation = await probe({ command: ['not-json'], json: [{ path: '$.status', equals: 'ok' }] });
    expect(observation.status).toBe('down');
    expect(observation.message).toMatch(/^stdout is not JSON: /);
  });

  it('is down on an unexpected exit code and quotes the first stderr line', async () => {
    const observation = await probe({ command: ['fails-loudly'] });
    expect(observation).toMatchObject({
      status: 'down',
      message: 'exit 2 (expected 0): error: disk on fire',
    });
    expect(observation.metrics).toMatchObject({ exitCode: 2 });
  });

  it('says only the exit code when the program printed nothing', async () => {
    const observation = await probe({ command: ['fails-quietly'], expectedExitCodes: [0, 1] });
    expect(observation).toMatchObject({ status: 'down', message: 'exit 4 (expected 0, 1)' });
  });

  it('is up on any of the expected exit codes', async () => {
    const observation = await probe({ command: ['fails-loudly'], expectedExitCodes: [0, 2] });
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^exit 2 in .*; partial output$/);
  });

  it('is down with "timed out after N" when the program outlives the timeout', async () => {
    const observation = await probe({ command: ['hangs'] }, 300);
    expect(observation).toMatchObject({ status: 'down', message: 'timed out after 300 ms' });
    expect(observation.metrics).not.toHaveProperty('exitCode');
  });

  it('is down with "command not found" for a missing program', async () => {
    const observation = await probe({ command: ['no-such-tool'] });
    expect(observation).toMatchObject({
      status: 'down',
      message: `command not found: ${path.join(binDir, 'no-such-tool')}`,
    });
  });

  it('runs in cwd with the extra environment and LC_ALL=C', async () => {
    const observation = await probe({ command: ['show-env'], cwd: binDir, env: { GREETING: 'hi' } });
    expect(observation.message).toContain(`; dir=${binDir} greeting=hi lang=C`);
  });

  it("gets only PATH, HOME, LANG, LC_ALL, TZ, its env: and its passEnv: of the collector's environment", async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'canary-aws-8c1f';
    process.env.SSH_AUTH_SOCK = '/run/agent.sock';
    try {
      const observation = await probe({
        command: ['print-env'],
        env: { GREETING: 'hi' },
        passEnv: ['SSH_AUTH_SOCK'],
        match: '(?<all>.*)',
      });
      const names = String(observation.detail?.all ?? '')
        .trim()
        .split(' ')
        .map((pair) => pair.split('=')[0]);
      expect(names).not.toContain('AWS_SECRET_ACCESS_KEY');
      expect(names).toEqual(expect.arrayContaining(['GREETING', 'LC_ALL', 'PATH', 'SSH_AUTH_SOCK']));
      for (const name of names)
        expect([
          'GREETING',
          'HOME',
          'LANG',
          'LC_ALL',
          'PATH',
          'PWD',
          'SHLVL',
          'SSH_AUTH_SOCK',
          'TZ',
          '_',
          'OLDPWD',
        ]).toContain(name);
    } finally {
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.SSH_AUTH_SOCK;
    }
  });

  it('notes in the detail that the output was cut at maxOutputBytes', async () => {
    const observation = await probe({ command: ['chatty'], maxOutputBytes: 256 });
    expect(observation.status).toBe('up');
    expect(observation.detail).toEqual({ outputCutAtBytes: 256 });
  });

  it('shortens a long first line to 80 characters in the message', async () => {
    const observation = await probe({ command: ['long-line'] });
    const said = observation.message.split('; ')[1] ?? '';
    expect(said).toHaveLength(80);
    expect(said.endsWith('…')).toBe(true);
  });

  it('says only the exit and duration when stdout is empty', async () => {
    const observation = await probe({ command: ['silent'] });
    expect(observation.message).toMatch(/^exit 0 in \d+(\.\d)? m?s$/);
    expect(observation.detail).toBeUndefined();
  });
});
