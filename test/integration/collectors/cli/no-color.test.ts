// Colour only where a person reads a terminal and has not asked for none: NO_COLOR (any value) and
// FORCE_COLOR=0 take it away, and the output through pipes is plain (test/integration/collectors/cli/
// invalid-input.test.ts holds every command's pipe output to no escape sequence at all).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../../../helpers/loopback-server.ts';
import { spawnOnPty } from '../../../helpers/pty.ts';
import { runVigil, VIGIL_BIN } from '../../../helpers/run-vigil.ts';

const ESC = String.fromCharCode(0x1b);
/** A colour (SGR) sequence: ESC [ … m. Cursor moves of a prompt are not colour. */
const COLOUR = new RegExp(`${ESC}\\[[0-9;]*m`);

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-no-color-'));
  const port = await findClosedPort();
  await writeFile(
    path.join(dir, 'status.config.yaml'),
    `site: { title: Colours }\nchecks:\n  - { id: api, name: API, type: tcp, host: 127.0.0.1, port: ${port} }\n`,
  );
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// The environment of a terminal without either variable, whatever the test runner set.
// CI as well: Node gives a terminal two colours only when CI is set by an unknown CI (tty.getColorDepth).
const PLAIN_ENV = { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined };

describe('colour and terminals', () => {
  it('vigil collect on a terminal shows its progress lines without a single escape sequence', async () => {
    const pty = spawnOnPty([process.execPath, VIGIL_BIN, 'collect', '--dry-run'], {
      cwd: dir,
      env: PLAIN_ENV,
    });
    expect(await pty.exited).toBe(0);
    // A first failure is degraded (failuresBeforeDown: 2).
    expect(pty.raw()).toMatch(
      /! api +degraded +\d+ ms +failing \(1 of 2 before down\): connect ECONNREFUSED/,
    );
    expect(pty.raw()).not.toContain(ESC);
  });

  it('vigil collect through a pipe prints one summary line, plain', async () => {
    const run = await runVigil(['collect', '--dry-run'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^vigil collect: local: 1 check: 0 up, 1 degraded, 0 down in .+\n$/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(ESC);
  });

  // vigil init's question is the one place with colour (@clack/prompts through node:util styleText).
  const askInit = async (env: Record<string, string | undefined>) => {
    const initDir = await mkdtemp(path.join(tmpdir(), 'vigil-no-color-init-'));
    try {
      const pty = spawnOnPty([process.execPath, VIGIL_BIN, 'init', '--timeout', '5s'], {
        cwd: initDir,
        env: { ...PLAIN_ENV, ...env },
      });
      await pty.waitFor(/Which of these should the status page watch\?/);
      pty.type('\x03');
      expect(await pty.exited).toBe(2);
      return pty.raw();
    } finally {
      await rm(initDir, { recursive: true, force: true });
    }
  };

  it('vigil init asks in colour on a terminal', async () => {
    expect(await askInit({})).toMatch(COLOUR);
  }, 120_000);

  // NO_COLOR: any value but the empty string, as no-color.org and Node read it (an empty one is unset).
  it.each([{ NO_COLOR: '1' }, { NO_COLOR: '0' }, { FORCE_COLOR: '0' }])(
    'vigil init asks without colour with %j',
    async (env) => {
      const raw = await askInit(env);
      expect(raw).toContain('Which of these should the status page watch?');
      expect(raw).not.toMatch(COLOUR);
    },
    120_000,
  );
});
