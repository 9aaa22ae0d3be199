// How Upptime's values become Vigil's: secret placeholders, cron schedules, and where a key was.
import { isMap, isScalar, type LineCounter, type Node, type YAMLMap } from 'yaml';
import type { ImportResult, NotMapped } from './import-types.ts';

/** What every part of one import adds to as it goes. */
export interface UpptimeImportContext {
  notMapped: NotMapped[];
  secrets: ImportResult['secrets'];
  lineCounter: LineCounter;
}

/** Upptime's own placeholders: replaced by random text on each request, which Vigil does not do. */
const DYNAMIC_PLACEHOLDERS = new Set(['DYNAMIC_RANDOM_NUMBER', 'DYNAMIC_ALPHANUMERIC_STRING']);

/**
 * Upptime reads secrets as `$NAME` (from the workflow's SECRETS_CONTEXT, or the environment); configs
 * copied from workflows write `${{ secrets.NAME }}`. Both become Vigil's `${NAME}`, listed in
 * `secrets`; a literal `${` is escaped as `$${` so Vigil does not read it as a variable.
 */
export function convertPlaceholders(text: string, where: string, context: UpptimeImportContext): string {
  const escaped = text.replace(/\$\{(?!\{)/g, () => '$${');
  return escaped.replace(
    /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\$\{|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, fromWorkflow: string | undefined, plain: string | undefined) => {
      const name = fromWorkflow ?? plain;
      if (name === undefined) return whole;
      if (DYNAMIC_PLACEHOLDERS.has(name)) {
        context.notMapped.push({
          where,
          what: `$${name}`,
          reason:
            'Upptime puts random text here on every request; Vigil sends the text as written, so replace it with a fixed value',
        });
        return whole;
      }
      if (!context.secrets.some((secret) => secret.name === name)) context.secrets.push({ name, where });
      return `\${${name}}`;
    },
  );
}

/** "line 12" for a node of the parsed document, or the fallback when it has no position. */
export function lineOf(node: Node | null | undefined, context: UpptimeImportContext, fallback = ''): string {
  const start = node?.range?.[0];
  return start === undefined ? fallback : `line ${context.lineCounter.linePos(start).line}`;
}

/** The line of `key` inside a mapping node ("line 14"), else the mapping's own line. */
export function lineOfKey(map: unknown, key: string, context: UpptimeImportContext): string {
  if (!isMap(map)) return '';
  const pair = (map as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === key);
  return lineOf((pair?.key as Node | undefined) ?? (map as YAMLMap), context);
}

/**
 * The interval of Upptime's uptime workflow from its cron line: every N minutes (`*\/N * * * *`),
 * every N hours at a fixed minute (`M *\/N * * *`, `M * * * *`). Other schedules have no one interval.
 */
export function cronToInterval(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(2).some((field) => field !== '*')) return undefined;
  const [minute, hour] = fields as [string, string];
  const everyMinutes = /^\*\/(\d+)$/.exec(minute);
  if (hour === '*' && (minute === '*' || everyMinutes)) {
    const minutes = minute === '*' ? 1 : Number(everyMinutes?.[1]);
    if (!(minutes >= 1 && minutes <= 59)) return undefined;
    return `${minutes}m`;
  }
  if (!/^\d+$/.test(minute) || Number(minute) > 59) return undefined;
  if (hour === '*') return '1h';
  const everyHours = /^\*\/(\d+)$/.exec(hour);
  const hours = Number(everyHours?.[1]);
  return everyHours && hours >= 1 && hours <= 23 ? `${hours}h` : undefined;
}
