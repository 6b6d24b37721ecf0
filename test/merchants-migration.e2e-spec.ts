import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KEYS, TestService } from './support/e2e-app';
import { eventually } from './support/eventually';
import { creditedDeposit } from './support/money-flows';
import { createTestDatabase } from './support/test-database';

/**
 * A deployment from before merchants (one tenant from PAYKASSMA_*) moves to a merchants file: what
 * it wrote is the `default` merchant's, and reads and works on as before.
 */
describe('Merchants › data written before a merchants file still reads as the default merchant', () => {
  it('keeps deposits, balances and audit trails of the single-merchant deployment', async () => {
    const db = await createTestDatabase('merchants-migration');
    try {
      const before = await TestService.start({ DATABASE_URL: db.url });
      const deposit = await creditedDeposit(before, 'long-time-player', '300');
      await before.close();

      const file = join(mkdtempSync(join(tmpdir(), 'kassa-merchants-migration-')), 'merchants.json');
      writeFileSync(file, JSON.stringify({ merchants: [{ id: 'default', paykassma: {} }, { id: 'brand-b', paykassma: {} }] }));
      const after = await TestService.start({
        DATABASE_URL: db.url,
        LEDGER_MERCHANTS_FILE: file,
        // The same unprefixed keys as before (TestService's), plus a key of the new merchant.
        LEDGER_API_KEYS: `platform:payments:${TEST_KEYS.platform},fin:finance:${TEST_KEYS.finance},brand-b/pb:payments:sk_test_brand_b_platform_key`,
      });
      try {
        await after.settled();
        expect((await after.get(`/v1/deposits/${deposit.id}`)).body).toMatchObject({ id: deposit.id, status: 'credited' });
        expect((await after.get('/v1/players/long-time-player/balances')).body.balances).toEqual([
          { currency: 'INR', available: '300.00', held: '0.00', total: '300.00' },
        ]);
        expect((await after.get(`/v1/audit/deposits/${deposit.id}/events`, { key: 'finance' })).status).toBe(200);
        const brandB = { key: null, headers: { authorization: 'Bearer sk_test_brand_b_platform_key' } } as const;
        expect((await after.get(`/v1/deposits/${deposit.id}`, brandB)).status).toBe(404);
        // And the default merchant goes on working: a new withdrawal from the old balance.
        const withdrawal = await after.post('/v1/withdrawals', { walletType: 'paytm', label: 'long-time-player', amount: '100', accountNumber: '1234567890' });
        expect(withdrawal.status).toBe(201);
        await eventually(async () => ((await after.get('/v1/players/long-time-player/balances')).body.balances[0].held === '100.00' ? true : undefined));
      } finally {
        await after.close();
      }
    } finally {
      await db.drop();
    }
  }, 90_000);
});
