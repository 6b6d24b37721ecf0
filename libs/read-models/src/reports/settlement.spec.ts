import { createFinanceTables } from '../testing/finance-tables';
import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';
import { parseReportPeriod } from './report-period';
import { settlementCsv } from './settlement.csv';
import { SettlementQueries } from './settlement.query';

const TENANT = 'merchant-1';

/**
 * Manila is UTC+8: 15:30 UTC on May 1 is 23:30 on May 1 in Manila, 16:30 UTC is 00:30 on May 2.
 * The same events fall into different days depending on the zone the period is read in.
 */
describe('Settlement report across a day boundary', () => {
  let fixture: ReadModelFixture;
  let settlement: SettlementQueries;

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_settlement');
    await createFinanceTables(fixture.dataSource);
    settlement = new SettlementQueries(fixture.dataSource);
    const clock = new TestClock('2024-05-01T15:29:00.000Z');
    const driver = new LedgerDriver(fixture.store, clock, TENANT);
    const paytm = { walletType: 'paytm', currency: 'INR' } as const;
    await driver.openDeposit({ ...paytm, depositId: 'dep-late-may1', label: 'alice' });
    clock.advance(60_000); // 15:30 UTC = 23:30 Manila, May 1
    await driver.depositPostback('dep-late-may1', { ...paytm, transactionId: '100000000001', amountMinor: 100050n });
    clock.advance(60 * 60_000); // 16:30 UTC = 00:30 Manila, May 2
    await driver.openDeposit({ ...paytm, depositId: 'dep-early-may2', label: 'bob' });
    await driver.depositPostback('dep-early-may2', { ...paytm, transactionId: '100000000002', amountMinor: 20000n });
    await driver.requestWithdrawal({ ...paytm, withdrawalId: 'wd-paid', label: 'alice', amountMinor: 30000n, accountNumber: '1234567890' });
    await driver.submission('wd-paid', { status: 'ok' });
    await driver.withdrawalPostback('wd-paid', 1, 30000n, 'INR');
    await driver.requestWithdrawal({ ...paytm, withdrawalId: 'wd-bounced', label: 'bob', amountMinor: 5000n, accountNumber: '1234567890' });
    await driver.submission('wd-bounced', { status: 'ok' });
    await driver.withdrawalPostback('wd-bounced', 5, 5000n, 'INR');
    await driver.unmatchedPostback('carol', { walletType: 'easypaisa', currency: 'PKR', transactionId: '03001234567', amountMinor: 77700n });
    await fixture.caughtUp();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('puts both deposits and the withdrawals on May 1 in UTC', async () => {
    const report = await settlement.report(TENANT, parseReportPeriod('2024-05-01', '2024-05-02', 'UTC'));
    expect(report.period).toEqual({ from: '2024-05-01T00:00:00.000Z', to: '2024-05-02T00:00:00.000Z', timeZone: 'UTC' });
    expect(report.lines).toEqual([
      {
        walletType: 'easypaisa',
        currency: 'PKR',
        deposits: { count: 1, sum: '777.00' },
        withdrawalsSucceeded: { count: 0, sum: '0.00' },
        withdrawalsFailed: { count: 0, sum: '0.00' },
        net: '777.00',
        usd: { deposits: '12.34', depositsWithoutUsd: 0, withdrawalsSucceeded: null },
      },
      {
        walletType: 'paytm',
        currency: 'INR',
        deposits: { count: 2, sum: '1200.50' },
        withdrawalsSucceeded: { count: 1, sum: '300.00' },
        withdrawalsFailed: { count: 1, sum: '50.00' },
        net: '900.50',
        usd: { deposits: '24.68', depositsWithoutUsd: 0, withdrawalsSucceeded: null },
      },
    ]);
  });

  it('splits them between May 1 and May 2 in Asia/Manila', async () => {
    const may1 = await settlement.report(TENANT, parseReportPeriod('2024-05-01', '2024-05-02', 'Asia/Manila'));
    expect(may1.period).toEqual({ from: '2024-04-30T16:00:00.000Z', to: '2024-05-01T16:00:00.000Z', timeZone: 'Asia/Manila' });
    expect(may1.lines).toEqual([expect.objectContaining({ walletType: 'paytm', deposits: { count: 1, sum: '1000.50' }, withdrawalsSucceeded: { count: 0, sum: '0.00' }, net: '1000.50' })]);
    const may2 = await settlement.report(TENANT, parseReportPeriod('2024-05-02', '2024-05-03', 'Asia/Manila'));
    expect(may2.lines.map((l) => [l.walletType, l.deposits.count, l.deposits.sum, l.withdrawalsSucceeded.sum, l.withdrawalsFailed.sum, l.net])).toEqual([
      ['easypaisa', 1, '777.00', '0.00', '0.00', '777.00'],
      ['paytm', 1, '200.00', '300.00', '50.00', '-100.00'],
    ]);
  });

  it('excludes the end instant: [from, to)', async () => {
    const upToTheSecondDeposit = await settlement.report(TENANT, parseReportPeriod('2024-05-01T23:00', '2024-05-02T00:30', 'Asia/Manila'));
    expect(upToTheSecondDeposit.lines.map((l) => [l.walletType, l.deposits.count])).toEqual([['paytm', 1]]);
  });

  it('writes the same figures as CSV, amounts as text', async () => {
    const csv = settlementCsv(await settlement.report(TENANT, parseReportPeriod('2024-05-02', '2024-05-03', 'Asia/Manila')));
    expect(csv.split('\n')).toEqual([
      'period_from_utc,period_to_utc,time_zone,wallet_type,currency,deposits_count,deposits_sum,withdrawals_succeeded_count,withdrawals_succeeded_sum,withdrawals_failed_count,withdrawals_failed_sum,net,deposits_usd,deposits_without_usd',
      '2024-05-01T16:00:00.000Z,2024-05-02T16:00:00.000Z,Asia/Manila,easypaisa,PKR,1,777.00,0,0.00,0,0.00,777.00,12.34,0',
      '2024-05-01T16:00:00.000Z,2024-05-02T16:00:00.000Z,Asia/Manila,paytm,INR,1,200.00,1,300.00,1,50.00,-100.00,12.34,0',
      '',
    ]);
  });
});
