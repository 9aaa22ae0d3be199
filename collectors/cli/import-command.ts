import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../core/config/config-error.ts';
import { resolveConfigPath, resolveDataDir } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { describeFileError } from '../../core/config/file-error.ts';
import { neededBySite, parseConfigText } from '../../core/config/load-config.ts';
import { countNoun } from '../../core/count-noun.ts';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import {
  type Importer,
  ImportInputError,
  type ImportResult,
  type NotMapped,
} from '../import/import-types.ts';
import { keepLoadableChecks, renderImportedConfig } from '../import/write-imported-config.ts';
import { EXIT, NotWrittenError, UsageError } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';
import { PROJECT_ROOT } from './project-root.ts';

export const IMPORT_HELP = `Usage: vigil import gatus|upptime|kuma FILE [--out FILE] [--force] [--dry-run] [--history [--repo DIR] [--data DIR]]

Turns another monitor's config into a commented status.config.yaml: a Gatus config.yaml, an
Upptime .upptimerc.yml, or an Uptime Kuma backup (Settings → Backup → Export, a JSON file). Each
check is tried through the config loader on its own, then the whole file; what could not be carried
over is printed on stderr, one line each with why, and listed at the end of the file. Secrets are
never copied: each becomes a \${VAR} to set where the collector runs (listed in the file's header).
  --out FILE     the file to write (default: status.config.yaml, or $VIGIL_CONFIG)
  --force        replace the file if it exists
  --dry-run      print the config on stdout instead of writing it
  --history      upptime only: also import the response-time history of the Upptime repository
  --repo DIR     with --history: the Upptime repository (default: the folder of FILE)
  --data DIR     with --history: the data directory to write it to (default: data, or $VIGIL_DATA)
Walk-through: docs/migrating.md.
Exit status: 0 written (or printed), 1 unreadable input, bad flags or the file exists, 2 not written.`;

/** Largest file an import reads; a Kuma backup with many monitors is a few MiB. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const IMPORTERS: Record<string, () => Promise<Importer>> = {
  gatus: async () => (await import('../import/gatus.ts')).importGatus,
  kuma: async () => (await import('../import/kuma.ts')).importKuma,
  upptime: async () => (await import('../import/upptime.ts')).importUpptime,
};

/** `vigil import gatus|upptime|kuma FILE`. */
export async function importCommand(args: string[]): Promise<number> {
  const [kind, file, ...rest] = args;
  if (kind === undefined || kind === '--help' || kind === '-h') {
    process.stdout.write(`${IMPORT_HELP}\n`);
    return kind === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  const loadImporter = IMPORTERS[kind];
  if (loadImporter === undefined)
    throw new UsageError(
      `vigil import: unknown source "${kind}"; expected one of ${Object.keys(IMPORTERS).join(', ')}`,
    );
  if (file === undefined || file.startsWith('-'))
    throw new UsageError(
      `vigil import ${kind}: name the file to import: "vigil import ${kind} ${exampleFile(kind)}"`,
    );
  const flags = parseFlags('import', rest, {
    out: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    history: { type: 'boolean' },
    repo: { type: 'string' },
    data: { type: 'string' },
  });
  if (flags.help) {
    process.stdout.write(`${IMPORT_HELP}\n`);
    return EXIT.ok;
  }
  if (flags.history && kind !== 'upptime')
    throw new UsageError(
      `vigil import ${kind}: --history is for upptime only (Upptime keeps its history in its repository)`,
    );
  for (const flag of ['repo', 'data'] as const)
    if (flags[flag] !== undefined && !flags.history)
      throw new UsageError(`vigil import: --${flag} goes with --history; see "vigil import --help"`);

  const dryRun = flags['dry-run'] === true;
  if (dryRun && flags.history)
    throw new UsageError(
      'vigil import: --history writes the imported history into the data directory, so it does not go with --dry-run; run --dry-run without --history first',
    );
  const outPath = resolveConfigPath(flags.out);
  const shownOut = displayPath(outPath);
  const shownIn = displayPath(file);
  if (!dryRun && !flags.force && (await exists(outPath)))
    throw new UsageError(
      `vigil import: ${shownOut} exists; pass --force to replace it, --out FILE to write elsewhere, or --dry-run to print it`,
    );

  const text = await readInput(file, shownIn);
  let imported: ImportResult;
  try {
    imported = (await loadImporter())(text, shownIn);
  } catch (error) {
    if (error instanceof ImportInputError) throw new UsageError(error.message);
    throw error;
  }
  const result = keepLoadableChecks(imported);
  const configText = renderImportedConfig({
    result,
    from: kind,
    sourceFile: shownIn,
    generatedAt: new Date(),
    schemaPath: schemaPathFor(outPath),
  });
  // The whole file through the loader `vigil validate` uses: what import writes, validate accepts.
  try {
    parseConfigText(configText, shownOut, {}, neededBySite);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new NotWrittenError(
        `vigil import: the config made from ${shownIn} is invalid, so nothing was written:\n  ${error.problems.join('\n  ')}`,
      );
    throw error;
  }

  // Written before anything is printed: a closed pipe on the report cannot cost the file.
  if (dryRun) process.stdout.write(configText);
  else await writeOrExplain(outPath, configText);
  for (const item of result.notMapped)
    process.stderr.write(`not mapped: ${describeNotMapped(item)}: ${oneLine(item.reason)}\n`);
  const say = dryRun
    ? (line: string) => process.stderr.write(`${line}\n`)
    : (line: string) => console.log(line);
  const summary = `${countNoun(result.checks.length, 'check')}, ${result.notMapped.length} not mapped`;
  say(
    dryRun
      ? `vigil import: ${summary} (dry run; nothing written)`
      : `vigil import: wrote ${shownOut} (${summary})`,
  );
  for (const secret of result.secrets)
    say(`  set \${${secret.name}} where the collector runs (${oneLine(secret.where)})`);

  if (flags.history) {
    const { importUpptimeHistory } = await import('../import/upptime-history.ts');
    const history = await importUpptimeHistory({
      repoDir: path.resolve(flags.repo ?? path.dirname(file)),
      checks: result.checks,
      dataDir: resolveDataDir(flags.data),
      now: new Date(),
    });
    for (const line of history.lines) say(line);
  }
  if (!dryRun) {
    const config = flags.out === undefined ? '' : ` --config ${shownOut}`;
    say(
      `vigil import: next, \`vigil validate${config}\` checks it and \`vigil start${config}\` shows the page`,
    );
  }
  return EXIT.ok;
}

async function readInput(file: string, shown: string): Promise<string> {
  try {
    const { size } = await stat(file);
    if (size > MAX_INPUT_BYTES)
      throw new UsageError(
        `${shown}: the file is ${(size / 1024 / 1024).toFixed(1)} MiB; vigil import reads at most 64 MiB`,
      );
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const { code } = error as NodeJS.ErrnoException;
    throw new UsageError(
      `${shown}: cannot read it: ${code === 'ENOENT' ? 'no such file' : describeFileError(error)}`,
    );
  }
}

/** Where the item was, with what it was unless `where` already names it: "line 23 (GitHub API: assignees)". */
function describeNotMapped({ where, what }: NotMapped): string {
  return where.includes(what) ? oneLine(where) : `${oneLine(where)} (${oneLine(what)})`;
}

function schemaPathFor(outPath: string): string {
  const schema = path.relative(
    path.dirname(path.resolve(outPath)),
    path.join(PROJECT_ROOT, 'status.config.schema.json'),
  );
  return schema.startsWith('.') ? schema : `./${schema}`;
}

async function writeOrExplain(file: string, content: string): Promise<void> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(file, content);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new NotWrittenError(
      `vigil import: cannot write ${displayPath(file)}: ${code ?? message}; nothing was written`,
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function exampleFile(kind: string): string {
  return kind === 'kuma' ? 'Uptime_Kuma_Backup.json' : kind === 'upptime' ? '.upptimerc.yml' : 'config.yaml';
}

/** Foreign text on one terminal line: control characters (escape sequences) become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}]+/gu, ' ');
}
