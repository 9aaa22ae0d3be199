import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const bundles = new Map<string, Promise<string>>();

/**
 * A browser script bundled into one classic script, to inline where it must run during parsing
 * (before first paint) rather than as a deferred module. Bundled once per file and process, from the
 * same TypeScript the module scripts use, so no rule is written twice.
 */
export function bundleInlineScript(entryPath: string): Promise<string> {
  let bundle = bundles.get(entryPath);
  if (bundle === undefined) {
    bundle = readFile(entryPath, 'utf8')
      .then((contents) =>
        build({
          // stdin, not entryPoints: under Vitest esbuild cannot resolve an absolute entry path.
          stdin: { contents, resolveDir: path.dirname(entryPath), sourcefile: entryPath, loader: 'ts' },
          bundle: true,
          format: 'iife',
          minify: true,
          target: 'es2022',
          write: false,
          logLevel: 'silent',
        }),
      )
      .catch((error: unknown) => {
        const errors = (error as { errors?: { text: string }[] }).errors ?? [];
        throw new Error(
          `bundling ${entryPath} failed: ${errors.map((e) => e.text).join('; ') || String(error)}`,
        );
      })
      .then((result) => (result.outputFiles[0]?.text ?? '').replaceAll('</script', '<\\/script'));
    bundles.set(entryPath, bundle);
  }
  return bundle;
}
