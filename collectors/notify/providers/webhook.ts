import { defineHttpProvider } from './provider-types.ts';

/** Vigil's own JSON (`v: 1`): the alert as it is, for any receiver. */
export const webhookProvider = defineHttpProvider<'webhook'>((alert, provider) => ({
  method: 'POST',
  url: provider.url,
  ...(provider.headers ? { headers: provider.headers } : {}),
  body: { v: 1, ...alert },
}));
