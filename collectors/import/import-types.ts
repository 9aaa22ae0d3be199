// The shape every importer (Gatus, Uptime Kuma, Upptime) returns, so one writer turns any of them
// into a validated status.config.yaml and one report lists what could not be carried over.

/** Something in the source config that has no Vigil equivalent, and why. */
export interface NotMapped {
  /**
   * Where it was in the source, as the report prints it (`not mapped: WHERE: REASON`): "line 12",
   * "endpoints[3] (api)" or `endpoints[4] "legacy-ftp" (line 37)`.
   */
  where: string;
  /** What it was: the endpoint's name, the key, the monitor type. */
  what: string;
  /** Why it was not carried over, said to the user. */
  reason: string;
}

/** What an importer read out of a foreign config, ready to be written as status.config.yaml. */
export interface ImportResult {
  /** description becomes site.intro; links the header's links (Gatus ui.buttons). */
  site?: {
    title?: string;
    url?: string;
    description?: string;
    logo?: string;
    links?: { label: string; url: string }[];
  };
  groups: { id: string; name: string }[];
  /** status.config.yaml check entries; secrets appear only as ${VAR} placeholders. */
  checks: Record<string, unknown>[];
  /** Optional, parallel to checks: where each came from ("endpoints[3] (line 12)"), written as a comment above it. */
  origins?: string[];
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
