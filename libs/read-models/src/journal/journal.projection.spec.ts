import { EntryQueries } from './entries.query';
import { BalanceQueries } from '../balances/balances.query';
import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';

const TENANT = 'merchant-1';
const PAYTM = { walletType: 'paytm', currency: 'INR', accountNumber: '1234567890' } as const;

describe('Journal read model', () => {
  let fixture: ReadModelFixture;
  let driver: LedgerDriver;
  /** The moments of the story below, each the time of one wallet event. */
  const at: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_journal');
    driver = new LedgerDriver(fixture.store, new TestClock('2024-05-01T10:00:00.000Z'), TENANT);
    const clock = driver.clock;
    await driver.openDeposit({ depositId: 'dep-inr', walletType: 'paytm', currency: 'INR', label: 'alice' });
    at.credit = clock.advance();
    await driver.depositPostback('dep-inr', { walletType: 'paytm', currency: 'INR', transactionId: '123456789012', amountMinor: 100000n });
    at.hold = clock.advance();
    await driver.requestWithdrawal({ ...PAYTM, withdrawalId: 'wd-settled', label: 'alice', amountMinor: 30000n });
    await driver.submission('wd-settled', { status: 'ok' });
    at.settle = clock.advance();
    await driver.withdrawalPostback('wd-settled', 1, 30000n, 'INR');
    at.creditPkr = clock.advance();
    await driver.unmatchedPostback('alice', { walletType: 'easypaisa', currency: 'PKR', transactionId: '03001234567', amountMinor: 50000n });
    at.holdPkr = clock.advance();
    await driver.requestWithdrawal({ walletType: 'easypaisa', currency: 'PKR', accountNumber: '03123456789', withdrawalId: 'wd-released', label: 'alice', amountMinor: 10000n });
    at.release = clock.advance();
    await driver.submission('wd-released', { status: 'fail', message: 'account blocked' });
    await fixture.caughtUp();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('writes the balanced postings of every wallet event, clearing accounts without a label', async () => {
    const rows = await fixture.dataSource.query(
      `SELECT entry_id, account, account_kind, label, currency, amount_minor::text AS amount_minor, event_type, reference, wallet_type, at, stream_version
       FROM ledger_entries ORDER BY id`,
    );
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 2)).toEqual([
      {
        entry_id: 'wallet-merchant-1.INR.alice@0',
        account: 'clearing:paytm',
        account_kind: 'clearing',
        label: null,
        currency: 'INR',
        amount_minor: '100000',
        event_type: 'FundsCredited',
        reference: 'dep-inr',
        wallet_type: 'paytm',
        at: new Date(at.credit),
        stream_version: 0,
      },
      expect.objectContaining({ account: 'player:alice:available', account_kind: 'available', label: 'alice', amount_minor: '-100000' }),
    ]);
    expect(rows.map((row: { event_type: string }) => row.event_type)).toEqual([
      ...['FundsCredited', 'FundsCredited', 'FundsHeld', 'FundsHeld', 'HeldFundsSettled', 'HeldFundsSettled'],
      ...['FundsCredited', 'FundsCredited', 'FundsHeld', 'FundsHeld', 'HeldFundsReleased', 'HeldFundsReleased'],
    ]);
  });

  it('sums to zero in every currency and in every entry', async () => {
    const perCurrency = await fixture.dataSource.query(`SELECT currency, sum(amount_minor)::text AS sum FROM ledger_entries GROUP BY currency ORDER BY currency`);
    expect(perCurrency).toEqual([
      { currency: 'INR', sum: '0' },
      { currency: 'PKR', sum: '0' },
    ]);
    const unbalanced = await fixture.dataSource.query(`SELECT entry_id FROM ledger_entries GROUP BY entry_id, currency HAVING sum(amount_minor) <> 0`);
    expect(unbalanced).toEqual([]);
    // The clearing account holds what was credited and not paid out.
    const clearing = await fixture.dataSource.query(`SELECT account, sum(amount_minor)::text AS sum FROM ledger_entries WHERE account_kind = 'clearing' GROUP BY account ORDER BY account`);
    expect(clearing).toEqual([
      { account: 'clearing:easypaisa', sum: '50000' },
      { account: 'clearing:paytm', sum: '70000' },
    ]);
  });

  it('lists the player entries newest first, as their effect on each balance, optionally in one currency', async () => {
    const entries = new EntryQueries(fixture.dataSource);
    const all = await entries.list(TENANT, 'alice');
    expect(all.nextCursor).toBeNull();
    expect(all.data.map((e) => [e.eventType, e.accountKind, e.amount, e.side])).toEqual([
      ['HeldFundsReleased', 'held', '-100.00', 'debit'],
      ['HeldFundsReleased', 'available', '+100.00', 'credit'],
      ['FundsHeld', 'held', '+100.00', 'credit'],
      ['FundsHeld', 'available', '-100.00', 'debit'],
      ['FundsCredited', 'available', '+500.00', 'credit'],
      ['HeldFundsSettled', 'held', '-300.00', 'debit'],
      ['FundsHeld', 'held', '+300.00', 'credit'],
      ['FundsHeld', 'available', '-300.00', 'debit'],
      ['FundsCredited', 'available', '+1000.00', 'credit'],
    ]);
    expect(all.data[0]).toMatchObject({ currency: 'PKR', reference: 'wd-released', walletType: 'easypaisa', at: at.release, entryId: 'wallet-merchant-1.PKR.alice@2' });

    const inr = await entries.list(TENANT, 'alice', { currency: 'INR' });
    expect(inr.data.map((e) => e.currency)).toEqual(['INR', 'INR', 'INR', 'INR']);
    expect(await entries.list('merchant-2', 'alice')).toEqual({ data: [], nextCursor: null });
  });

  describe('balances as of a moment', () => {
    const balances = (): BalanceQueries => new BalanceQueries(fixture.dataSource);
    const minus1ms = (iso: string): string => new Date(Date.parse(iso) - 1).toISOString();

    it('has nothing before the first posting', async () => {
      expect(await balances().asOf(TENANT, 'alice', minus1ms(at.credit))).toEqual({ label: 'alice', asOf: minus1ms(at.credit), balances: [] });
    });

    it('includes a posting at exactly its instant, and not a millisecond before', async () => {
      expect((await balances().asOf(TENANT, 'alice', at.credit)).balances).toEqual([{ currency: 'INR', available: '1000.00', held: '0.00', total: '1000.00' }]);
      expect((await balances().asOf(TENANT, 'alice', minus1ms(at.settle))).balances).toEqual([
        { currency: 'INR', available: '700.00', held: '300.00', total: '1000.00' },
      ]);
      expect((await balances().asOf(TENANT, 'alice', at.settle)).balances).toEqual([{ currency: 'INR', available: '700.00', held: '0.00', total: '700.00' }]);
    });

    it('gives every currency between the events', async () => {
      const betweenHoldAndRelease = new Date(Date.parse(at.holdPkr) + 30_000);
      expect((await balances().asOf(TENANT, 'alice', betweenHoldAndRelease)).balances).toEqual([
        { currency: 'INR', available: '700.00', held: '0.00', total: '700.00' },
        { currency: 'PKR', available: '400.00', held: '100.00', total: '500.00' },
      ]);
    });

    it('agrees with the current balances once every event has happened', async () => {
      const later = await balances().asOf(TENANT, 'alice', '2030-01-01T00:00:00Z');
      const now = await balances().current(TENANT, 'alice');
      expect(later.balances).toEqual(now.balances);
      expect(now.balances).toEqual([
        { currency: 'INR', available: '700.00', held: '0.00', total: '700.00' },
        { currency: 'PKR', available: '500.00', held: '0.00', total: '500.00' },
      ]);
    });
  });
});
