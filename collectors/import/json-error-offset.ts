// JSON.parse on Node 24 says what is wrong but not where: this scan finds the offset of the first
// character that is not valid JSON, so the error names its line. Run only after JSON.parse failed.

/** Offset of the first invalid character of `text` as JSON (text.length when it ends too early). */
export function findJsonErrorOffset(text: string): number {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at += 1;
  };
  const fail = (): never => {
    throw at;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    skipSpace();
    const char = text[at];
    if (char === '{') {
      at += 1;
      skipSpace();
      if (text[at] === '}') {
        at += 1;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[at] !== '"') fail();
        string();
        skipSpace();
        if (text[at] !== ':') fail();
        at += 1;
        value(depth + 1);
        skipSpace();
        if (text[at] === ',') at += 1;
        else if (text[at] === '}') {
          at += 1;
          return;
        } else fail();
      }
    }
    if (char === '[') {
      at += 1;
      skipSpace();
      if (text[at] === ']') {
        at += 1;
        return;
      }
      for (;;) {
        value(depth + 1);
        skipSpace();
        if (text[at] === ',') at += 1;
        else if (text[at] === ']') {
          at += 1;
          return;
        } else fail();
      }
    }
    if (char === '"') {
      string();
      return;
    }
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(at, at + 64));
    if (!literal) fail();
    at += (literal as RegExpExecArray)[0].length;
  };
  const string = () => {
    at += 1;
    while (at < text.length) {
      const char = text[at] as string;
      if (char === '"') {
        at += 1;
        return;
      }
      if (char === '\\')
        at += /^\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(at, at + 6))
          ? text[at + 1] === 'u'
            ? 6
            : 2
          : fail();
      else if (char < ' ') fail();
      else at += 1;
    }
    fail();
  };
  try {
    value(0);
    skipSpace();
    return at < text.length ? at : text.length;
  } catch (offset) {
    return typeof offset === 'number' ? offset : 0;
  }
}
