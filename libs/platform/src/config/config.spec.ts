import { ConfigError, loadConfig, SANDBOX_KEYS } from './config';

describe('Configuration', () => {
  it('runs on the embedded defaults and the sandbox with nothing set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.eventStore).toBe('postgres');
    expect(config.paykassma.apiUrl).toBeNull();
    expect(config.paykassma.postbackPrivateKey).toBe(SANDBOX_KEYS.postbackPrivateKey);
    expect(config.paykassma.isTest).toBe(true);
    expect(config.paykassma.timeZone).toBe('Asia/Manila');
    expect(config.apiKeysGenerated).toBe(true);
    expect(config.apiKeys[0].scopes).toEqual(['payments', 'finance', 'admin']);
    expect(config.idempotencyLeaseMs).toBe(60_000);
  });

  it('takes the idempotency lease from IDEMPOTENCY_LEASE_MS', () => {
    expect(loadConfig({ IDEMPOTENCY_LEASE_MS: '5000' }).idempotencyLeaseMs).toBe(5_000);
  });

  it('reads API keys with several scopes', () => {
    const config = loadConfig({ LEDGER_API_KEYS: 'platform:payments:sk_test_1,fin:finance+admin:sk_test_2' });
    expect(config.apiKeys).toEqual([
      { id: 'platform', scopes: ['payments'], secret: 'sk_test_1' },
      { id: 'fin', scopes: ['finance', 'admin'], secret: 'sk_test_2' },
    ]);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'kafka' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ PAYKASSMA_TIMEZONE: 'Mars/Olympus' }, 'PAYKASSMA_TIMEZONE'],
    [{ PAYKASSMA_IS_TEST: 'yes' }, 'PAYKASSMA_IS_TEST'],
    [{ PAYKASSMA_TIMEOUT_MS: '-5' }, 'PAYKASSMA_TIMEOUT_MS'],
    [{ PAYKASSMA_API_URL: 'https://api.example.test' }, 'PAYKASSMA_PLUGINAPI_SECRET'],
    [{ LEDGER_API_KEYS: 'platform:payments' }, 'LEDGER_API_KEYS'],
    [{ LEDGER_API_KEYS: 'platform:root:sk_test_1' }, 'LEDGER_API_KEYS'],
    [{ IDEMPOTENCY_LEASE_MS: '500' }, 'IDEMPOTENCY_LEASE_MS'],
    [{ IDEMPOTENCY_LEASE_MS: '1m' }, 'IDEMPOTENCY_LEASE_MS'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    const error = configErrorFrom(env);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['too short', 'p:payments:short', 'short'],
    ['with an unknown scope', 'p:root:sk_live_1234567890', 'sk_live_1234567890'],
  ])('never echoes a secret in an error (a key %s)', (_case, keys, secret) => {
    expect(configErrorFrom({ LEDGER_API_KEYS: keys }).message).not.toContain(secret);
  });
});

/** The ConfigError that loadConfig throws for `env`; fails the test when it throws nothing or something else. */
function configErrorFrom(env: Record<string, string>): ConfigError {
  let thrown: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}
