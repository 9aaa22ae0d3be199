import { describe, expect, it } from 'vitest';
import { describeRegexProblem, quotePattern } from '../../../../core/model/safe-regex.ts';

describe('a config pattern quoted in a message', () => {
  it('writes control characters as \\xNN, so an ESC never reaches the terminal', () => {
    expect(quotePattern('a\x1b[31mb\n\x7f')).toBe('"a\\x1b[31mb\\x0a\\x7f"');
    const problem = describeRegexProblem('\x1b]2J(');
    expect(problem).toBe('"\\x1b]2J(" is not a valid regular expression: unterminated group');
    expect(problem).not.toMatch(/\p{Cc}/u);
  });

  it('masks the password or token of a URL in the pattern', () => {
    const problem = describeRegexProblem('https://user:tok3n@host/(?=x)');
    expect(problem).toMatch(/^"https:\/\/user:\*\*\*@host\/\(\?=x\)" needs backtracking/);
    expect(problem).not.toContain('tok3n');
  });

  it('keeps a pattern as written otherwise (\\d stays \\d)', () => {
    expect(quotePattern('(\\d+)\\1')).toBe('"(\\d+)\\1"');
  });
});
