import { type Document, isNode, type LineCounter } from 'yaml';

/** Formats a key path the way people read it: `checks[3].timeout`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text || '(top level)';
}

/**
 * The 1-based line of the deepest node that exists along `path`: the field itself when present,
 * else the object that lacks it.
 */
export function findLine(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The raw value at `path`, for messages that should quote what the user wrote. */
export function findValue(document: Document, path: readonly PropertyKey[]): unknown {
  return document.getIn(path as unknown[], false);
}
