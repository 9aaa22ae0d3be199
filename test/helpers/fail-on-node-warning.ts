// Any Node warning is a bug to fix, not noise to scroll past: a test file during which Node emitted
// one (deprecations, MaxListenersExceeded, unhandled-rejection notices) fails, naming the warning.
import { afterAll } from 'vitest';

const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));

afterAll(() => {
  if (warnings.length > 0) {
    throw new Error(
      `Node emitted ${warnings.length} warning(s) during this file:\n  ${warnings.join('\n  ')}`,
    );
  }
});
