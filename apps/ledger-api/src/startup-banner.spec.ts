import { loadConfig } from '@kassa/platform';
import { startupBanner } from './startup-banner';

describe('startup banner', () => {
  it('says where everything is, with the generated development key when the sandbox runs', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/kassa-banner' });
    const banner = startupBanner(config, 3123);
    expect(banner).toMatchObject({
      url: 'http://127.0.0.1:3123',
      docs: 'http://127.0.0.1:3123/docs',
      openapi: 'http://127.0.0.1:3123/docs-json',
      metrics: 'http://127.0.0.1:3123/metrics',
      provider: 'built-in Paykassma sandbox at http://127.0.0.1:3123/sandbox',
      devApiKey: config.apiKeys[0].secret,
    });
    expect(String(banner.devApiKey)).toMatch(/^sk_dev_/);
  });

  it('never carries a key when a real provider is configured or the keys were given', () => {
    const real = loadConfig({
      PAYKASSMA_API_URL: 'https://api.example.test',
      PAYKASSMA_PLUGINAPI_SECRET: 'p', PAYKASSMA_POSTBACK_ACCESS_KEY: 'a', PAYKASSMA_POSTBACK_PRIVATE_KEY: 'b', PAYKASSMA_WITHDRAWAL_KEY: 'w',
    });
    const given = loadConfig({ LEDGER_API_KEYS: 'ops:admin:sk_given_key_0123456789abcdef' });
    for (const config of [real, given]) {
      const text = JSON.stringify(startupBanner(config, 3000));
      expect(text).not.toContain('devApiKey');
      for (const key of config.apiKeys) expect(text).not.toContain(key.secret);
    }
    expect(startupBanner(real, 3000).provider).toBe('https://api.example.test');
  });
});
