import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIGIL_BIN } from '../../../helpers/run-vigil.ts';

const CONFIG = `site:
  title: Start test status
  interval: 5m
checks:
  - { id: truth, name: The truth, type: command, command: ["true"] }
`;

describe('vigil start', () => {
  let tempDir: string;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-start-'));
    await writeFile(path.join(tempDir, 'status.config.yaml'), CONFIG);
  });

  afterAll(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('says what it is doing, one line per step, then serves the built site at the URL it names', async () => {
    const child = spawn(
      process.execPath,
      [
        VIGIL_BIN,
        'start',
        '--config',
        'status.config.yaml',
        '--data',
        'data',
        '--out',
        'dist',
        '--port',
        '0',
      ],
      { cwd: tempDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const served = /serving at (http:\/\/\S+\/)/.exec(stdout);
          if (served?.[1]) resolve(served[1]);
        });
        child.on('exit', (code) => reject(new Error(`vigil start exited ${code}:\n${stdout}\n${stderr}`)));
      });
      const lines = stdout.trim().split('\n');
      expect(lines).toEqual([
        'vigil start: collecting once with status.config.yaml…',
        expect.stringMatching(/1 check/),
        'vigil start: building the site into dist…',
        expect.stringMatching(/^vigil start: built in \d+\.\d s$/),
        expect.stringMatching(/^vigil start: serving at http:\/\/localhost:\d+\/ \(Ctrl-C to stop\)$/),
      ]);
      // Astro's own banner and build log stay out of it.
      expect(stderr).toBe('');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      await expect(page.text()).resolves.toContain('The truth');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    }
  }, 120_000);
});
