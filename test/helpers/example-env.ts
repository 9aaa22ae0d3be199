/** Secrets the shipped configs and examples read from the environment; any value will do in tests. */
export const EXAMPLE_ENV: Readonly<Record<string, string>> = {
  API_TOKEN: 'example-token',
  IMAGING_MONITOR_TOKEN: 'example-token',
  JUPYTERHUB_TOKEN: 'example-token',
  REDIS_PASSWORD: 'example-password',
  PORTAL_DB_PASSWORD: 'example-password',
  ACCOUNTING_DB_PASSWORD: 'example-password',
  IMAGING_DB_PASSWORD: 'example-password',
  IMAGING_REDIS_PASSWORD: 'example-password',
  OPS_WEBHOOK_URL: 'https://hooks.example.org/vigil/example-token',
};
