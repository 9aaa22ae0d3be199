import path from 'node:path';
import { displayPath } from '../config/display-path.ts';

/** A problem found in data/ that was skipped rather than allowed to stop a read. */
export interface DataWarning {
  /** The file, relative to the data dir, with "/" separators: "snapshots/web/2026-11-22.jsonl". */
  file: string;
  /** 1-based line number, for line-oriented files. */
  line?: number;
  /** What was wrong and what was done about it: "invalid JSON (…); line skipped". */
  message: string;
}

export type DataWarningHandler = (warning: DataWarning) => void;

/**
 * One greppable line: `warning: data/snapshots/web/2026-11-22.jsonl:17: invalid JSON (…); line skipped`.
 * With dataDir the file is shown where a user finds it: relative to the working directory when inside it.
 */
export function formatDataWarning(warning: DataWarning, dataDir?: string): string {
  const file = dataDir === undefined ? warning.file : displayPath(path.join(dataDir, warning.file));
  const location = warning.line === undefined ? file : `${file}:${warning.line}`;
  return `warning: ${location}: ${warning.message}`;
}

/** The default handler: one console.warn line per warning. */
export function warnOnConsole(dataDir: string): DataWarningHandler {
  return (warning) => console.warn(formatDataWarning(warning, dataDir));
}
