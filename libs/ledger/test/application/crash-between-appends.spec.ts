import { Pool } from 'pg';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore, type RecordedEvent, type StreamAppend } from '@kassa/event-store';
import { openDatabase } from '@kassa/platform';
import { createTestDatabase } from '../../../../test/support/test-database';
import { SequentialEventStore } from '../../../event-store/src/testing/sequential-event-store';
import { readWholeStream } from '../../src/application/execute-command';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE, type MerchantDirectory, systemClock } from '../../src/application/ledger-context';
import { PostWalletEffectHandler } from '../../src/wallet/post-wallet-effect.handler';
import { RequestWithdrawalFromHoldHandler } from '../../src/withdrawal/request-withdrawal-from-hold.handler';
import { merchantDirectory } from '../../src/application/merchant-directory';
import type { VerifiedDepositRecord } from '../../src/deposit/apply-deposit-postback';
import { ApplyDepositPostbackCommand, ApplyDepositPostbackHandler } from '../../src/deposit/apply-deposit-postback.handler';
import { depositStreamId, providerTransactionStreamId, unmatchedDepositId, WALLET_STREAM_PREFIX, walletStreamId, WITHDRAWAL_STREAM_PREFIX, withdrawalStreamId } from '@kassa/kernel';
import { WalletPostingsProcessManager } from '../../src/wallet/wallet-postings.process-manager';
import { ApplyWithdrawalPostbackCommand, ApplyWithdrawalPostbackHandler } from '../../src/withdrawal/apply-withdrawal-postback.handler';
import { withdrawalRequestedEventId } from '../../src/withdrawal/hold-to-request';
import { RequestWithdrawalCommand, RequestWithdrawalHandler } from '../../src/withdrawal/request-withdrawal.handler';

const TENANT = 'merchant-1';
const CONTEXT = { merchantId: 'merchant-1', actor: 'test', correlationId: 'corr-crash' } as const;
/** One merchant; these handlers never call the provider, so any call to it fails the test. */
const SETTINGS: MerchantDirectory = merchantDirectory([{
  settings: { tenantId: TENANT, unmatchedCredits: 'label' },
  provider: {
    openDeposit: () => Promise.reject(new Error('not called by these handlers')),
    activate: () => Promise.reject(new Error('not called by these handlers')),
    createWithdrawal: () => Promise.reject(new Error('not called by these handlers')),
  },
}]);

class ProcessKilled extends Error {}

/**
 * A store that appends streams one by one (EventStoreDB's case), and a process that dies between two
 * of those appends: the wallet-postings process manager (the durable repair) and a resent request
 * (the provider resends unacknowledged postbacks) each complete what was left, and together they
 * apply it exactly once, whichever comes first and however often.
 */
describe('A crash between the appends of one request (streams appended one by one)', () => {
  let pool: Pool;
  let drop: () => Promise<void>;
  let store: SequentialEventStore;
  /** The next append to a stream with this prefix dies with the process (once). */
  let crashBefore: string | null = null;
  let labels = 0;
  let transactions = 0;
  let repairContext: INestApplicationContext;

  beforeAll(async () => {
    const db = await createTestDatabase('crash_between_appends');
    drop = db.drop;
    await (await openDatabase(db.url, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
    pool = new Pool({ connectionString: db.url, max: 10 });
    store = new SequentialEventStore(new PostgresEventStore(pool), (append: StreamAppend) => {
      if (crashBefore !== null && append.streamId.startsWith(crashBefore)) {
        crashBefore = null;
        throw new ProcessKilled(`killed before appending to ${append.streamId}`);
      }
    });
    // The repair as the service runs it: the process manager dispatches its commands on the bus.
    @Module({
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: CLOCK, useValue: systemClock },
        PostWalletEffectHandler,
        RequestWithdrawalFromHoldHandler,
        WalletPostingsProcessManager,
      ],
    })
    class RepairModule {}
    repairContext = await NestFactory.createApplicationContext(RepairModule, { logger: false });
  });

  afterAll(async () => {
    await repairContext?.close();
    await store.close();
    await pool.end();
    await drop();
  });

  const deposits = () => new ApplyDepositPostbackHandler(store, systemClock, SETTINGS);
  const withdrawalPostbacks = () => new ApplyWithdrawalPostbackHandler(store, systemClock, SETTINGS);
  const repair = () => repairContext.get(WalletPostingsProcessManager);

  function creditRecord(label: string, amountMinor: bigint): VerifiedDepositRecord {
    return {
      postbackId: `pb-${++transactions}`,
      walletType: 'easypaisa',
      transactionId: `tx-${transactions}`,
      amountMinor,
      currency: 'PKR',
      stockpilingId: null,
      activatedDatetime: null,
      exchangerIdentifier: null,
      convertedUsd: null,
      pluginCustomOrderId: null,
      unsignedLabel: label,
      receivedAt: new Date().toISOString(),
    };
  }

  const wallet = (label: string) => readWholeStream(store, walletStreamId({ tenantId: TENANT, label, currency: 'PKR' }));
  const types = (events: readonly RecordedEvent[]) => events.map((event) => event.type);

  /** Delivers each event to the repair twice, as an at-least-once subscription may. */
  async function redeliver(events: readonly RecordedEvent[]): Promise<void> {
    const manager = repair();
    for (const event of [...events, ...events]) {
      if (manager.eventTypes.includes(event.type)) await manager.handle(event);
    }
  }

  async function fundedPlayer(amountMinor: bigint): Promise<string> {
    const label = `crash-${++labels}`;
    await deposits().execute(new ApplyDepositPostbackCommand([creditRecord(label, amountMinor)], CONTEXT));
    expect(types(await wallet(label))).toEqual(['FundsCredited']);
    return label;
  }

  it('deposit credited, wallet not: the repair credits it once, and the resent postback then changes nothing', async () => {
    const label = `crash-${++labels}`;
    const record = creditRecord(label, 70_000n);
    crashBefore = WALLET_STREAM_PREFIX;
    await expect(deposits().execute(new ApplyDepositPostbackCommand([record], CONTEXT))).rejects.toBeInstanceOf(ProcessKilled);
    const depositEvents = await readWholeStream(store, depositStreamId(TENANT, unmatchedDepositId('easypaisa', record.transactionId)));
    expect(types(depositEvents)).toContain('DepositCredited');
    expect(await wallet(label)).toEqual([]);

    await redeliver(depositEvents);
    const repaired = await wallet(label);
    expect(types(repaired)).toEqual(['FundsCredited']);
    expect(repaired[0].data).toMatchObject({ amountMinor: '70000' });

    await expect(deposits().execute(new ApplyDepositPostbackCommand([record], CONTEXT))).resolves.toEqual([expect.objectContaining({ outcome: 'duplicate' })]);
    expect(await wallet(label)).toEqual(repaired);
  });

  it('the resent postback repairs first, and the process manager arriving later finds nothing to do', async () => {
    const label = `crash-${++labels}`;
    const record = creditRecord(label, 12_345n);
    crashBefore = WALLET_STREAM_PREFIX;
    await expect(deposits().execute(new ApplyDepositPostbackCommand([record], CONTEXT))).rejects.toBeInstanceOf(ProcessKilled);
    expect(await wallet(label)).toEqual([]);

    await deposits().execute(new ApplyDepositPostbackCommand([record], CONTEXT));
    const credited = await wallet(label);
    expect(types(credited)).toEqual(['FundsCredited']);
    await redeliver(await readWholeStream(store, depositStreamId(TENANT, unmatchedDepositId('easypaisa', record.transactionId))));
    expect(await wallet(label)).toEqual(credited);
  });

  it('on PostgreSQL itself the claim, the deposit, the wallet and the inbox row are one transaction: a failed row leaves no event', async () => {
    const atomic = new PostgresEventStore(pool);
    const handler = new ApplyDepositPostbackHandler(atomic, systemClock, SETTINGS);
    const label = `crash-${++labels}`;
    const record = creditRecord(label, 5_000n);
    const rows: string[] = [];
    const failingInbox = {
      recordWith: async () => {
        throw new ProcessKilled('killed while writing the inbox row');
      },
      record: async () => undefined,
    };
    await expect(handler.execute(new ApplyDepositPostbackCommand([record], CONTEXT, failingInbox))).rejects.toBeInstanceOf(ProcessKilled);
    const streams = [
      providerTransactionStreamId(TENANT, 'easypaisa', record.transactionId),
      depositStreamId(TENANT, unmatchedDepositId('easypaisa', record.transactionId)),
      walletStreamId({ tenantId: TENANT, label, currency: 'PKR' }),
    ];
    const { rows: stored } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = ANY($1)', [streams]);
    expect(stored[0].n).toBe(0);

    const inbox = {
      recordWith: async (sql: { query: (text: string) => Promise<{ rows: { xid: string }[] }> }) => {
        rows.push((await sql.query('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid);
      },
      record: async () => {
        throw new Error('an atomic store records the row inside the transaction');
      },
    };
    await expect(handler.execute(new ApplyDepositPostbackCommand([record], CONTEXT, inbox))).resolves.toEqual([expect.objectContaining({ outcome: 'applied' })]);
    const { rows: written } = await pool.query<{ type: string; transaction_id: string }>(
      'SELECT type, transaction_id::text FROM events WHERE stream_id = ANY($1) ORDER BY global_position', [streams],
    );
    expect(written.map((row) => row.type)).toEqual(['ProviderTransactionClaimed', 'UnmatchedDepositReceived', 'PostbackReceived', 'DepositCredited', 'FundsCredited']);
    expect(new Set([...written.map((row) => row.transaction_id), ...rows])).toEqual(new Set([rows[0]]));
  });

  it('hold appended, withdrawal not: the repair records the same WithdrawalRequested once', async () => {
    const label = await fundedPlayer(100_000n);
    crashBefore = WITHDRAWAL_STREAM_PREFIX;
    const request = new RequestWithdrawalCommand({ walletType: 'easypaisa', currency: 'PKR', label, amountMinor: 40_000n, accountNumber: '03123456789', accountName: 'Ali Khan', bankCode: null }, CONTEXT);
    await expect(new RequestWithdrawalHandler(store, systemClock, SETTINGS).execute(request)).rejects.toBeInstanceOf(ProcessKilled);
    const held = (await wallet(label)).find((event) => event.type === 'FundsHeld') as RecordedEvent;
    const withdrawalId = String(held.data.withdrawalId);
    expect(await readWholeStream(store, withdrawalStreamId(TENANT, withdrawalId))).toEqual([]);

    await redeliver(await wallet(label));
    const requested = await readWholeStream(store, withdrawalStreamId(TENANT, withdrawalId));
    expect(requested.map((event) => [event.type, event.id])).toEqual([['WithdrawalRequested', withdrawalRequestedEventId(held.id)]]);
    expect(requested[0].data).toMatchObject({ amountMinor: '40000', accountName: 'Ali Khan' });
  });

  it('status 5 recorded, hold not released: the repair releases it once, and the resent postback changes nothing', async () => {
    const label = await fundedPlayer(100_000n);
    const withdrawalId = await new RequestWithdrawalHandler(store, systemClock, SETTINGS).execute(
      new RequestWithdrawalCommand({ walletType: 'easypaisa', currency: 'PKR', label, amountMinor: 30_000n, accountNumber: '03123456789', accountName: null, bankCode: null }, CONTEXT),
    );
    const failed = { postbackId: 'pb-w-5', withdrawalId, status: 5, amountMinor: 30_000n, currency: 'PKR', comment: null, receivedAt: new Date().toISOString() };
    crashBefore = WALLET_STREAM_PREFIX;
    await expect(withdrawalPostbacks().execute(new ApplyWithdrawalPostbackCommand([failed], CONTEXT))).rejects.toBeInstanceOf(ProcessKilled);
    const withdrawalEvents = await readWholeStream(store, withdrawalStreamId(TENANT, withdrawalId));
    expect(types(withdrawalEvents)).toEqual(['WithdrawalRequested', 'WithdrawalFailed']);
    expect(types(await wallet(label))).toEqual(['FundsCredited', 'FundsHeld']);

    await redeliver(withdrawalEvents);
    expect(types(await wallet(label))).toEqual(['FundsCredited', 'FundsHeld', 'HeldFundsReleased']);
    await expect(withdrawalPostbacks().execute(new ApplyWithdrawalPostbackCommand([failed], CONTEXT))).resolves.toEqual(['duplicate']);
    expect(types(await wallet(label))).toEqual(['FundsCredited', 'FundsHeld', 'HeldFundsReleased']);
  });
});
