import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../../core/model/index.ts';
import { listEmailSubscriptions } from '../../../../src/data/email-subscriptions.ts';

const email = (subscribe?: unknown) => ({
  id: `mail-${Math.random().toString(36).slice(2, 8)}`,
  type: 'email',
  host: 'smtp.example.org',
  from: 'vigil@example.org',
  to: ['list@example.org'],
  ...(subscribe === undefined ? {} : { subscribe }),
});
const parse = (...providers: unknown[]) => ConfigSchema.safeParse({ alerts: { providers }, checks: [] });

describe('email subscriptions', () => {
  it('links the list URL (https or mailto:), else a mailto: to its address, once per list', () => {
    const parsed = parse(
      email({ address: 'announce@example.org', instructions: 'Join with your work address.' }),
      email({ address: 'announce@example.org' }),
      email({ url: 'mailto:sympa@lists.example.org?subject=subscribe%20status' }),
      email({ address: 'ops@example.org', url: 'https://lists.example.org/ops/' }),
      email(),
      { id: 'hook', type: 'webhook', url: 'https://hooks.example.org/x' },
    );
    if (!parsed.success) throw parsed.error;
    expect(listEmailSubscriptions(parsed.data)).toEqual([
      {
        href: 'mailto:announce@example.org',
        address: 'announce@example.org',
        instructions: 'Join with your work address.',
      },
      { href: 'mailto:sympa@lists.example.org?subject=subscribe%20status' },
      { href: 'https://lists.example.org/ops/', address: 'ops@example.org' },
    ]);
  });

  it('refuses a subscribe with neither address nor URL, a bad address, or another URL scheme', () => {
    expect(parse(email({ instructions: 'Ask us.' })).success).toBe(false);
    expect(parse(email({ address: 'not an address' })).success).toBe(false);
    expect(parse(email({ url: 'javascript:alert(1)' })).success).toBe(false);
  });
});
