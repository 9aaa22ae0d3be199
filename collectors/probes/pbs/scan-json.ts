/** The text ended inside a value: the command's output was cut (or PBS stopped mid-document). */
export class ScanCut extends Error {}

/** The text is not the JSON object it should be; the message says where. */
export class ScanError extends Error {}

/**
 * Walks a JSON document without building it: members of an object one by one, values skipped
 * as spans. A string ends where repair-json's rule says a PBS string ends (an unescaped quote
 * followed by what can follow a string), so the unescaped quotes PBS prints do not derail it.
 * Linear in the text, with no regular expression: quotes are found with indexOf.
 */
export class JsonScanner {
  position = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  isAtEnd(): boolean {
    this.skipSpace();
    return this.position >= this.text.length;
  }

  isAtObject(): boolean {
    this.skipSpace();
    return this.text.charCodeAt(this.position) === 123;
  }

  /** Calls `visit` with each key of the object here; `visit` must consume the member's value. */
  forEachMember(visit: (key: string) => void): void {
    const next = this.members();
    for (let key = next(); key !== undefined; key = next()) visit(key);
  }

  /**
   * Steps through the object here one member at a time, so a caller may pause between members:
   * each call returns the next key (the scanner then stands at its value, which the caller must
   * consume) or undefined after the closing brace.
   */
  members(): () => string | undefined {
    this.expect('{');
    let isFirst = true;
    let isDone = false;
    return () => {
      if (isDone) return undefined;
      this.skipSpace();
      if (isFirst) {
        isFirst = false;
        if (this.peek() === '}') {
          this.position++;
          isDone = true;
          return undefined;
        }
      } else {
        const after = this.peek();
        this.position++;
        if (after === '}') {
          isDone = true;
          return undefined;
        }
        if (after !== ',') this.fail('"," or "}"');
        this.skipSpace();
      }
      const key = this.readString();
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      return key;
    };
  }

  /** Moves past the value here (object, array, string, number or literal). */
  skipValue(): void {
    this.skipSpace();
    const c = this.peek();
    if (c === '"') this.position = this.findStringEnd(this.position);
    else if (c === '{' || c === '[') this.skipNested();
    else this.skipLiteral();
  }

  private skipNested(): void {
    const text = this.text;
    let depth = 0;
    let i = this.position;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 34) {
        i = this.findStringEnd(i);
        continue;
      }
      // { and [ open, } and ] close.
      if (code === 123 || code === 91) depth++;
      else if (code === 125 || code === 93) {
        depth--;
        if (depth === 0) {
          this.position = i + 1;
          return;
        }
      }
      i++;
    }
    throw new ScanCut('the document ends inside an object');
  }

  private skipLiteral(): void {
    const start = this.position;
    let i = start;
    for (; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      // , } ] and white space end a number or literal.
      if (code === 44 || code === 125 || code === 93 || code <= 32) break;
    }
    if (i === this.text.length) throw new ScanCut('the document ends inside a value');
    if (i === start) this.fail('a value');
    this.position = i;
  }

  private readString(): string {
    if (this.peek() !== '"') this.fail('a quoted key');
    const start = this.position;
    this.position = this.findStringEnd(start);
    const inside = this.text.slice(start + 1, this.position - 1);
    if (!inside.includes('\\')) return inside;
    try {
      return JSON.parse(`"${inside}"`) as string;
    } catch {
      return inside;
    }
  }

  /** Index after the quote that closes the string opening at `start`. */
  private findStringEnd(start: number): number {
    const text = this.text;
    let from = start + 1;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote < 0) throw new ScanCut('the document ends inside a string');
      from = quote + 1;
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0 && this.closesString(from)) return from;
    }
  }

  /** repair-json's rule: a quote ends a string when `:`, `}`, `]`, or `,` and a value follow it. */
  private closesString(from: number): boolean {
    const text = this.text;
    let i = skipSpaceFrom(text, from);
    if (i >= text.length) throw new ScanCut('the document ends after a string');
    const code = text.charCodeAt(i);
    if (code === 58 || code === 125 || code === 93) return true;
    if (code !== 44) return false;
    i = skipSpaceFrom(text, i + 1);
    const next = text.charCodeAt(i);
    // " { [ - and digits start a value; so do true, false and null.
    if (next === 34 || next === 123 || next === 91 || next === 45 || (next >= 48 && next <= 57)) return true;
    return /^(true|false|null)[\s,}\]]/.test(text.slice(i, i + 6));
  }

  private skipSpace(): void {
    this.position = skipSpaceFrom(this.text, this.position);
  }

  private peek(): string {
    if (this.position >= this.text.length) throw new ScanCut('the document ends early');
    return this.text[this.position] ?? '';
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail(`"${c}"`);
    this.position++;
  }

  private fail(wanted: string): never {
    const got = JSON.stringify(this.text.slice(this.position, this.position + 20));
    throw new ScanError(`expected ${wanted} at character ${this.position}, got ${got}`);
  }
}

function skipSpaceFrom(text: string, from: number): number {
  let i = from;
  for (let code = text.charCodeAt(i); code === 32 || code === 10 || code === 13 || code === 9; ) {
    i++;
    code = text.charCodeAt(i);
  }
  return i;
}
