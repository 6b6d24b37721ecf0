import { type ApiResponse, TEST_KEYS, TestService } from '../support/e2e-app';
import { eventually } from '../support/eventually';
import { twoMerchantsFile } from '../support/merchants-file';
import { creditedDeposit, transactionNumber } from '../support/money-flows';
import { verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

/**
 * The two ways a platform learns of changes agree: what its endpoint received by webhook is exactly
 * its merchant's event feed (same ids, same bodies; order is not promised), and one merchant's
 * endpoint never receives another merchant's events.
 */
const B_KEY = 'sk_test_feed_vs_webhooks_brand_b';

interface FeedEvent {
  readonly id: string;
  readonly merchant: string;
  readonly [field: string]: unknown;
}

describe('Webhooks received = the event feed (e2e, sandbox)', () => {
  let service: TestService;
  let receiver: WebhookReceiver;

  const asB = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    service.request(method, path, body, {
      key: null,
      headers: { authorization: `Bearer ${B_KEY}` },
      idempotencyKey: method === 'POST' ? `idem-${Math.random().toString(36).slice(2)}` : undefined,
    });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    service = await TestService.start({
      LEDGER_MERCHANTS_FILE: twoMerchantsFile(),
      LEDGER_API_KEYS: [`platform:payments:${TEST_KEYS.platform}`, `ops:admin:${TEST_KEYS.admin}`, `brand-b/pb:payments:${B_KEY}`].join(','),
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await receiver?.close();
  });

  /** The merchant's whole feed, page by page. */
  async function feedOf(get: (path: string) => Promise<ApiResponse>): Promise<FeedEvent[]> {
    const events: FeedEvent[] = [];
    let after = '';
    for (;;) {
      const page = await get(`/v1/events?limit=200${after}`);
      expect(page.status).toBe(200);
      events.push(...page.body.data);
      if (!page.body.hasMore) return events;
      after = `&after=${page.body.nextCursor}`;
    }
  }

  /** Each webhook-id once (a retry repeats it), every body verified with the endpoint's secret. */
  function receivedAt(path: string, secret: string): FeedEvent[] {
    const byId = new Map<string, FeedEvent>();
    for (const webhook of receiver.to(path)) {
      const event = verifyWebhook(secret, webhook) as FeedEvent;
      expect(webhook.headers['webhook-id']).toBe(event.id);
      byId.set(event.id, event);
    }
    return [...byId.values()];
  }

  const byId = (events: readonly FeedEvent[]): FeedEvent[] => [...events].sort((x, y) => x.id.localeCompare(y.id));

  it("delivers to each merchant's endpoint exactly its feed, and nothing of the other merchant", async () => {
    const endpointA = await service.post('/v1/webhook-endpoints', { url: receiver.url('/a') });
    const endpointB = await asB('POST', '/v1/webhook-endpoints', { url: receiver.url('/b') });
    expect([endpointA.status, endpointB.status]).toEqual([201, 201]);

    // Merchant A: a credited deposit and a paid withdrawal. Merchant B: a refused activation, then a credit.
    await creditedDeposit(service, 'both-ways', '500');
    const withdrawal = await service.post('/v1/withdrawals', { walletType: 'paytm', label: 'both-ways', amount: '100', accountNumber: '1234567890' });
    expect(withdrawal.status).toBe(201);
    await eventually(async () => ((await service.get(`/v1/withdrawals/${withdrawal.body.id}`)).body.status === 'submitted' ? true : undefined), 15_000, 'submitted');
    expect((await service.sandboxControl('POST', `/withdrawals/${withdrawal.body.id}/finish`, { status: 1 })).status).toBeLessThan(300);
    const depositB = await asB('POST', '/v1/deposits', { walletType: 'paytm', label: 'both-ways', amount: '200' });
    await asB('POST', `/v1/deposits/${depositB.body.id}/activation`, { transactionId: `${transactionNumber('ok').slice(0, -1)}0`, amount: '200' });
    await asB('POST', `/v1/deposits/${depositB.body.id}/activation`, { transactionId: transactionNumber('ok'), amount: '200' });
    await eventually(async () => ((await asB('GET', `/v1/deposits/${depositB.body.id}`)).body.status === 'credited' ? true : undefined), 15_000, 'B credited');
    await eventually(async () => ((await service.get(`/v1/withdrawals/${withdrawal.body.id}`)).body.status === 'succeeded' ? true : undefined), 15_000, 'succeeded');
    await service.settled();

    const feedA = await feedOf((path) => service.get(path));
    const feedB = await feedOf((path) => asB('GET', path));
    expect(feedA.map((event) => event.type)).toEqual(
      expect.arrayContaining(['deposit.awaiting_confirmation', 'deposit.credited', 'withdrawal.submitted', 'withdrawal.succeeded']),
    );
    expect(feedB.map((event) => event.type)).toEqual(['deposit.activation_rejected', 'deposit.awaiting_confirmation', 'deposit.credited']);

    await eventually(() => receivedAt('/a', endpointA.body.secret).length >= feedA.length && receivedAt('/b', endpointB.body.secret).length >= feedB.length, 20_000, 'every event delivered');
    expect(byId(receivedAt('/a', endpointA.body.secret))).toEqual(byId(feedA));
    expect(byId(receivedAt('/b', endpointB.body.secret))).toEqual(byId(feedB));
    expect(receivedAt('/a', endpointA.body.secret).every((event) => event.merchant === 'default')).toBe(true);
    expect(receivedAt('/b', endpointB.body.secret).every((event) => event.merchant === 'brand-b')).toBe(true);
    // Signed with A's secret only: B's secret verifies nothing that reached A.
    expect(() => verifyWebhook(endpointB.body.secret, receiver.to('/a')[0])).toThrow();
  });
});
