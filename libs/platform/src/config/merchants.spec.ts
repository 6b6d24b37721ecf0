import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, SANDBOX_KEYS } from './config';

const dir = mkdtempSync(join(tmpdir(), 'kassa-merchants-'));
let files = 0;

function merchantsFile(content: unknown): string {
  const path = join(dir, `merchants-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const brandA = {
  id: 'brand-a',
  paykassma: {
    apiUrl: 'https://api.brand-a.example',
    pluginApiSecret: 'env:BRAND_A_PLUGIN_SECRET',
    postbackAccessKey: 'brand-a-access-key-0123456789',
    postbackPrivateKey: 'env:BRAND_A_POSTBACK_PRIVATE',
    withdrawalKey: 'brand-a-withdrawal-key-0123456789',
    timeZone: 'Asia/Karachi',
    isTest: false,
  },
  unmatchedCredits: 'label',
};
const brandB = { id: 'brand-b', paykassma: {} };

function error(run: () => unknown): string {
  try {
    run();
  } catch (caught) {
    expect(caught).toBeInstanceOf(ConfigError);
    return (caught as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('Merchants', () => {
  it('without LEDGER_MERCHANTS_FILE: one merchant, default, from PAYKASSMA_*', () => {
    const config = loadConfig({ PAYKASSMA_TIMEZONE: 'Asia/Kolkata' });
    expect(config.defaultMerchantId).toBe('default');
    expect(config.merchants.map((m) => m.id)).toEqual(['default']);
    expect(config.merchants[0].paykassma).toMatchObject({ apiUrl: null, timeZone: 'Asia/Kolkata', postbackPrivateKey: SANDBOX_KEYS.postbackPrivateKey });
    expect(config.merchants[0].unmatchedCredits).toBe('suspense');
  });

  it('reads the file, with env:NAME secrets, defaults and a sandbox merchant with keys of its own', () => {
    const config = loadConfig({
      LEDGER_MERCHANTS_FILE: merchantsFile({ merchants: [brandA, brandB] }),
      BRAND_A_PLUGIN_SECRET: 'plugin-secret-from-env-0123456789',
      BRAND_A_POSTBACK_PRIVATE: 'private-from-env-0123456789',
      LEDGER_API_KEYS: 'brand-a/a:payments:sk_test_brand_a,brand-b/b:payments:sk_test_brand_b,*/audit:finance:sk_test_audit',
    });
    const [a, b] = config.merchants;
    expect(a).toEqual({
      id: 'brand-a',
      paykassma: {
        apiUrl: 'https://api.brand-a.example',
        pluginUrl: null,
        pluginApiSecret: 'plugin-secret-from-env-0123456789',
        postbackAccessKey: 'brand-a-access-key-0123456789',
        postbackPrivateKey: 'private-from-env-0123456789',
        withdrawalKey: 'brand-a-withdrawal-key-0123456789',
        timeZone: 'Asia/Karachi',
        isTest: false,
      },
      unmatchedCredits: 'label',
    });
    expect(b.paykassma.apiUrl).toBeNull();
    expect(b.paykassma.isTest).toBe(true);
    expect(b.paykassma.timeZone).toBe('Asia/Manila');
    expect(b.unmatchedCredits).toBe('suspense');
    // Two merchants on the sandbox never share keys: a body signed for one fails at the other.
    expect(b.paykassma.postbackPrivateKey).not.toBe(SANDBOX_KEYS.postbackPrivateKey);
    expect(config.apiKeys.map((k) => [k.id, k.merchant])).toEqual([['a', 'brand-a'], ['b', 'brand-b'], ['audit', '*']]);
  });

  it.each([
    ['not JSON', '{', /LEDGER_MERCHANTS_FILE must name a readable JSON file/],
    ['no merchants', { merchants: [] }, /at least one merchant/],
    ['a bad id', { merchants: [{ ...brandB, id: 'Brand_B' }] }, /merchants\[0\]\.id must be 1-32 characters of a-z, 0-9 and -/],
    ['a long id', { merchants: [{ ...brandB, id: 'a'.repeat(33) }] }, /merchants\[0\]\.id/],
    ['an id twice', { merchants: [brandB, brandB] }, /has the merchant id "brand-b" twice/],
    ['a real provider without keys', { merchants: [{ id: 'x', paykassma: { apiUrl: 'https://api.x.example' } }] }, /merchants\[0\]\.paykassma\.pluginApiSecret is required/],
    ['an unset env:NAME', { merchants: [{ id: 'x', paykassma: { pluginApiSecret: 'env:NOT_SET_ANYWHERE' } }] }, /names the variable NOT_SET_ANYWHERE, which is not set/],
    ['a bad zone', { merchants: [{ id: 'x', paykassma: { timeZone: 'Mars/Base' } }] }, /timeZone must be an IANA time zone/],
    ['a bad unmatchedCredits', { merchants: [{ ...brandB, unmatchedCredits: 'player' }] }, /unmatchedCredits must be "suspense" or "label"/],
  ])('refuses %s with one line naming the entry', (_name, content, message) => {
    const text = error(() => loadConfig({ LEDGER_MERCHANTS_FILE: merchantsFile(content) }));
    expect(text).toMatch(message);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('refuses a missing file', () => {
    expect(error(() => loadConfig({ LEDGER_MERCHANTS_FILE: join(dir, 'absent.json') }))).toMatch(/LEDGER_MERCHANTS_FILE must name a readable JSON file/);
  });

  it('binds keys to merchants: no prefix is the default merchant, */ only for finance and admin, unknown merchants refused', () => {
    const file = merchantsFile({ merchants: [{ ...brandB, id: 'default' }, brandB] });
    const config = loadConfig({ LEDGER_MERCHANTS_FILE: file, LEDGER_API_KEYS: 'p:payments:sk_test_default,*/ops:finance+admin:sk_test_ops' });
    expect(config.apiKeys.map((k) => k.merchant)).toEqual(['default', '*']);
    expect(error(() => loadConfig({ LEDGER_MERCHANTS_FILE: file, LEDGER_API_KEYS: '*/p:payments:sk_test_all' }))).toMatch(/only finance and admin keys may be/);
    expect(error(() => loadConfig({ LEDGER_MERCHANTS_FILE: file, LEDGER_API_KEYS: 'brand-c/p:payments:sk_test_c' }))).toMatch(/merchant "brand-c", which is not configured/);
    // Without a merchant called default, an unprefixed key names a merchant that does not exist.
    expect(error(() => loadConfig({ LEDGER_MERCHANTS_FILE: merchantsFile({ merchants: [brandB] }), LEDGER_API_KEYS: 'p:payments:sk_test_p' }))).toMatch(/merchant "default", which is not configured/);
  });
});
