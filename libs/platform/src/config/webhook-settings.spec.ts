import { ConfigError, loadConfig } from './config';

describe('Webhook settings', () => {
  it('defaults to the documented schedule, 15 s and private URLs only with the sandbox', () => {
    const config = loadConfig({});
    expect(config.webhooks.retryScheduleMs).toEqual([5, 300, 1_800, 7_200, 18_000, 36_000, 36_000].map((s) => s * 1_000));
    expect(config.webhooks.timeoutMs).toBe(15_000);
    expect(config.webhooks.allowPrivateUrls).toBe(true);
    const real = loadConfig({ PAYKASSMA_API_URL: 'https://api.example.test', PAYKASSMA_PLUGINAPI_SECRET: 'a-real-secret-of-some-length', PAYKASSMA_POSTBACK_ACCESS_KEY: 'a-real-access-key-1', PAYKASSMA_POSTBACK_PRIVATE_KEY: 'a-real-private-key-1', PAYKASSMA_WITHDRAWAL_KEY: 'a-real-withdrawal-key-1', LEDGER_API_KEYS: 'platform:payments:sk_live_0123456789abcdefghijkl' });
    expect(real.webhooks.allowPrivateUrls).toBe(false);
  });

  it('takes WEBHOOK_RETRY_SCHEDULE in seconds, WEBHOOK_TIMEOUT_MS and WEBHOOK_ALLOW_PRIVATE_URLS', () => {
    const config = loadConfig({ WEBHOOK_RETRY_SCHEDULE: '1, 2,3', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_ALLOW_PRIVATE_URLS: 'false' });
    expect(config.webhooks.retryScheduleMs).toEqual([1_000, 2_000, 3_000]);
    expect(config.webhooks.timeoutMs).toBe(500);
    expect(config.webhooks.allowPrivateUrls).toBe(false);
  });

  it.each([
    [{ WEBHOOK_RETRY_SCHEDULE: '5,abc' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_RETRY_SCHEDULE: '0' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_RETRY_SCHEDULE: '1.5' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_RETRY_SCHEDULE: '5,,6' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_RETRY_SCHEDULE: '99999999' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE_URLS'],
    [{ WEBHOOK_TIMEOUT_MS: '15s' }, 'WEBHOOK_TIMEOUT_MS'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
