// Readers of the formats `vigil init --schedule` writes, by the rules their consumers document:
// systemd.syntax (unit files), systemd.service "Command lines", crontab(5). Tests read a schedule back
// with them and run what they get.

/** A unit file: section → key → every value given (a key may repeat). */
export type UnitFile = Record<string, Record<string, string[]>>;

export function parseUnitFile(text: string): UnitFile {
  const unit: UnitFile = {};
  let section: Record<string, string[]> | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1] as string;
      section = unit[name] ?? {};
      unit[name] = section;
      continue;
    }
    const equals = line.indexOf('=');
    if (!section || equals <= 0) throw new Error(`unit file line ${index + 1}: not a setting: ${raw}`);
    const key = line.slice(0, equals).trim();
    const values = section[key] ?? [];
    values.push(line.slice(equals + 1).trim());
    section[key] = values;
  }
  return unit;
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', s: ' ' };

/**
 * Splits a systemd command line (or a quoted value such as Environment=) into words: double and single
 * quotes, C escapes, then `%%` → `%` and, in a command's arguments, `$$` → `$`. Any other specifier or a
 * variable reference is an error: the unit would not mean what the test expects.
 */
export function splitSystemdCommand(text: string, { isExec = true } = {}): string[] {
  const words: string[] = [];
  let index = 0;
  while (index < text.length) {
    while (text[index] === ' ' || text[index] === '\t') index++;
    if (index >= text.length) break;
    let word = '';
    let quote: string | undefined;
    for (; index < text.length; index++) {
      const char = text[index] as string;
      if (char === '\\') {
        const escaped = ESCAPES[text[index + 1] ?? ''];
        if (escaped === undefined) throw new Error(`unknown escape \\${text[index + 1]} in ${text}`);
        word += escaped;
        index++;
      } else if (quote !== undefined && char === quote) quote = undefined;
      else if (quote === undefined && (char === '"' || char === "'")) quote = char;
      else if (quote === undefined && (char === ' ' || char === '\t')) break;
      else word += char;
    }
    if (quote !== undefined) throw new Error(`unterminated ${quote} in ${text}`);
    // The program's path is taken as written: `$` expands in its arguments only.
    words.push(resolveSystemdWord(word, isExec && words.length > 0));
  }
  return words;
}

function resolveSystemdWord(word: string, isExec: boolean): string {
  return word.replace(
    /%(.?)|\$(.?)/g,
    (match, specifier: string | undefined, variable: string | undefined) => {
      if (specifier === '%') return '%';
      if (specifier !== undefined) throw new Error(`specifier ${match} in ${word}`);
      if (!isExec) return match;
      if (variable === '$') return '$';
      throw new Error(`variable reference ${match} in ${word}`);
    },
  );
}

export interface CronLine {
  /** The five time fields. */
  schedule: string;
  /** The command as cron hands it to /bin/sh -c: `\%` turned into `%`. */
  command: string;
  /** The line as written. */
  raw: string;
}

/** The one job line of a crontab file (comments and blank lines skipped). */
export function splitCronLine(text: string): CronLine {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (lines.length !== 1) throw new Error(`expected one crontab line, got ${lines.length}:\n${text}`);
  const raw = lines[0] as string;
  const match = /^\s*(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$/.exec(raw);
  if (!match) throw new Error(`not a crontab line: ${raw}`);
  const command = match[2] as string;
  // crontab(5): an unescaped % ends the command (the rest is its standard input).
  if (/(^|[^\\])%/.test(command)) throw new Error(`unescaped % in ${raw}`);
  return { schedule: match[1] as string, command: command.replaceAll('\\%', '%'), raw };
}
