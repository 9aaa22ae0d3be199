import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.ts';

type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** node:util parseArgs with errors that say which command and flag were wrong. */
export function parseFlags<T extends FlagSpec>(command: string, args: string[], spec: T) {
  try {
    return parseArgs({
      args,
      options: { ...spec, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error);
    throw new UsageError(`vigil ${command}: ${reason}; see "vigil ${command} --help"`);
  }
}
