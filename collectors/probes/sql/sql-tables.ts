import type { SqlTables } from '../../../core/model/index.ts';
import { isSecretColumnName, type Redact } from '../../../core/redact/redact.ts';
import { SQL_TABLE_MAX_BYTES, type SqlTable } from '../../../core/results/sql.ts';

/** A cell longer than this (characters) is cut, with "…". */
export const SQL_CELL_MAX_CHARS = 1024;

/** Columns a table keeps at most; a wider answer is cut and marked truncated. */
export const SQL_TABLE_MAX_COLUMNS = 20;

/** A column name longer than this (characters) is cut. */
const COLUMN_NAME_MAX_CHARS = 120;

// A cell is redacted over this much more than it keeps (or the longest secret, when longer), then
// cut: a secret (a URL's password, an environment value) that crosses the cut is masked whole
// first, so no part of it is kept.
const REDACT_MARGIN_CHARS = 1024;

const MASK = '***';

/** What a driver read of one table query: its column names and at most maxRows + 1 rows. */
export interface RawTableRows {
  columns: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/** Runs one table query read-only and resolves with its columns and at most `rowLimit` rows. */
export type ReadTableRows = (sql: string, rowLimit: number) => Promise<RawTableRows>;

export interface TableQueryOutcome {
  tables: Record<string, SqlTable>;
  /** One line per query that failed: `table "x" failed: …`. */
  failures: string[];
}

/**
 * Runs every table query in turn, each reading one row past its maxRows (so a longer answer is
 * marked truncated); a failing query keeps its error in its table and the others still run.
 */
export async function runTableQueries(
  tables: SqlTables,
  readRows: ReadTableRows,
  options: {
    describeError: (error: unknown) => string;
    isAborted: () => boolean;
    /** Masks the run's secrets (its environment values), the check's passwords and URL secrets. */
    redact: Redact;
    /** The longest secret `redact` masks, in characters: a cell is redacted at least this far past its cut. */
    longestSecretChars?: number;
    /** Told the name of each query before it runs, so a timeout can name it. */
    onQuery?: (name: string) => void;
  },
): Promise<TableQueryOutcome> {
  const outcome: TableQueryOutcome = { tables: {}, failures: [] };
  for (const [name, table] of Object.entries(tables ?? {})) {
    if (options.isAborted()) break;
    options.onQuery?.(name);
    const title = table.title === undefined ? {} : { title: table.title };
    try {
      const raw = await readRows(table.query, table.maxRows + 1);
      const marginChars = Math.max(REDACT_MARGIN_CHARS, options.longestSecretChars ?? 0);
      outcome.tables[name] = { ...title, ...buildSqlTable(raw, table.maxRows, options.redact, marginChars) };
    } catch (error) {
      if (options.isAborted()) throw error;
      const reason = options.redact(options.describeError(error));
      outcome.tables[name] = { ...title, columns: [], rows: [], truncated: false, error: reason };
      outcome.failures.push(`table "${name}" failed: ${reason}`);
    }
  }
  return outcome;
}

/**
 * A query's answer as stored: at most `maxRows` rows and SQL_TABLE_MAX_BYTES, every cell text,
 * redacted and cut at SQL_CELL_MAX_CHARS; a column named like a secret (`api_token`) is masked whole.
 */
export function buildSqlTable(
  raw: RawTableRows,
  maxRows: number,
  redact: Redact,
  marginChars = REDACT_MARGIN_CHARS,
): Omit<SqlTable, 'title'> {
  const kept = raw.columns.slice(0, SQL_TABLE_MAX_COLUMNS);
  let truncated = raw.columns.length > kept.length || raw.rows.length > maxRows;
  const columns = kept.map((name) => {
    const cell = capCell(String(name), redact, COLUMN_NAME_MAX_CHARS, marginChars);
    if (cell.isCut) truncated = true;
    return cell.text;
  });
  const isMasked = kept.map((name) => isSecretColumnName(String(name)));
  let bytes = columns.reduce((total, name) => total + Buffer.byteLength(name), 0);
  const rows: string[][] = [];
  for (const row of raw.rows.slice(0, maxRows)) {
    let rowBytes = 0;
    const cells = columns.map((_name, index) => {
      if (isMasked[index] && row[index] !== null && row[index] !== undefined) return MASK;
      const cell = capCell(toCellText(row[index]), redact, SQL_CELL_MAX_CHARS, marginChars);
      if (cell.isCut) truncated = true;
      rowBytes += Buffer.byteLength(cell.text);
      return cell.text;
    });
    if (bytes + rowBytes > SQL_TABLE_MAX_BYTES) {
      truncated = true;
      break;
    }
    bytes += rowBytes;
    rows.push(cells);
  }
  return { columns, rows, truncated };
}

/**
 * A value a driver returned, as text: NULL is "", a date its ISO time, binary data its size, other
 * structured values (MySQL JSON) their JSON; text stays as the database wrote it.
 */
export function toCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (value instanceof Uint8Array) return `(binary, ${value.byteLength} bytes)`;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** Redacts a bounded window of the text, then cuts it at `maxChars` (never inside a surrogate pair). */
function capCell(
  text: string,
  redact: Redact,
  maxChars: number,
  marginChars: number,
): { text: string; isCut: boolean } {
  const window = text.length > maxChars + marginChars ? text.slice(0, maxChars + marginChars) : text;
  const redacted = redact(window);
  if (redacted.length <= maxChars && window.length === text.length) return { text: redacted, isCut: false };
  let end = Math.min(maxChars, redacted.length);
  const last = redacted.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: `${redacted.slice(0, end)}…`, isCut: true };
}
