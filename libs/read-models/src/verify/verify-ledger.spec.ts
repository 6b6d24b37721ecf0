import { READ_MODEL_MIGRATIONS } from '../migrations';
import { READ_MODEL_PROJECTIONS } from '../projections';
import { createFinanceTables } from '../testing/finance-tables';
import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';
import { verifyLedger } from './verify-ledger';
import { VerifyRunsRepository } from './verify-runs.repository';

const TENANT = 'merchant-1';
const OTHER = 'merchant-2';
const PAYTM = { walletType: 'paytm', currency: 'INR', accountNumber: '1234567890' } as const;

describe('verify: read models against a replay of the events', () => {
  let fixture: ReadModelFixture;
  const verifyMerchants = (merchants: readonly string[], batchSize = 3) =>
    verifyLedger({ dataSource: fixture.dataSource, store: fixture.store, projections: READ_MODEL_PROJECTIONS, migrations: READ_MODEL_MIGRATIONS, merchants, batchSize });
  const verify = async (batchSize = 3) => (await verifyMerchants([TENANT], batchSize)).runs[0];

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_verify');
    await createFinanceTables(fixture.dataSource);
    // First (so the tests below that touch the newest rows touch merchant-1's) a second merchant with a player of the same label: its rows sit in the same tables.
    const other = new LedgerDriver(fixture.store, new TestClock(), OTHER);
    await other.openDeposit({ depositId: 'dep-b1', walletType: 'paytm', currency: 'INR', label: 'alice', requestedAmountMinor: 20000n });
    await other.depositPostback('dep-b1', { walletType: 'paytm', currency: 'INR', transactionId: '223456789012', amountMinor: 20000n });
    const driver = new LedgerDriver(fixture.store, new TestClock(), TENANT);
    await driver.openDeposit({ depositId: 'dep-1', walletType: 'paytm', currency: 'INR', label: 'alice', requestedAmountMinor: 100000n });
    await driver.depositPostback('dep-1', { walletType: 'paytm', currency: 'INR', transactionId: '123456789012', amountMinor: 90000n });
    await driver.requestWithdrawal({ ...PAYTM, withdrawalId: 'wd-1', label: 'alice', amountMinor: 30000n });
    await driver.submission('wd-1', { status: 'ok' });
    await driver.withdrawalPostback('wd-1', 1, 30000n, 'INR');
    await driver.requestWithdrawal({ ...PAYTM, withdrawalId: 'wd-2', label: 'alice', amountMinor: 10000n });
    await driver.withdrawalPostback('wd-2', 7, 10000n, 'INR');
    const item = await driver.suspensePostback({ walletType: 'paytm', currency: 'INR', transactionId: '223456789012', amountMinor: 25000n }, 'walk-in');
    await driver.assignSuspense(item, 'bob');
    await driver.suspensePostback({ walletType: 'paytm', currency: 'INR', transactionId: '323456789012', amountMinor: 5000n });
    await fixture.caughtUp();
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function scratchSchemas(): Promise<string[]> {
    const rows: { nspname: string }[] = await fixture.dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'verify\\_%'`);
    return rows.map((r) => r.nspname);
  }

  it('finds every table equal to its replay, in small batches, and stores the run', async () => {
    const result = await verify();
    expect(result.driftedTables).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.eventsReplayed).toBeGreaterThan(10);
    expect(result.tables.map((t) => t.table).sort()).toEqual(['deposits', 'ledger_entries', 'ledger_exceptions', 'suspense_items', 'wallet_balances', 'webhook_event_sources', 'withdrawals']);
    for (const table of result.tables) {
      expect(table.liveRows).toBeGreaterThan(0);
      expect(table.liveHash).toBe(table.replayHash);
    }
    expect(await scratchSchemas()).toEqual([]);
    expect((await new VerifyRunsRepository(fixture.dataSource).last(TENANT))?.id).toBe(result.id);
  });

  it('compares at the checkpoints the live tables are at, not at the head: events not yet projected are no drift', async () => {
    await fixture.runner.stop(); // from here on the live read models stay behind (and nothing repairs a tampered row)
    const before = await verify();
    const driver = new LedgerDriver(fixture.store, new TestClock('2024-05-02T10:00:00.000Z'), TENANT);
    await driver.openDeposit({ depositId: 'dep-late', walletType: 'paytm', currency: 'INR', label: 'bob' });
    await driver.depositPostback('dep-late', { walletType: 'paytm', currency: 'INR', transactionId: '999999999999', amountMinor: 5000n });
    const after = await verify();
    expect(after.ok).toBe(true);
    expect(after.eventsReplayed).toBe(before.eventsReplayed);
    expect(after.positions).toEqual(before.positions);
  });

  it('catches a balance changed behind its back, names the row on both sides, and keeps the live schema untouched', async () => {
    await fixture.dataSource.query(`UPDATE wallet_balances SET available_minor = available_minor + 1 WHERE tenant_id = '${TENANT}' AND label = 'alice'`);
    const result = await verify(1000);
    expect(result.ok).toBe(false);
    expect(result.driftedTables).toEqual(['wallet_balances']);
    const table = result.tables.find((t) => t.table === 'wallet_balances');
    expect(table?.differingRows).toEqual([
      { side: 'live_only', row: expect.objectContaining({ label: 'alice', available_minor: '50001' }) },
      { side: 'replay_only', row: expect.objectContaining({ label: 'alice', available_minor: '50000' }) },
    ]);
    expect((await new VerifyRunsRepository(fixture.dataSource).last(TENANT))?.ok).toBe(false);
    const [{ available }] = await fixture.dataSource.query(`SELECT available_minor::text AS available FROM wallet_balances WHERE tenant_id = '${TENANT}' AND label = 'alice'`);
    expect(available).toBe('50001');
    expect(await scratchSchemas()).toEqual([]);
  });

  it('catches a deleted journal posting, ignoring surrogate ids', async () => {
    await fixture.dataSource.query(`UPDATE wallet_balances SET available_minor = available_minor - 1 WHERE tenant_id = '${TENANT}' AND label = 'alice'`);
    await fixture.dataSource.query(`DELETE FROM ledger_entries WHERE id = (SELECT max(id) FROM ledger_entries WHERE tenant_id = '${TENANT}' AND reference = 'wd-2')`);
    const result = await verify();
    expect(result.driftedTables).toEqual(['ledger_entries']);
    const table = result.tables.find((t) => t.table === 'ledger_entries');
    expect(table?.differingRows).toEqual([{ side: 'replay_only', row: expect.objectContaining({ event_type: 'FundsHeld', reference: 'wd-2', amount_minor: '-10000' }) }]);
    expect(table?.differingRows[0].row).not.toHaveProperty('id');
  });

  it('judges each merchant on its own rows: drift at one merchant is found there and recorded under it only', async () => {
    const before = await verifyMerchants([TENANT, OTHER]);
    const tenantDrift = before.runs[0].driftedTables; // earlier tests left merchant-1 tampered
    expect(before.runs.map((run) => run.merchant)).toEqual([TENANT, OTHER]);
    expect(before.runs[1]).toMatchObject({ ok: true, driftedTables: [] });
    await fixture.dataSource.query(`UPDATE wallet_balances SET available_minor = available_minor + 7 WHERE tenant_id = $1 AND label = 'alice'`, [OTHER]);
    const report = await verifyMerchants([TENANT, OTHER]);
    expect(report.ok).toBe(false);
    expect(report.runs[0].driftedTables).toEqual(tenantDrift);
    expect(report.runs[1]).toMatchObject({ merchant: OTHER, ok: false, driftedTables: ['wallet_balances'] });
    expect(report.runs[1].tables.find((t) => t.table === 'wallet_balances')?.differingRows).toEqual([
      { side: 'live_only', row: expect.objectContaining({ tenant_id: OTHER, label: 'alice', available_minor: '20007' }) },
      { side: 'replay_only', row: expect.objectContaining({ tenant_id: OTHER, label: 'alice', available_minor: '20000' }) },
    ]);
    const runs = new VerifyRunsRepository(fixture.dataSource);
    expect((await runs.last(OTHER))?.id).toBe(report.runs[1].id);
    expect((await runs.last(TENANT))?.id).toBe(report.runs[0].id);
  });
});
