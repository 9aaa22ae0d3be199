// Finds the CLI bundle (collectors/bundle/build-bundle.ts) for `vigil`, when it is there and no
// older than the sources: `vigil` then loads a few files instead of some 330 modules. Plain
// JavaScript, loaded before anything else. Everything it does but the freshness check (isFresh, which
// says why) is asynchronous, and it never throws:
// a bundle that is missing, stale or unreadable means the sources, and a build in the background
// that the next run finds. VIGIL_BUNDLE=0 always runs the sources; VIGIL_BUNDLE_DIR moves the bundle.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { constants, setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the pointer's shape or the bundle's layout changes. */
export const BUNDLE_FORMAT = 2;
export const CURRENT_FILE = 'current.json';
export const LOCK_FILE = 'build.lock';
/** The bundle's entry files: the CLI (collectors/cli/main.ts) and a probe runner process. */
export const MAIN_ENTRY = 'main.mjs';
export const RUNNER_ENTRY = 'runner.mjs';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILDER = fileURLToPath(new URL('./build-bundle.ts', import.meta.url));

/** Where the bundle lives: in the project's own node_modules, like Node's compile cache (vigil.js). */
export function getBundleRoot() {
  return process.env.VIGIL_BUNDLE_DIR || path.join(PROJECT_ROOT, 'node_modules/.cache/vigil-bundle');
}

/**
 * The URL of the current bundle's CLI entry, or undefined (run the sources). A missing or stale
 * bundle starts its build in the background, detached, once a lock says no other is running.
 * @returns {Promise<string | undefined>}
 */
export async function findBundle() {
  if (process.env.VIGIL_BUNDLE === '0') return undefined;
  const root = getBundleRoot();
  const pointer = await readPointer(root);
  if (pointer !== undefined && isFresh(pointer)) {
    return pathToFileURL(path.join(root, pointer.dir, MAIN_ENTRY)).href;
  }
  await startBuild(root);
  return undefined;
}

/** @param {string} root */
async function readPointer(root) {
  try {
    const pointer = JSON.parse(await readFile(path.join(root, CURRENT_FILE), 'utf8'));
    if (
      pointer?.format !== BUNDLE_FORMAT ||
      // Built where the project was before it moved (mv, cp -a keep sizes and times): its modules'
      // paths name the old place, so it is built again here.
      pointer.root !== PROJECT_ROOT ||
      typeof pointer.dir !== 'string' ||
      !Array.isArray(pointer.inputs)
    )
      return undefined;
    return /** @type {{ root: string; dir: string; inputs: [string, number, number][] }} */ (pointer);
  } catch {
    return undefined;
  }
}

/**
 * Every file the bundle was made of still has the size and mtime it had then (for a package, its
 * package.json). Synchronous on purpose: these are the files Node itself reads synchronously to
 * load the sources, and some 460 statSync calls take 2 ms where as many promises take 20, before
 * any run (and its deadline) has started.
 */
function isFresh(/** @type {{ inputs: [string, number, number][] }} */ pointer) {
  for (const [file, size, mtimeMs] of pointer.inputs) {
    const now = statSync(path.join(PROJECT_ROOT, file), { throwIfNoEntry: false });
    if (now === undefined || now.size !== size || now.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/** @param {string} root */
async function startBuild(root) {
  if (process.env.VIGIL_BUNDLE_BUILD === '0') return;
  // A build under way already (its lock), or a folder this user cannot write: nothing to start.
  if (await exists(path.join(root, LOCK_FILE))) return;
  if (!(await isWritable(root))) return;
  try {
    const child = spawn(process.execPath, [BUILDER, '--quiet'], {
      detached: true,
      stdio: 'ignore',
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    child.on('error', () => {});
    child.unref();
    // At the lowest priority: the build's second or two of CPU must not slow the run's own probes,
    // whose latencies are measured meanwhile.
    if (child.pid !== undefined) setPriority(child.pid, constants.priority.PRIORITY_LOW);
  } catch {
    // The sources serve this run; a later one tries again.
  }
}

/** Whether this user may create `dir`: the nearest folder of it that exists is writable. */
async function isWritable(/** @type {string} */ dir) {
  for (let folder = dir; ; folder = path.dirname(folder)) {
    if (await exists(folder))
      return access(folder, 2).then(
        () => true,
        () => false,
      );
    if (path.dirname(folder) === folder) return false;
  }
}

/** Whether `file` exists (a folder too). @param {string} file @returns {Promise<boolean>} */
export async function exists(file) {
  return stat(file).then(
    () => true,
    () => false,
  );
}
