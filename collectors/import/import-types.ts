// The shape every importer (Gatus, Uptime Kuma, Upptime) returns, so one writer turns any of them
// into a validated status.config.yaml and one report lists what could not be carried over.

/** Something in the source config that has no Vigil equivalent, and why. */
export interface NotMapped {
  /** Where it was in the source: "line 12" or "endpoints[3] (api)". */
  where: string;
  /** What it was: the endpoint's name, the key, the monitor type. */
  what: string;
  /** Why it was not carried over, said to the user. */
  reason: string;
}

/** What an importer read out of a foreign config, ready to be written as status.config.yaml. */
export interface ImportResult {
  site?: { title?: string; url?: string; description?: string };
  groups: { id: string; name: string }[];
  /** status.config.yaml check entries; secrets appear only as ${VAR} placeholders. */
  checks: Record<string, unknown>[];
  notMapped: NotMapped[];
  /** ${VAR}s the user must set before the checks can run. */
  secrets: { name: string; where: string }[];
}

/** Unreadable input: the message is located, "FILE:LINE: what is wrong", and printed without a stack. */
export class ImportInputError extends Error {
  override name = 'ImportInputError';
}

/** Reads one foreign config's text (file names it in errors) into an ImportResult. */
export type Importer = (text: string, file: string) => ImportResult;
