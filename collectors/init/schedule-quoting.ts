import { stringify } from 'yaml';

// How one argument or value is written in each format the schedules use, so a project folder, config
// file or data folder with a space, a quote, a `$` or a `%` in its name means itself in every one.

const SHELL_SAFE = /^[A-Za-z0-9_/.,:=+@-]+$/;

/** One word for a POSIX shell: as it is when nothing in it is special, else in single quotes. */
export function quoteShell(word: string): string {
  if (SHELL_SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line for a POSIX shell, each word quoted as it needs. */
export function quoteShellCommand(words: readonly string[]): string {
  return words.map(quoteShell).join(' ');
}

/**
 * A command for a crontab line: cron turns an unescaped `%` into a line break (the rest goes to the
 * command's standard input), so each one is written `\%`, which cron hands to the shell as `%`.
 */
export function escapeCronCommand(command: string): string {
  return command.replaceAll('%', '\\%');
}

/**
 * One word of a systemd ExecStart= line (systemd.service, "Command lines"): in double quotes when it
 * holds anything but plain characters, `\` and `"` escaped inside them; `%` is a specifier everywhere
 * (`%%`) and `$` an environment variable (`$$`).
 */
export function quoteSystemdExecWord(word: string): string {
  return quoteSystemdWord(word).replaceAll('$', '$$$$');
}

/** A value systemd reads as one quoted word, such as Environment="PATH=…": `$` is not special there. */
export function quoteSystemdWord(word: string): string {
  const escaped = word.replaceAll('%', '%%');
  if (SHELL_SAFE.test(word)) return escaped;
  return `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** A setting systemd takes as written, such as WorkingDirectory= or Description=: only `%` is special. */
export function escapeSystemdValue(value: string): string {
  return value.replaceAll('%', '%%');
}

/** A YAML scalar on one line: plain when YAML reads it back as the same text, else quoted. */
export function quoteYaml(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}
