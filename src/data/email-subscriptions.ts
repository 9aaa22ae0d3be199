import type { Config } from '../../core/model/index.ts';

/** A mailing list people may join, as the Subscribe menu shows it: nothing else of the provider. */
export interface EmailSubscription {
  /** The link: the list's own URL, else a mailto: to its address. */
  href: string;
  /** The address to show, when there is one. */
  address?: string;
  instructions?: string;
}

/**
 * The lists the email providers offer (`subscribe:`), one per list. Only the address, URL and
 * instructions are read: the SMTP host, user and password never reach the site.
 */
export function listEmailSubscriptions(config: Pick<Config, 'alerts'>): EmailSubscription[] {
  const seen = new Set<string>();
  const lists: EmailSubscription[] = [];
  for (const provider of config.alerts.providers) {
    if (provider.type !== 'email' || provider.subscribe === undefined) continue;
    const { address, url, instructions } = provider.subscribe;
    const href = url ?? `mailto:${address}`;
    if (seen.has(href)) continue;
    seen.add(href);
    lists.push({
      href,
      ...(address !== undefined ? { address } : {}),
      ...(instructions !== undefined ? { instructions } : {}),
    });
  }
  return lists;
}
