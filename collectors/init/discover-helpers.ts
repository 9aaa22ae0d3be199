import { ID_PATTERN } from '../../core/model/checks/base-check.ts';

/**
 * A check id made from a name found on the machine ("Lab Stack", "/srv/my archive"): lower-case,
 * runs of anything else turned into "-", at most 60 characters; `fallback` when nothing is left.
 */
export function toCheckId(text: string, fallback: string): string {
  const id = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 60)
    .replace(/[-_]+$/, '');
  return ID_PATTERN.test(id) ? id : fallback;
}

/** Whether a program could not be started because it is not installed (or not on PATH). */
export function isCommandMissing(failure: string | undefined): boolean {
  return failure?.startsWith('command not found') === true;
}

/** The first non-empty line a program printed on stderr, else stdout: what to quote when it failed. */
export function firstLineOf(...texts: string[]): string {
  for (const text of texts) {
    const line = text.split('\n').find((candidate) => candidate.trim() !== '');
    if (line !== undefined) return line.trim();
  }
  return '';
}
