import { START } from '@kassa/event-store';
import { seededRandom } from '../../ledger/src/testing/random';
import { depositsProjection } from './deposits/deposits.projection';
import { READ_MODEL_PROJECTIONS } from './projections';
import { LedgerDriver } from './testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from './testing/read-model-fixture';
import { snapshotTable } from './testing/table-snapshot';
import { TestClock } from './testing/test-clock';

/** Every read-model table, its natural order, and the surrogate columns a rebuild may renumber. */
const TABLES = [
  { table: 'deposits', orderBy: 'tenant_id, id', without: [] },
  { table: 'withdrawals', orderBy: 'tenant_id, id', without: [] },
  { table: 'wallet_balances', orderBy: 'tenant_id, label, currency', without: [] },
  { table: 'ledger_entries', orderBy: 'entry_id, account', without: ['id'] },
  { table: 'ledger_exceptions', orderBy: 'event_id, kind', without: ['id'] },
] as const;

const WALLETS = [
  { walletType: 'paytm', currency: 'INR', accountNumber: '1234567890' },
  { walletType: 'easypaisa', currency: 'PKR', accountNumber: '03123456789' },
  { walletType: 'khalti_ml', currency: 'NPR', accountNumber: '9876543210' },
  { walletType: 'upay_manual', currency: 'LKR', accountNumber: '123456' },
] as const;
const WORKERS = 4;
const FLOWS_PER_WORKER = 30;
const READ_ALL_LIMIT = 10_000;

type Snapshot = Record<string, Record<string, string | null>[]>;

async function snapshotAll(fixture: ReadModelFixture): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const { table, orderBy, without } of TABLES) snapshot[table] = await snapshotTable(fixture.dataSource, table, orderBy, without);
  return snapshot;
}

/**
 * One worker's players (disjoint from the other workers', so appends never conflict), each flow a
 * deposit with some outcome and, once funded, a withdrawal with some outcome.
 */
async function runWorker(fixture: ReadModelFixture, worker: number): Promise<void> {
  const random = seededRandom(1000 + worker);
  const driver = new LedgerDriver(fixture.store, new TestClock(`2024-05-0${worker + 1}T08:00:00.000Z`), worker === 3 ? 'merchant-2' : 'merchant-1');
  const labels = [`player-${worker}-a`, `player ${worker}/ä`, `vip:${worker}`];
  for (let flow = 0; flow < FLOWS_PER_WORKER; flow += 1) {
    driver.clock.advance(1 + random.int(90_000));
    const label = random.pick(labels);
    const wallet = random.pick(WALLETS);
    const depositId = `dep-${worker}-${flow}`;
    const amountMinor = BigInt(1 + random.int(500)) * 100n;
    const txId = `${worker}${flow}`.padStart(12, '7');
    const ending = random.int(6);
    if (ending === 5) {
      // For no order of ours: credited to the unsigned label ("label" merchants), or into suspense, mostly assigned later.
      if (random.int(2) === 0) {
        await driver.unmatchedPostback(label, { ...wallet, transactionId: `u${txId}`, amountMinor });
      } else {
        const item = await driver.suspensePostback({ ...wallet, transactionId: `s${txId}`, amountMinor }, label);
        if (random.int(3) > 0) await driver.assignSuspense(item, label);
      }
      continue;
    }
    await driver.openDeposit({ depositId, ...wallet, label, requestedAmountMinor: ending === 0 ? null : amountMinor, refusedWith: ending === 4 ? 'no wallets' : undefined });
    if (ending === 4) continue;
    await driver.submitActivation(depositId, txId, amountMinor);
    if (ending === 3) {
      await driver.answerActivation(depositId, 1, { status: 'fail', message: 'not found' });
      continue;
    }
    await driver.answerActivation(depositId, 1, { status: 'pending', providerAmountMinor: null, message: null });
    const creditedMinor = ending === 2 ? amountMinor + 1n : amountMinor;
    await driver.depositPostback(depositId, { ...wallet, transactionId: txId, amountMinor: creditedMinor });
    if (random.int(4) === 0) await driver.depositPostback(depositId, { ...wallet, transactionId: `9${txId}`, amountMinor: creditedMinor });

    const withdrawalId = `wd-${worker}-${flow}`;
    const withdrawMinor = BigInt(1 + random.int(Number(creditedMinor / 100n))) * 100n;
    await driver.requestWithdrawal({ withdrawalId, ...wallet, label, amountMinor: withdrawMinor, bankCode: wallet.walletType === 'upay_manual' ? 'BOC' : null });
    if (random.int(3) === 0) await driver.submission(withdrawalId, { status: 'error', error: 'timeout', outcomeUnknown: true, retryAt: driver.clock.advance(2_000) });
    const result = random.int(5);
    if (result === 0) {
      await driver.submission(withdrawalId, { status: 'fail', message: 'account blocked' });
      continue;
    }
    await driver.submission(withdrawalId, { status: 'ok' });
    if (result === 1) continue; // still submitted
    if (result === 2) await driver.withdrawalPostback(withdrawalId, 2, withdrawMinor, wallet.currency);
    await driver.withdrawalPostback(withdrawalId, result === 4 ? 5 : 1, withdrawMinor, wallet.currency);
    if (result === 3) await driver.withdrawalPostback(withdrawalId, 5, withdrawMinor, wallet.currency); // conflicts: quarantined
  }
}

describe('Read models › rebuild', () => {
  let fixture: ReadModelFixture;
  let live: Snapshot;

  beforeAll(async () => {
    // Small batches while the writers run: live batches cut streams at other places than the rebuild's.
    fixture = await openReadModelFixture('rm_rebuild', { maxBatchSize: 7 });
    await Promise.all(Array.from({ length: WORKERS }, (_, worker) => runWorker(fixture, worker)));
    await fixture.caughtUp(60_000);
    live = await snapshotAll(fixture);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('built a realistic state to compare: every table has rows, every status occurs', async () => {
    for (const { table } of TABLES) expect(live[table].length).toBeGreaterThan(0);
    const statuses = (table: string): string[] => [...new Set(live[table].map((row) => String(row.status)))].sort();
    expect(statuses('deposits')).toEqual(['activation_rejected', 'credited', 'failed']);
    expect(statuses('withdrawals')).toEqual(['failed', 'rejected', 'submitted', 'succeeded']);
    const kinds = [...new Set(live.ledger_exceptions.map((row) => String(row.kind)))].sort();
    expect(kinds).toEqual(['amount_mismatch', 'postback_quarantined', 'unknown_withdrawal_status', 'unmatched_deposit']);
    const sums = await fixture.dataSource.query('SELECT currency, sum(amount_minor)::text AS sum FROM ledger_entries GROUP BY currency');
    expect(sums.map((row: { sum: string }) => row.sum)).toEqual(['0', '0', '0', '0']);
  });

  it('rebuilds every read model, row by row, to the state built live', async () => {
    // Scribble on every table, so that a rebuild which kept old rows cannot pass.
    await fixture.dataSource.query(`UPDATE deposits SET status = 'scribbled'`);
    await fixture.dataSource.query(`DELETE FROM withdrawals WHERE id IN (SELECT id FROM withdrawals LIMIT 3)`);
    await fixture.dataSource.query(`UPDATE wallet_balances SET available_minor = available_minor + 1`);
    await fixture.dataSource.query(`DELETE FROM ledger_entries WHERE id % 2 = 0`);
    await fixture.dataSource.query(`UPDATE ledger_exceptions SET detail = '{}'`);

    for (const projection of READ_MODEL_PROJECTIONS) await fixture.runner.rebuild(projection.name, { timeoutMs: 60_000 });

    const rebuilt = await snapshotAll(fixture);
    for (const { table } of TABLES) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
  });

  it('changes nothing when the same events are applied again', async () => {
    for (const projection of READ_MODEL_PROJECTIONS) {
      const events = await fixture.store.readAll(START, READ_ALL_LIMIT, { streamPrefixes: projection.streamPrefixes });
      expect(events.length).toBeLessThan(READ_ALL_LIMIT);
      await fixture.dataSource.transaction(async (manager) => {
        await projection.apply(events, manager);
        await projection.apply(events.slice(events.length >> 1), manager);
      });
    }
    expect(await snapshotAll(fixture)).toEqual(live);
  });

  it('refuses to fold past a missing event of a stream', async () => {
    const stream = await fixture.store.readStream(live.deposits[0].stream_id ?? '');
    expect(stream.length).toBeGreaterThan(2);
    const withGap = [stream[0], ...stream.slice(2)];
    await expect(
      fixture.dataSource.transaction(async (manager) => {
        await manager.query('DELETE FROM deposits WHERE stream_id = $1', [stream[0].streamId]);
        await depositsProjection.apply(withGap, manager);
      }),
    ).rejects.toThrow('refusing to skip an event');
  });
});
