import { depositStreamId, withdrawalStreamId } from '@kassa/ledger';
import { depositViewFromEvents } from '../deposits/deposit-from-events';
import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';
import { withdrawalViewFromEvents } from '../withdrawals/withdrawal-from-events';
import { webhookEventId, type StoredWebhookEvent } from './webhook-event';
import { WEBHOOK_EVENTS_PROJECTION_NAME } from './webhook-events.projection';
import { lastWebhookEventSeq, readWebhookEventsAfter, WebhookEventQueries } from './webhook-events.query';

const A = 'merchant-a';
const B = 'merchant-b';

describe('Webhook events projection', () => {
  let fixture: ReadModelFixture;

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_webhooks');
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function all(): Promise<StoredWebhookEvent[]> {
    await fixture.caughtUp();
    return readWebhookEventsAfter(fixture.dataSource, 0n, 200);
  }

  async function eventsOf(streamId: string): Promise<StoredWebhookEvent[]> {
    const ids = new Set((await fixture.store.readStream(streamId)).map((event) => webhookEventId(event.id)));
    return (await all()).filter((event) => ids.has(event.id));
  }

  it("reports each state change of a deposit once, with the GET view at that version, in the deposit's merchant", async () => {
    const driver = new LedgerDriver(fixture.store, new TestClock(), A);
    await driver.openDeposit({ depositId: 'dep-life', walletType: 'paytm', currency: 'INR', label: 'p1', requestedAmountMinor: 50000n });
    await driver.submitActivation('dep-life', '123456789012', 50000n);
    await driver.answerActivation('dep-life', 1, { status: 'fail', message: 'not found' });
    await driver.submitActivation('dep-life', '123456789013', 50000n);
    await driver.answerActivation('dep-life', 2, { status: 'fail', message: 'not found again' });
    await driver.submitActivation('dep-life', '123456789014', 50000n);
    await driver.answerActivation('dep-life', 3, { status: 'ok', providerAmountMinor: 50000n, message: null });
    await driver.depositPostback('dep-life', { walletType: 'paytm', currency: 'INR', transactionId: '123456789014', amountMinor: 50000n, postbackId: 'pb-1' });
    // A conflicting postback is quarantined: no state change, no webhook event.
    await driver.depositPostback('dep-life', { walletType: 'paytm', currency: 'INR', transactionId: '123456789014', amountMinor: 1n, postbackId: 'pb-2' });

    const stream = await fixture.store.readStream(depositStreamId(A, 'dep-life'));
    const events = await eventsOf(depositStreamId(A, 'dep-life'));
    expect(events.map((event) => event.type)).toEqual([
      'deposit.activation_rejected',
      'deposit.activation_rejected',
      'deposit.awaiting_confirmation',
      'deposit.credited',
    ]);
    for (const event of events) {
      const version = event.payload.data.version;
      const source = stream.find((recorded) => recorded.streamVersion === version)!;
      expect(event).toMatchObject({ id: webhookEventId(source.id), merchantId: A });
      expect(event.payload).toEqual({
        id: event.id,
        type: event.type,
        createdAt: source.recordedAt.toISOString(),
        merchant: A,
        data: { ...depositViewFromEvents(stream.filter((recorded) => recorded.streamVersion <= version)), version },
      });
    }
    expect(events.map((event) => event.payload.data.version)).toEqual([...events.map((event) => event.payload.data.version)].sort((x, y) => x - y));
    expect(events[3].payload.data).toMatchObject({ status: 'credited', credit: { amount: '500.00', postbackId: 'pb-1' }, quarantinedCount: 0 });
  });

  it('reports a refused creation as deposit.failed', async () => {
    const driver = new LedgerDriver(fixture.store, new TestClock(), A);
    await driver.openDeposit({ depositId: 'dep-refused', walletType: 'paytm', currency: 'INR', label: 'p1', refusedWith: 'wallet unavailable' });
    const events = await eventsOf(depositStreamId(A, 'dep-refused'));
    expect(events.map((event) => [event.type, event.payload.data.status, event.payload.data.version])).toEqual([['deposit.failed', 'failed', 0]]);
  });

  it('reports withdrawals: submitted, succeeded, rejected, parked and resolved', async () => {
    const driver = new LedgerDriver(fixture.store, new TestClock(), B);
    await driver.unmatchedPostback('payer', { walletType: 'paytm', currency: 'INR', transactionId: '999999999999', amountMinor: 900000n });
    const order = { walletType: 'paytm', currency: 'INR', label: 'payer', amountMinor: 10000n, accountNumber: '9876543210' } as const;
    await driver.requestWithdrawal({ ...order, withdrawalId: 'wd-ok' });
    await driver.submission('wd-ok', { status: 'ok' });
    await driver.withdrawalPostback('wd-ok', 1, 10000n, 'INR');
    await driver.requestWithdrawal({ ...order, withdrawalId: 'wd-no' });
    await driver.submission('wd-no', { status: 'fail', message: 'insufficient balance' });
    await driver.requestWithdrawal({ ...order, withdrawalId: 'wd-park' });
    await driver.parkWithdrawal('wd-park', 'timeout');
    await driver.resolveWithdrawal('wd-park', 'failed', 'confirmed with Paykassma');

    const typesOf = async (id: string) => (await eventsOf(withdrawalStreamId(B, id))).map((event) => [event.type, event.payload.data.status]);
    expect(await typesOf('wd-ok')).toEqual([['withdrawal.submitted', 'submitted'], ['withdrawal.succeeded', 'succeeded']]);
    expect(await typesOf('wd-no')).toEqual([['withdrawal.rejected', 'rejected']]);
    expect(await typesOf('wd-park')).toEqual([['withdrawal.parked', 'requested'], ['withdrawal.failed', 'failed']]);

    const stream = await fixture.store.readStream(withdrawalStreamId(B, 'wd-park'));
    const [parked] = await eventsOf(withdrawalStreamId(B, 'wd-park'));
    expect(parked.payload.data).toEqual({ ...withdrawalViewFromEvents(stream.slice(0, 2)), version: 1 });
    expect(parked.payload.data).toMatchObject({ parkedAt: expect.any(String) });
    expect(parked.merchantId).toBe(B);
  });

  it('reports suspense items credited and assigned', async () => {
    const driver = new LedgerDriver(fixture.store, new TestClock(), B);
    const ref = { tenantId: B, itemId: 'item-1' };
    await driver.suspense({
      type: 'CreditSuspense',
      data: { ...ref, walletType: 'paytm', currency: 'INR', amountMinor: 25_000n, transactionId: '66600011122', postbackId: 'pb-s', unsignedLabel: 'walk-in', receivedAt: '2024-05-01T10:00:00.000Z' },
    });
    driver.clock.advance();
    await driver.suspense({ type: 'AssignSuspense', data: { ...ref, label: 'player-7', assignedBy: 'finance-b' } });
    const events = (await all()).filter((event) => event.type.startsWith('suspense.'));
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({
        type: 'suspense.credited',
        merchant: B,
        data: {
          id: 'item-1', status: 'open', merchant: B, currency: 'INR', amount: '250.00', walletType: 'paytm', transactionId: '66600011122',
          unsignedLabel: 'walk-in', creditedAt: '2024-05-01T10:00:00.000Z', assignedTo: null, assignedAt: null, assignedBy: null, quarantinedCount: 0, version: 0,
        },
      }),
      expect.objectContaining({
        type: 'suspense.assigned',
        data: expect.objectContaining({ status: 'assigned', assignedTo: 'player-7', assignedBy: 'finance-b', assignedAt: '2024-05-01T10:01:00.000Z', version: 1 }),
      }),
    ]);
  });

  it('pages through every event by seq, and a rebuild neither duplicates nor changes one', async () => {
    const before = await all();
    expect(before.length).toBeGreaterThan(5);
    expect(new Set(before.map((event) => event.id)).size).toBe(before.length);
    const firstPage = await readWebhookEventsAfter(fixture.dataSource, 0n, 3);
    const rest = await readWebhookEventsAfter(fixture.dataSource, firstPage[2].seq, 200);
    expect([...firstPage, ...rest]).toEqual(before);
    expect(await lastWebhookEventSeq(fixture.dataSource)).toBe(before[before.length - 1].seq);

    await fixture.runner.rebuild(WEBHOOK_EVENTS_PROJECTION_NAME, { timeoutMs: 60_000 });
    expect(await all()).toEqual(before);

    // Live processing continues after the rebuild, with the next seq.
    const driver = new LedgerDriver(fixture.store, new TestClock(), A);
    await driver.openDeposit({ depositId: 'dep-after', walletType: 'paytm', currency: 'INR', label: 'p1', refusedWith: 'no' });
    const after = await all();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((event) => event.type)).toEqual(['deposit.failed']);
  });

  it("answers one merchant's feed only, with a type filter and a cursor", async () => {
    const queries = new WebhookEventQueries(fixture.dataSource);
    const mine = (await all()).filter((event) => event.merchantId === A).map((event) => event.payload);
    expect((await queries.feed(A, { limit: 200 })).data).toEqual(mine);
    expect((await queries.feed(B, { limit: 200 })).data.every((payload) => payload.merchant === B)).toBe(true);

    const first = await queries.feed(A, { limit: 2 });
    expect(first).toEqual({ data: mine.slice(0, 2), nextCursor: mine[1].id, hasMore: true });
    const next = await queries.feed(A, { limit: 200, after: first.nextCursor! });
    expect(next).toEqual({ data: mine.slice(2), nextCursor: mine[mine.length - 1].id, hasMore: false });
    expect(await queries.feed(A, { after: next.nextCursor! })).toEqual({ data: [], nextCursor: next.nextCursor, hasMore: false });

    const rejected = await queries.feed(A, { types: ['deposit.activation_rejected', 'deposit.failed'] });
    expect(rejected.data.map((payload) => payload.type)).toEqual(['deposit.activation_rejected', 'deposit.activation_rejected', 'deposit.failed', 'deposit.failed']);

    // Another merchant's event id is no cursor of this feed.
    const ofB = (await queries.feed(B, { limit: 1 })).data[0];
    await expect(queries.feed(A, { after: ofB.id })).rejects.toThrow('is not the id of an event of this feed');
  });
});
