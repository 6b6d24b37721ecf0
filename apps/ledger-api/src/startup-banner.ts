import type { Config } from '@kassa/platform';

/**
 * What the start-up line tells an operator: where everything is. The generated development key is
 * in it only with the built-in sandbox, where it is the only way in and guards nothing real.
 */
export function startupBanner(config: Config, port: number): Record<string, unknown> {
  const base = `http://127.0.0.1:${port}`;
  const sandbox = config.sandbox;
  return {
    url: base,
    docs: `${base}/docs`,
    openapi: `${base}/docs-json`,
    health: `${base}/health`,
    ready: `${base}/ready`,
    metrics: `${base}/metrics`,
    database: config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`,
    eventStore: config.eventStore,
    provider: sandbox ? `built-in Paykassma sandbox at ${base}/sandbox` : config.paykassma.apiUrl,
    ...(sandbox && config.apiKeysGenerated ? { devApiKey: config.apiKeys[0].secret, devApiKeyNote: 'all scopes, this run only; set LEDGER_API_KEYS to choose your own' } : {}),
  };
}
