/**
 * Whether `text` matches `pattern` as a whole, `*` standing for any run of characters and `?` for
 * one (Gatus's pat()). One pass that remembers only the last `*`, so no input makes it backtrack
 * more than text length × pattern length steps (no regular expression over foreign output).
 */
export function matchGlob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let starText = 0;
  while (t < text.length) {
    const wanted = pattern[p];
    if (wanted === '?' || (wanted !== undefined && wanted !== '*' && wanted === text[t])) {
      p += 1;
      t += 1;
    } else if (wanted === '*') {
      starAt = p;
      starText = t;
      p += 1;
    } else if (starAt >= 0) {
      p = starAt + 1;
      starText += 1;
      t = starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
