import { CST, type Document, isAlias, Lexer, LineCounter, parseDocument, visit } from 'yaml';

/** Configs and incident frontmatter larger than this are refused before parsing. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Nodes aliases may expand to (yaml's own guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;
/** How every YAML file is read: with the options, what a text reads as (config-value-cache.ts keys on them). */
export const YAML_READ_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  maxAliasCount: MAX_ALIAS_COUNT,
} as const;

export type YamlReading =
  | { ok: true; document: Document; lineCounter: LineCounter; value: unknown }
  | { ok: false; line: number | undefined; column?: number | undefined; message: string };

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
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: YAML_READ_OPTIONS.prettyErrors,
    uniqueKeys: YAML_READ_OPTIONS.uniqueKeys,
  });
  const [error] = document.errors;
  if (error) {
    if (/call stack/i.test(error.message)) {
      const { line } = lineCounter.linePos(error.pos[0]);
      return {
        ok: false,
        line: line || undefined,
        message: 'YAML syntax error: nesting too deep to read; flatten the structure',
      };
    }
    const reason = error.message.split('\n')[0] ?? error.message;
    // yaml notices an unclosed bracket or quote where the next line starts; the mistake is where it opened.
    const opener = findUnclosedOpener(text, error.pos[0], reason);
    const { line, col } = lineCounter.linePos(opener ?? error.pos[0]);
    const where = opener === undefined ? '' : ' (opened here, never closed)';
    return {
      ok: false,
      line: line || undefined,
      column: col || undefined,
      message: `YAML syntax error: ${reason}${where}`,
    };
  }
  // Changes made to the parsed tree (the config's `${VAR}` interpolation) before its value is read.
  options.beforeValue?.(document);
  try {
    return {
      ok: true,
      document,
      lineCounter,
      value: document.toJS({ maxAliasCount: YAML_READ_OPTIONS.maxAliasCount }),
    };
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

/**
 * The value of YAML text as written (no `${VAR}` replaced), when it reads without a problem and holds
 * no alias (an alias's copies are one node in the document, several values in the result).
 */
export function readPlainYamlValue(text: string): { value: unknown } | undefined {
  const reading = readYaml(text);
  if (!reading.ok) return undefined;
  let hasAlias = false;
  visit(reading.document, {
    Alias() {
      hasAlias = true;
      return visit.BREAK;
    },
  });
  return hasAlias ? undefined : { value: reading.value };
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

const CLOSERS: Record<string, string> = { '}': '{', ']': '[' };

// The lexer's markers between tokens: not in the text, so they take no place in it.
const MARKER_TOKENS = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * The opening quote of the last quoted scalar that starts before `offset`: yaml's lexer reads each
 * scalar whole, so a quote escaped inside one ('it''s', "say \"hi\"") or an apostrophe in a plain
 * scalar (it's) is never taken for it.
 */
function findUnclosedQuote(text: string, offset: number, quote: string): number | undefined {
  let at = 0;
  let found: number | undefined;
  for (const token of new Lexer().lex(text)) {
    if (at >= offset) break;
    if (token.startsWith(quote)) found = at;
    if (!MARKER_TOKENS.has(token)) at += token.length;
  }
  return found;
}

/**
 * For "… must end with a }" or "Missing closing "quote": the offset of the bracket or quote that
 * was opened and never closed, searched backwards from where yaml gave up; undefined otherwise.
 */
function findUnclosedOpener(text: string, offset: number, reason: string): number | undefined {
  const quote = /^Missing closing (["'])quote/.exec(reason)?.[1];
  if (quote !== undefined) return findUnclosedQuote(text, offset, quote);
  const closer = /end with an? ([}\]])$/.exec(reason)?.[1];
  const opener = closer === undefined ? undefined : CLOSERS[closer];
  if (closer === undefined || opener === undefined) return undefined;
  let depth = 0;
  for (let index = Math.min(offset, text.length) - 1; index >= 0; index -= 1) {
    if (text[index] === closer) depth += 1;
    else if (text[index] === opener) {
      if (depth === 0) return index;
      depth -= 1;
    }
  }
  return undefined;
}
