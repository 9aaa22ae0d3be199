// Builds the CLI bundle: `vigil` and its probe runners as a few files instead of some 330 modules
// (Vigil's own, zod's and yaml's), so that a cron run's Node resolves, reads and links a handful of
// files. `npm ci` builds it (the `prepare` script); `vigil` itself starts a build in the background
// when it finds the bundle missing or older than the sources (collectors/bundle/find-bundle.js),
// and runs from the sources meanwhile. Run: node collectors/bundle/build-bundle.ts [--quiet]
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import {
  BUNDLE_FORMAT,
  CURRENT_FILE,
  exists,
  getBundleRoot,
  LOCK_FILE,
  MAIN_ENTRY,
  RUNNER_ENTRY,
} from './find-bundle.js';

/** One file the bundle was made of: its path under the project, size and mtime when it was read. */
export type BundleInput = [file: string, size: number, mtimeMs: number];

/** `current.json`: which bundle folder is current, and what it was built from. */
export interface BundlePointer {
  format: number;
  /** The project the bundle was built in: its modules' `import.meta.url`s name files there. */
  root: string;
  dir: string;
  inputs: BundleInput[];
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Packages whose modules join the bundle: pure JavaScript every run loads. The rest stay imports. */
const INLINED_PACKAGES = new Set(['zod', 'yaml']);
/** The module that names the runner's entry file: in the bundle, the bundle's own runner. */
const RUNNER_ENTRY_MODULE = path.join(PROJECT_ROOT, 'collectors/run/runner-entry.ts');
/** A lock older than this was left by a build that died: the next one takes it over. */
const STALE_LOCK_MS = 120_000;
/** Bundles other than the current one are removed once this old (a long `vigil watch` may still load one). */
const KEEP_OLD_BUNDLES_MS = 7 * 86_400_000;

export interface BundleBuild {
  /** The folder of the new bundle, or undefined when another build held the lock. */
  dir: string | undefined;
  inputs: number;
}

/** Builds the bundle into `<root>/<hash>/` and points `<root>/current.json` at it. */
export async function buildBundle(root = getBundleRoot()): Promise<BundleBuild> {
  await mkdir(root, { recursive: true });
  const lock = await takeLock(path.join(root, LOCK_FILE));
  if (lock === undefined) return { dir: undefined, inputs: 0 };
  try {
    const inputs = new Map<string, BundleInput>();
    const result = await build({
      entryPoints: {
        [MAIN_ENTRY.replace(/\.mjs$/, '')]: path.join(PROJECT_ROOT, 'collectors/cli/main.ts'),
        [RUNNER_ENTRY.replace(/\.mjs$/, '')]: path.join(PROJECT_ROOT, 'collectors/run/probe-runner-entry.js'),
      },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      // Entries and chunks in one folder: the runner entry is found beside the chunk that names it.
      outdir: root,
      chunkNames: '[name]-[hash]',
      // .mjs: under node_modules no package.json says "module", and Node would parse each file to guess.
      outExtension: { '.js': '.mjs' },
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
      minifyWhitespace: true,
      minifySyntax: true,
      // yaml is CommonJS: its `require`s of Node's modules need a require in an ES module.
      banner: {
        js: "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);",
      },
      plugins: [keepSourcePaths(inputs)],
    });
    const hash = createHash('sha256');
    for (const file of [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) {
      hash.update(path.basename(file.path)).update(file.contents);
    }
    const name = hash.digest('hex').slice(0, 16);
    const dir = path.join(root, name);
    if (!(await exists(path.join(dir, MAIN_ENTRY)))) {
      // Written whole into a temp folder, then renamed: a reader never finds half a bundle.
      const temp = path.join(root, `.${name}.${process.pid}.tmp`);
      await rm(temp, { recursive: true, force: true });
      await mkdir(temp, { recursive: true });
      for (const file of result.outputFiles)
        await writeFile(path.join(temp, path.basename(file.path)), file.contents);
      await rm(dir, { recursive: true, force: true });
      await rename(temp, dir);
    }
    const pointer: BundlePointer = {
      format: BUNDLE_FORMAT,
      root: PROJECT_ROOT,
      dir: name,
      inputs: [...inputs.values()].sort((a, b) => a[0].localeCompare(b[0])),
    };
    await writeFileAtomic(path.join(root, CURRENT_FILE), `${JSON.stringify(pointer)}\n`);
    await removeOldBundles(root, name);
    return { dir, inputs: inputs.size };
  } finally {
    await lock.close();
    await rm(path.join(root, LOCK_FILE), { force: true });
  }
}

/**
 * Records every file the bundle is made of (its size and mtime, read from the handle its contents
 * come from, so an edit during the build makes the bundle stale, never silently old; a package's
 * files by its package.json), and points
 * `import.meta.url` in Vigil's own files at the file it was written in: paths they compute (the
 * project root, worker files, the compile cache) stay where they are.
 */
function keepSourcePaths(inputs: Map<string, BundleInput>): Plugin {
  return {
    name: 'vigil-source-paths',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { external: true };
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        return INLINED_PACKAGES.has(name ?? '') ? undefined : { external: true };
      });
      builder.onLoad({ filter: /\.(ts|js|mjs|cjs|json)$/ }, async (args) => {
        const handle = await open(args.path, 'r');
        let text: string;
        try {
          const [contents, stats] = await Promise.all([handle.readFile('utf8'), handle.stat()]);
          text = contents;
          const relative = path.relative(PROJECT_ROOT, args.path);
          // A package changes only with its version: its package.json stands for all its files.
          const inPackage = /^((?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(relative)?.[1];
          if (inPackage === undefined) inputs.set(relative, [relative, stats.size, stats.mtimeMs]);
          else if (!inputs.has(inPackage)) {
            const manifest = `${inPackage}/package.json`;
            const packageStats = await stat(path.join(PROJECT_ROOT, manifest));
            inputs.set(inPackage, [manifest, packageStats.size, packageStats.mtimeMs]);
          }
        } finally {
          await handle.close();
        }
        const loader = args.path.endsWith('.ts') ? 'ts' : args.path.endsWith('.json') ? 'json' : 'js';
        if (args.path === RUNNER_ENTRY_MODULE) {
          return {
            loader: 'ts',
            contents: `import { fileURLToPath } from 'node:url';\nexport const RUNNER_ENTRY = fileURLToPath(new URL(${JSON.stringify(`./${RUNNER_ENTRY}`)}, import.meta.url));\n`,
          };
        }
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return { contents: text, loader };
        return {
          contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
          loader,
        };
      });
    },
  };
}

async function takeLock(file: string) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return await open(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(file).catch(() => undefined);
      if (held !== undefined && Date.now() - held.mtimeMs < STALE_LOCK_MS) return undefined;
      await rm(file, { force: true });
    }
  }
  return undefined;
}

async function removeOldBundles(root: string, current: string) {
  for (const name of await readdir(root)) {
    if (name === current || name === CURRENT_FILE || name === LOCK_FILE) continue;
    const entry = path.join(root, name);
    const stats = await stat(entry).catch(() => undefined);
    if (stats?.isDirectory() && Date.now() - stats.mtimeMs > KEEP_OLD_BUNDLES_MS)
      await rm(entry, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const quiet = process.argv.includes('--quiet');
  try {
    const built = await buildBundle();
    if (!quiet && built.dir !== undefined)
      console.log(
        `vigil: CLI bundle of ${built.inputs} modules in ${path.relative(process.cwd(), built.dir) || '.'}`,
      );
  } catch (error) {
    // A project that cannot hold a bundle still runs from its sources; only a build asked for says so.
    if (!quiet) {
      console.error(`vigil: CLI bundle not built: ${(error as Error).message}; vigil runs from its sources`);
    }
  }
}
