/** A problem with what the user asked for (flags, config): exit 1, message only, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Something could not be written (a full disk, a read-only folder): exit 2, message only, no stack. */
export class NotWrittenError extends Error {
  override name = 'NotWrittenError';
}

/** Exit codes of every vigil command, as the README documents them. */
export const EXIT = { ok: 0, invalidInput: 1, notWritten: 2 } as const;
