import { type Document, isAlias, LineCounter, parseDocument, visit } from 'yaml';

/** Configs and incident frontmatter larger than this are refused before parsing. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Nodes aliases may expand to (yaml's own guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

export type YamlReading =
  | { ok: true; document: Document; lineCounter: LineCounter; value: unknown }
  | { ok: false; line: number | undefined; message: string };

/**
 * Parses YAML that comes from people and pull requests, so it may be hostile: a huge file, an alias
 * bomb or absurd nesting become one problem with its line, never an exception or a stack trace.
 */
export function readYaml(
  text: string,
  options: { beforeValue?: (document: Document) => void } = {},
): YamlReading {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_YAML_BYTES) {
    return {
      ok: false,
      line: undefined,
      message: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; Vigil reads YAML files of at most 1 MiB`,
    };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line;
    const reason = /call stack/i.test(error.message)
      ? 'nesting too deep to read; flatten the structure'
      : (error.message.split('\n')[0] ?? error.message);
    return { ok: false, line: line || undefined, message: `YAML syntax error: ${reason}` };
  }
  // Changes made to the parsed tree (the config's `${VAR}` interpolation) before its value is read.
  options.beforeValue?.(document);
  try {
    return { ok: true, document, lineCounter, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const reason =
      error instanceof RangeError ? 'nesting too deep to read; flatten the structure' : undefined;
    return {
      ok: false,
      line: findFirstAliasLine(document, lineCounter),
      message:
        reason ??
        `YAML aliases expand to too many values (more than ${MAX_ALIAS_COUNT}); write the values out instead of nesting aliases`,
    };
  }
}

function findFirstAliasLine(document: Document, lineCounter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(document, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}
