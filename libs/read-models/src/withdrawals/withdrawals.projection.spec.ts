import { BalanceQueries } from '../balances/balances.query';
import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';
import { withdrawalStreamId } from '@kassa/ledger';
import { withdrawalViewFromEvents } from './withdrawal-from-events';
import { WithdrawalQueries } from './withdrawals.query';

const TENANT = 'merchant-1';
const ORDER = { walletType: 'easypaisa', currency: 'PKR', accountNumber: '03123456789', accountName: 'Ali Khan' } as const;

describe('Withdrawals read model', () => {
  let fixture: ReadModelFixture;
  let driver: LedgerDriver;
  let withdrawals: WithdrawalQueries;
  let balances: BalanceQueries;

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_withdrawals');
    withdrawals = new WithdrawalQueries(fixture.dataSource);
    balances = new BalanceQueries(fixture.dataSource);
  });
  afterAll(async () => {
    await fixture.close();
  });
  beforeEach(() => {
    driver = new LedgerDriver(fixture.store, new TestClock(), TENANT);
  });

  /** A credited deposit of `amountMinor` for the label, so that it has funds to withdraw. */
  async function fund(label: string, amountMinor: bigint): Promise<void> {
    const depositId = `dep-${label}`;
    await driver.openDeposit({ depositId, walletType: 'easypaisa', currency: 'PKR', label });
    await driver.depositPostback(depositId, { walletType: 'easypaisa', currency: 'PKR', transactionId: `tx-${label}`, amountMinor });
  }

  it('holds, retries, submits and settles: the row and the balance follow each step', async () => {
    const clock = driver.clock;
    await fund('w-1', 500000n);
    clock.advance();
    await driver.requestWithdrawal({ ...ORDER, withdrawalId: 'wd-1', label: 'w-1', amountMinor: 200000n });
    await fixture.caughtUp();
    expect(await withdrawals.get(TENANT, 'wd-1')).toMatchObject({
      id: 'wd-1',
      status: 'requested',
      amount: '2000.00',
      currency: 'PKR',
      accountNumber: '03123456789',
      accountName: 'Ali Khan',
      bankCode: null,
      attempts: 0,
      createdAt: '2024-05-01T10:01:00.000Z',
    });
    expect((await balances.current(TENANT, 'w-1')).balances).toEqual([{ currency: 'PKR', available: '3000.00', held: '2000.00', total: '5000.00' }]);

    clock.advance();
    await driver.submission('wd-1', { status: 'error', error: 'HTTP 502', outcomeUnknown: false, retryAt: '2024-05-01T10:02:02.000Z' });
    await fixture.caughtUp();
    expect(await withdrawals.get(TENANT, 'wd-1')).toMatchObject({ status: 'requested', attempts: 1, lastError: 'HTTP 502', nextAttemptAt: '2024-05-01T10:02:02.000Z' });

    clock.advance();
    await driver.submission('wd-1', { status: 'ok' });
    await fixture.caughtUp();
    // The retry succeeded: the earlier error no longer describes the withdrawal.
    expect(await withdrawals.get(TENANT, 'wd-1')).toMatchObject({ status: 'submitted', attempts: 2, lastError: null });
    clock.advance();
    await driver.withdrawalPostback('wd-1', 1, 200000n, 'PKR');
    await fixture.caughtUp();
    expect(await withdrawals.get(TENANT, 'wd-1')).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      nextAttemptAt: null,
      providerStatus: 1,
      submittedAt: '2024-05-01T10:03:00.000Z',
      finishedAt: '2024-05-01T10:04:00.000Z',
    });
    expect((await balances.current(TENANT, 'w-1')).balances).toEqual([{ currency: 'PKR', available: '3000.00', held: '0.00', total: '3000.00' }]);
    // The same view folded straight from the stream.
    expect(withdrawalViewFromEvents(await fixture.store.readStream(withdrawalStreamId(TENANT, 'wd-1')))).toEqual(await withdrawals.get(TENANT, 'wd-1'));
  });

  it('returns the held funds on status 5 and on a refusal at create', async () => {
    await fund('w-2', 300000n);
    await driver.requestWithdrawal({ ...ORDER, withdrawalId: 'wd-failed', label: 'w-2', amountMinor: 100000n });
    await driver.requestWithdrawal({ ...ORDER, withdrawalId: 'wd-rejected', label: 'w-2', amountMinor: 150000n });
    await fixture.caughtUp();
    expect((await balances.current(TENANT, 'w-2')).balances).toEqual([{ currency: 'PKR', available: '500.00', held: '2500.00', total: '3000.00' }]);

    await driver.submission('wd-failed', { status: 'ok' });
    await driver.withdrawalPostback('wd-failed', 5, 100000n, 'PKR');
    await driver.submission('wd-rejected', { status: 'fail', message: { amount: ['Insufficient balance'] } });
    await fixture.caughtUp();

    expect(await withdrawals.get(TENANT, 'wd-failed')).toMatchObject({ status: 'failed', providerStatus: 5, attempts: 1 });
    expect(await withdrawals.get(TENANT, 'wd-rejected')).toMatchObject({
      status: 'rejected',
      attempts: 1,
      providerMessage: { amount: ['Insufficient balance'] },
      finishedAt: '2024-05-01T10:00:00.000Z',
    });
    expect((await balances.current(TENANT, 'w-2')).balances).toEqual([{ currency: 'PKR', available: '3000.00', held: '0.00', total: '3000.00' }]);
  });

  it('counts unknown statuses and quarantined postbacks without moving money', async () => {
    await fund('w-3', 100000n);
    await driver.requestWithdrawal({ ...ORDER, withdrawalId: 'wd-odd', label: 'w-3', amountMinor: 100000n });
    await driver.submission('wd-odd', { status: 'ok' });
    await driver.withdrawalPostback('wd-odd', 3, 100000n, 'PKR');
    await driver.withdrawalPostback('wd-odd', 1, 99900n, 'PKR'); // amount mismatch: quarantined
    await fixture.caughtUp();

    expect(await withdrawals.get(TENANT, 'wd-odd')).toMatchObject({ status: 'submitted', unrecognizedStatusCount: 1, quarantinedCount: 1 });
    expect((await balances.current(TENANT, 'w-3')).balances).toEqual([{ currency: 'PKR', available: '0.00', held: '1000.00', total: '1000.00' }]);
  });
});
