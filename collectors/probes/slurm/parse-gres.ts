/** One entry of a GRES list: `gpu:a100:4(S:0-1)` → { name: gpu, type: a100, count: 4 }. */
export interface GresItem {
  name: string;
  type?: string;
  count: number;
}

const COUNT_SUFFIX: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/**
 * Parses sinfo's Gres / GresUsed column: comma-separated items, each `name[:type][:count]` with
 * an optional `(S:0-1)` or `(IDX:0,2)` tail whose commas do not separate items. "(null)" is none.
 */
export function parseGres(text: string): GresItem[] {
  const items: GresItem[] = [];
  for (const raw of splitOutsideParens(text.trim())) {
    const entry = raw.replace(/\(.*\)$/, '').trim();
    if (entry === '' || entry === '(null)' || entry === 'N/A') continue;
    const parts = entry.split(':');
    const name = parts[0] ?? '';
    const last = parts.at(-1) ?? '';
    const count = parts.length > 1 ? parseCount(last) : undefined;
    if (count === undefined) {
      // `gpu` or `gpu:a100` without a count means one.
      items.push(parts.length > 1 ? { name, type: parts.slice(1).join(':'), count: 1 } : { name, count: 1 });
      continue;
    }
    const type = parts.slice(1, -1).join(':');
    items.push(type === '' ? { name, count } : { name, type, count });
  }
  return items;
}

/** GPU model → count, from a GRES list; untyped GPUs count under "gpu". */
export function countGpus(items: readonly GresItem[]): Record<string, number> {
  const byType: Record<string, number> = {};
  for (const item of items) {
    if (item.name !== 'gpu') continue;
    const type = item.type ?? 'gpu';
    byType[type] = (byType[type] ?? 0) + item.count;
  }
  return byType;
}

function parseCount(text: string): number | undefined {
  const match = /^(\d+)([KMG]?)$/.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * (COUNT_SUFFIX[match[2] ?? ''] ?? 1);
}

function splitOutsideParens(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
