import { ConfigError, loadConfig } from './config';

const PROVIDER = {
  PAYKASSMA_API_URL: 'https://api.example.test',
  PAYKASSMA_PLUGINAPI_SECRET: 'plugin-secret-from-the-merchant-account',
  PAYKASSMA_POSTBACK_ACCESS_KEY: 'postback-access-key-0123456789',
  PAYKASSMA_POSTBACK_PRIVATE_KEY: 'postback-private-key-0123456789',
  PAYKASSMA_WITHDRAWAL_KEY: 'withdrawal-key-0123456789abcdef',
};
const STRONG_KEYS = 'platform:payments:sk_live_4f9c2a7e1b6d8f3a0c5e9b2d,ops:admin:sk_live_8e1d4b7a2c9f6e3b0a5d8c1f';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('The sandbox and weak secrets', () => {
  it('runs the sandbox without a provider URL, or when asked for with one', () => {
    expect(loadConfig({}).sandbox).toBe(true);
    const asked = loadConfig({ ...PROVIDER, PAYKASSMA_SANDBOX: 'true' });
    expect(asked.sandbox).toBe(true);
    expect(asked.paykassma.apiUrl).toBeNull();
    const real = loadConfig({ ...PROVIDER, LEDGER_API_KEYS: STRONG_KEYS });
    expect(real.sandbox).toBe(false);
    expect(real.paykassma.apiUrl).toBe('https://api.example.test');
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'PAYKASSMA_API_URL is unset'],
    [{ NODE_ENV: 'production', ...PROVIDER, LEDGER_API_KEYS: STRONG_KEYS, PAYKASSMA_SANDBOX: 'true' }, 'PAYKASSMA_SANDBOX=true'],
  ])('refuses the sandbox with NODE_ENV=production in one line (%#)', (env, why) => {
    const message = refusal(env);
    expect(message).toContain('NODE_ENV=production');
    expect(message).toContain(why);
  });

  it('starts with NODE_ENV=production against a provider with strong keys', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...PROVIDER, LEDGER_API_KEYS: STRONG_KEYS }).sandbox).toBe(false);
  });

  it('PAYKASSMA_SANDBOX must be true or false, and false needs a provider URL', () => {
    expect(refusal({ PAYKASSMA_SANDBOX: 'yes' })).toContain('PAYKASSMA_SANDBOX');
    expect(refusal({ PAYKASSMA_SANDBOX: 'false' })).toContain('PAYKASSMA_API_URL');
  });

  it.each([
    ['a CHANGE_ME placeholder', 'ops:admin:CHANGE_ME_admin_secret_long_enough', 'ops'],
    ['a lower-case placeholder', 'ops:admin:change_me_admin_secret_long_enough', 'ops'],
    ['a secret shorter than 24 characters', 'platform:payments:sk_live_0123456789abcde', 'platform'],
  ])('refuses %s outside the sandbox, naming the key and never the secret', (_case, keys, id) => {
    const message = refusal({ ...PROVIDER, LEDGER_API_KEYS: keys });
    expect(message).toContain('LEDGER_API_KEYS');
    expect(message).toContain(`"${id}"`);
    expect(message).not.toContain(keys.split(':')[2]);
  });

  it('accepts short and placeholder secrets with the sandbox (its keys are public anyway)', () => {
    expect(loadConfig({ LEDGER_API_KEYS: 'ops:admin:CHANGE_ME_admin,p:payments:sk_test_1' }).apiKeys).toHaveLength(2);
  });

  it('refuses a provider key left as a placeholder outside the sandbox', () => {
    expect(refusal({ ...PROVIDER, PAYKASSMA_WITHDRAWAL_KEY: 'CHANGE_ME', LEDGER_API_KEYS: STRONG_KEYS })).toContain('PAYKASSMA_WITHDRAWAL_KEY');
  });

  it('reads RATE_LIMIT_PER_MINUTE as the per-key limit, optionally followed by the postback per-address limit', () => {
    expect(loadConfig({}).rateLimits).toEqual({ perApiKeyPerMinute: 1200, postbackPerAddressPerMinute: 600 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '50' }).rateLimits).toEqual({ perApiKeyPerMinute: 50, postbackPerAddressPerMinute: 600 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '50,7' }).rateLimits).toEqual({ perApiKeyPerMinute: 50, postbackPerAddressPerMinute: 7 });
    for (const bad of ['0', 'fast', '1,2,3', '-4']) expect(refusal({ RATE_LIMIT_PER_MINUTE: bad })).toContain('RATE_LIMIT_PER_MINUTE');
  });
});
