import { buildPluginUrl, derivePluginUrl, scrubSecret } from '../src';

describe('plugin payment URL (docs/paykassma.md §5)', () => {
  it('carries label, currency, lang, wallet, our id, whole fixed_amount and redirect ids', () => {
    const url = new URL(
      buildPluginUrl({
        pluginUrl: 'https://plugin.example.com',
        walletType: 'easypaisa',
        label: 'player 1&2',
        customTransactionId: 'dep_123',
        lang: 'ur',
        fixedAmount: { amountMinor: 120000n, currency: 'PKR' },
        redirectIds: { success: 2, fail: '1', pending: 3 },
      }),
    );
    expect(url.origin).toBe('https://plugin.example.com');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      label: 'player 1&2',
      currency_code: 'PKR',
      lang: 'ur',
      wallet_type: 'easypaisa',
      custom_transaction_id: 'dep_123',
      fixed_amount: '1200',
      payment_url_success_id: '2',
      payment_url_fail_id: '1',
      payment_url_pending_id: '3',
    });
  });

  it('defaults lang, omits absent/fractional amounts and unset ids, refuses a foreign lang', () => {
    const url = new URL(buildPluginUrl({ pluginUrl: 'https://plugin.example.com/', walletType: 'paytm', label: 'p', customTransactionId: 'd', fixedAmount: { amountMinor: 120050n, currency: 'INR' }, redirectIds: { success: null } }));
    expect(Object.fromEntries(url.searchParams)).toEqual({ label: 'p', currency_code: 'INR', lang: 'en', wallet_type: 'paytm', custom_transaction_id: 'd' });
    expect(() => buildPluginUrl({ pluginUrl: 'https://plugin.example.com', walletType: 'paytm', label: 'p', customTransactionId: 'd', lang: 'ne' })).toThrow(/lang/);
  });

  it('derives the plugin host from the API host, or a /plugin path for the sandbox', () => {
    expect(derivePluginUrl('https://api.merchant.example')).toBe('https://plugin.merchant.example/');
    expect(derivePluginUrl('http://127.0.0.1:3000/sandbox/')).toBe('http://127.0.0.1:3000/sandbox/plugin/');
  });

  it('scrubs secret= from URLs', () => {
    expect(scrubSecret('https://api.x/api/v1/transaction/activate?secret=abc&x=1')).toBe('https://api.x/api/v1/transaction/activate?secret=***&x=1');
  });
});
