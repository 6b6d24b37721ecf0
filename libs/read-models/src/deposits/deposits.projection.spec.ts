import { depositStreamId } from '@kassa/ledger';
import { depositViewFromEvents } from './deposit-from-events';
import { DepositQueries } from './deposits.query';
import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';

const TENANT = 'merchant-1';

describe('Deposits read model', () => {
  let fixture: ReadModelFixture;
  let driver: LedgerDriver;
  let queries: DepositQueries;

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_deposits');
    queries = new DepositQueries(fixture.dataSource);
  });
  afterAll(async () => {
    await fixture.close();
  });
  beforeEach(() => {
    driver = new LedgerDriver(fixture.store, new TestClock(), TENANT);
  });

  it('follows a deposit from wallet details to the credit, with the postback amount and its flags', async () => {
    const clock = driver.clock;
    await driver.openDeposit({ depositId: 'dep-1', walletType: 'easypaisa', currency: 'PKR', label: 'player-1', requestedAmountMinor: 100000n });
    await fixture.caughtUp();
    expect(await queries.get(TENANT, 'dep-1')).toMatchObject({
      id: 'dep-1',
      status: 'created',
      walletType: 'easypaisa',
      currency: 'PKR',
      label: 'player-1',
      amount: '1000.00',
      paymentUrl: 'https://plugin.example/pay?custom_transaction_id=dep-1',
      walletDetails: { 'Wallet number': '03001234567', 'Account title': 'Kassa Ltd' },
      credit: null,
      createdAt: '2024-05-01T10:00:00.000Z',
    });

    clock.advance();
    await driver.submitActivation('dep-1', '12345678901', 100000n);
    clock.advance();
    await driver.answerActivation('dep-1', 1, { status: 'ok', providerAmountMinor: 100000n, message: null });
    await fixture.caughtUp();
    expect(await queries.get(TENANT, 'dep-1')).toMatchObject({
      status: 'awaiting_confirmation',
      activation: { attempts: 1, transactionId: '12345678901', amount: '1000.00', outcome: 'ok', providerAmount: '1000.00', submittedAt: '2024-05-01T10:01:00.000Z' },
    });

    clock.advance();
    await driver.depositPostback('dep-1', { walletType: 'easypaisa', currency: 'PKR', transactionId: '12345678901', amountMinor: 99950n, postbackId: 'pb-1' });
    await fixture.caughtUp();
    const credited = await queries.get(TENANT, 'dep-1');
    expect(credited).toMatchObject({
      status: 'credited',
      credit: {
        amount: '999.50',
        expectedAmount: '1000.00',
        walletType: 'easypaisa',
        transactionId: '12345678901',
        postbackId: 'pb-1',
        convertedUsd: '12.34',
        creditedAt: '2024-05-01T10:03:00.000Z',
      },
      flags: { amountMismatch: true, transactionIdMismatch: false, walletTypeMismatch: false, unmatched: false },
      quarantinedCount: 0,
      updatedAt: '2024-05-01T10:03:00.000Z',
    });

    // A conflicting second postback is quarantined: counted, the credit stands.
    clock.advance();
    await driver.depositPostback('dep-1', { walletType: 'easypaisa', currency: 'PKR', transactionId: '99999999999', amountMinor: 5000n, postbackId: 'pb-2' });
    await fixture.caughtUp();
    expect(await queries.get(TENANT, 'dep-1')).toMatchObject({ status: 'credited', credit: { amount: '999.50', postbackId: 'pb-1' }, quarantinedCount: 1 });

    const [raw] = await fixture.dataSource.query(`SELECT tenant_id, stream_id, credited_amount_minor::text AS credited, last_stream_version FROM deposits WHERE id = 'dep-1'`);
    expect(raw).toEqual({ tenant_id: TENANT, stream_id: 'deposit-merchant-1.dep-1', credited: '99950', last_stream_version: 5 });
  });

  it('records a refused creation as failed and a rejected activation as activation_rejected', async () => {
    await driver.openDeposit({ depositId: 'dep-refused', walletType: 'paytm', currency: 'INR', label: 'player-2', refusedWith: 'wallet unavailable' });
    await driver.openDeposit({ depositId: 'dep-rejected', walletType: 'paytm', currency: 'INR', label: 'player-2', requestedAmountMinor: 50000n });
    await driver.submitActivation('dep-rejected', '123456789012', 50000n);
    await driver.answerActivation('dep-rejected', 1, { status: 'fail', message: 'transaction not found' });
    await fixture.caughtUp();

    expect(await queries.get(TENANT, 'dep-refused')).toMatchObject({ status: 'failed', failureReason: 'wallet unavailable', walletDetails: null, paymentUrl: null });
    expect(await queries.get(TENANT, 'dep-rejected')).toMatchObject({
      status: 'activation_rejected',
      activation: { attempts: 1, outcome: 'fail', message: 'transaction not found' },
    });
  });

  it('opens a row flagged unmatched for a postback nobody ordered, credited at once', async () => {
    const depositId = await driver.unmatchedPostback('player-3', { walletType: 'khalti_ml', currency: 'NPR', transactionId: 'ABCDEFGHIJ0123456789', amountMinor: 250000n });
    await fixture.caughtUp();
    expect(await queries.get(TENANT, depositId)).toMatchObject({
      id: 'unmatched-khalti_ml-ABCDEFGHIJ0123456789',
      status: 'credited',
      label: 'player-3',
      amount: null,
      credit: { amount: '2500.00', expectedAmount: null },
      flags: { unmatched: true, amountMismatch: false },
    });
  });

  it('folds the same view straight from the stream, for reads that must not wait for the projection', async () => {
    await driver.openDeposit({ depositId: 'dep-fold', walletType: 'paytm', currency: 'INR', label: 'p', requestedAmountMinor: 70000n });
    await driver.submitActivation('dep-fold', '123456789012', 70000n);
    await driver.answerActivation('dep-fold', 1, { status: 'pending', providerAmountMinor: null, message: 'queued' });
    await driver.depositPostback('dep-fold', { walletType: 'paytm', currency: 'INR', transactionId: '123456789012', amountMinor: 70000n });
    await fixture.caughtUp();
    const events = await fixture.store.readStream(depositStreamId(TENANT, 'dep-fold'));
    expect(depositViewFromEvents(events)).toEqual(await queries.get(TENANT, 'dep-fold'));
    expect(depositViewFromEvents([])).toBeNull();
  });

  it('answers null for another tenant or an unknown id', async () => {
    await driver.openDeposit({ depositId: 'dep-mine', walletType: 'paytm', currency: 'INR', label: 'p' });
    await fixture.caughtUp();
    expect(await queries.get('merchant-2', 'dep-mine')).toBeNull();
    expect(await queries.get(TENANT, 'no-such-deposit')).toBeNull();
  });
});
