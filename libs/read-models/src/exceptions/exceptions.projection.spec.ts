import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';

const TENANT = 'merchant-1';

describe('Exceptions read model', () => {
  let fixture: ReadModelFixture;

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_exceptions');
    const driver = new LedgerDriver(fixture.store, new TestClock(), TENANT);
    // A clean deposit raises nothing.
    await driver.openDeposit({ depositId: 'dep-clean', walletType: 'paytm', currency: 'INR', label: 'p1', requestedAmountMinor: 10000n });
    await driver.depositPostback('dep-clean', { walletType: 'paytm', currency: 'INR', transactionId: '111111111111', amountMinor: 10000n });
    // Credited for less than requested, then a conflicting postback.
    await driver.openDeposit({ depositId: 'dep-short', walletType: 'paytm', currency: 'INR', label: 'p1', requestedAmountMinor: 20000n });
    await driver.depositPostback('dep-short', { walletType: 'paytm', currency: 'INR', transactionId: '222222222222', amountMinor: 15000n, postbackId: 'pb-short' });
    await driver.depositPostback('dep-short', { walletType: 'paytm', currency: 'INR', transactionId: '333333333333', amountMinor: 15000n, postbackId: 'pb-conflict' });
    // Nobody ordered it.
    await driver.unmatchedPostback('p2', { walletType: 'esewa_ml', currency: 'NPR', transactionId: 'AB12CD', amountMinor: 70000n });
    // A withdrawal status nobody documented.
    await driver.requestWithdrawal({ withdrawalId: 'wd-odd', walletType: 'paytm', currency: 'INR', label: 'p1', amountMinor: 5000n, accountNumber: '1234567890' });
    await driver.withdrawalPostback('wd-odd', 7, 5000n, 'INR');
    await fixture.caughtUp();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('records one row per exception kind an event raises, with the amounts in minor units', async () => {
    const rows = await fixture.dataSource.query(
      `SELECT kind, reference, event_type, wallet_type, currency, amount_minor::text AS amount_minor, detail FROM ledger_exceptions ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        kind: 'amount_mismatch',
        reference: 'dep-short',
        event_type: 'DepositCredited',
        wallet_type: 'paytm',
        currency: 'INR',
        amount_minor: '15000',
        detail: expect.objectContaining({ expectedAmountMinor: '20000', creditedAmountMinor: '15000', postbackId: 'pb-short', label: 'p1' }),
      },
      {
        kind: 'postback_quarantined',
        reference: 'dep-short',
        event_type: 'PostbackQuarantined',
        wallet_type: 'paytm',
        currency: 'INR',
        amount_minor: '15000',
        detail: expect.objectContaining({ reason: 'conflicts_with_credited_postback', direction: 'ingoing', postbackId: 'pb-conflict', transactionId: '333333333333' }),
      },
      expect.objectContaining({ kind: 'unmatched_deposit', reference: 'unmatched-esewa_ml-AB12CD', wallet_type: 'esewa_ml', amount_minor: '70000' }),
      expect.objectContaining({ kind: 'unknown_withdrawal_status', reference: 'wd-odd', wallet_type: null, detail: expect.objectContaining({ providerStatus: 7 }) }),
    ]);
  });

  it('carries the tenant on every row', async () => {
    expect(await fixture.dataSource.query('SELECT DISTINCT tenant_id FROM ledger_exceptions')).toEqual([{ tenant_id: TENANT }]);
  });
});
