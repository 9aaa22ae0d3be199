// The watch's threaded renderer (a real worker thread running the incremental render): a render
// that does not answer within its timeout fails and ends its worker, so a stuck render can never
// hold up the watch's stop; the next render starts a fresh worker.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThreadedRenderer } from '../../collectors/watch/threaded-renderer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-watch-renderer-'));
  await writeFile(
    path.join(dir, 'status.config.yaml'),
    'checks:\n  - { id: truth, type: command, command: ["true"] }\n',
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const inputs = () => ({
  configPath: path.join(dir, 'status.config.yaml'),
  dataDir: path.join(dir, 'data'),
  outDir: path.join(dir, 'dist'),
});

describe('createThreadedRenderer', () => {
  it('fails a render that does not answer within its timeout and ends its worker; given time, a worker answers', async () => {
    // 1 ms: no worker starts and renders that fast, so the render is cut as a stuck one would be.
    const renderer = createThreadedRenderer(inputs(), 1);
    await expect(renderer.render()).rejects.toThrow(/did not answer within .*its worker was ended/);
    await expect(renderer.render()).rejects.toThrow(/did not answer within/);
    renderer.close();
    // With time enough, the same worker code answers (no full build on record yet: needs-build).
    const patient = createThreadedRenderer(inputs());
    try {
      expect((await patient.render()).status).toBe('needs-build');
    } finally {
      patient.close();
    }
  }, 60_000);
});
