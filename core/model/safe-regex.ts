import { setFlagsFromString } from 'node:v8';
import { z } from 'zod';
import { redactUrls } from '../redact/redact.ts';

// Patterns from the config run over foreign output (a command's stdout, process command lines), so a
// backtracking pattern such as ^(a|aa)+$ could stop the collector's clock. V8's linear-time engine
// (the `l` flag) runs every pattern it accepts in time proportional to the input; it refuses
// lookaheads and backreferences, which the config then refuses too, saying why.
setFlagsFromString('--enable-experimental-regexp-engine');

/** Compiles a config pattern for the linear-time engine; throws for one it cannot run. */
export function compileLinearRegex(source: string, flags = ''): RegExp {
  return new RegExp(source, `${flags}l`);
}

/**
 * Why a config pattern cannot be used, or undefined when it can. The pattern is quoted as written in
 * the file (no JSON escapes: `\d` stays `\d`), V8's reason without its own `/…/flags` rendering.
 */
export function describeRegexProblem(source: string, flags = ''): string | undefined {
  const quoted = quotePattern(source);
  try {
    new RegExp(source, flags);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(
      /^Invalid regular expression: \/.*\/[a-z]*: /s,
      '',
    );
    return `${quoted} is not a valid regular expression: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
  }
  try {
    compileLinearRegex(source, flags);
    return undefined;
  } catch {
    return `${quoted} needs backtracking (a lookahead or a backreference), which Vigil never runs on foreign output because one such pattern can stall a run; rewrite it without them`;
  }
}

/**
 * A pattern in quotes for a message: a URL's password or token masked (redactUrls), and a control
 * character (ESC, a newline) written \xNN, so none reaches the terminal as itself.
 */
export function quotePattern(source: string): string {
  const shown = redactUrls(source).replace(
    /\p{Cc}/gu,
    (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `"${shown}"`;
}

/** The issue parameter saying a message already quotes the value as written (no ", got …" added). */
export const QUOTES_VALUE = { quotesValue: true } as const;

/** A regular expression field of the config, checked for the linear-time engine at load. */
export function linearRegexSchema(flags = '') {
  return z.string().superRefine((source, ctx) => {
    const problem = describeRegexProblem(source, flags);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, params: QUOTES_VALUE });
  });
}
