import { type ApiResponse, TEST_KEYS, TestService } from '../support/e2e-app';
import { eventually } from '../support/eventually';
import { twoMerchantsFile } from '../support/merchants-file';
import { transactionNumber } from '../support/money-flows';

/** Two merchants on one service and the sandbox: `default` (keys a*) and `brand-b` (keys b*). */
const KEYS = {
  a: TEST_KEYS.platform,
  aFinance: TEST_KEYS.finance,
  admin: TEST_KEYS.admin,
  b: 'sk_test_feed_merchant_b_payments',
  allFinance: 'sk_test_feed_all_merchants_finance',
} as const;

/** A paytm key1 the sandbox refuses (its last digit 0). */
function refusedTransactionNumber(): string {
  return `${transactionNumber('ok').slice(0, -1)}0`;
}

interface FeedEvent {
  readonly id: string;
  readonly type: string;
  readonly createdAt: string;
  readonly merchant: string;
  readonly data: { readonly id: string; readonly version: number; readonly [field: string]: unknown };
}

describe('Event feed: GET /v1/events (e2e, sandbox)', () => {
  let service: TestService;

  function as(key: keyof typeof KEYS, method: string, path: string, body?: unknown): Promise<ApiResponse> {
    return service.request(method, path, body, {
      key: null,
      headers: { authorization: `Bearer ${KEYS[key]}` },
      idempotencyKey: method === 'POST' ? `idem-${Math.random().toString(36).slice(2)}` : undefined,
    });
  }

  /** The whole feed of `key`'s merchant, followed page by page with the cursor. */
  async function wholeFeed(key: keyof typeof KEYS, query = '', pageSize = 200): Promise<FeedEvent[]> {
    await service.settled();
    const events: FeedEvent[] = [];
    let after: string | null = null;
    for (;;) {
      const cursor: string = after === null ? '' : `&after=${after}`;
      const page = await as(key, 'GET', `/v1/events?limit=${pageSize}${query}${cursor}`);
      expect(page.status).toBe(200);
      events.push(...page.body.data);
      after = page.body.nextCursor;
      if (!page.body.hasMore) return events;
    }
  }

  async function eventsOf(key: keyof typeof KEYS, objectId: string): Promise<FeedEvent[]> {
    return (await wholeFeed(key)).filter((event) => event.data.id === objectId);
  }

  /** GET the object until `done` holds; answers the body (the object as a receiver should see it). */
  async function getUntil(key: keyof typeof KEYS, path: string, done: (body: any) => boolean): Promise<any> {
    return eventually(async () => {
      const response = await as(key, 'GET', path);
      return response.status === 200 && done(response.body) ? response.body : undefined;
    }, 15_000, `${path} to reach the expected state`);
  }

  function withoutVersion(event: FeedEvent): Record<string, unknown> {
    const { version: _version, ...object } = event.data;
    return object;
  }

  let depositA: string;
  let depositB: string;

  beforeAll(async () => {
    service = await TestService.start({
      LEDGER_MERCHANTS_FILE: twoMerchantsFile(),
      LEDGER_API_KEYS: [
        `platform:payments:${KEYS.a}`,
        `fin:finance:${KEYS.aFinance}`,
        `ops:admin:${KEYS.admin}`,
        `brand-b/pb:payments:${KEYS.b}`,
        `*/audit:finance:${KEYS.allFinance}`,
      ].join(','),
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  it("follows a deposit's life: each change once, its data the GET answer of that moment, versions rising", async () => {
    const opened = await as('a', 'POST', '/v1/deposits', { walletType: 'paytm', label: 'feed-player', amount: '500' });
    expect(opened.status).toBe(201);
    depositA = opened.body.id;
    const path = `/v1/deposits/${depositA}`;

    const refused = await as('a', 'POST', `${path}/activation`, { transactionId: refusedTransactionNumber(), amount: '500' });
    expect(refused.body.status).toBe('activation_rejected');
    const afterRefusal = await getUntil('a', path, (body) => body.status === 'activation_rejected');

    const pending = await as('a', 'POST', `${path}/activation`, { transactionId: transactionNumber('pending'), amount: '500' });
    expect(pending.body.status).toBe('awaiting_confirmation');
    const afterAcceptance = await getUntil('a', path, (body) => body.status === 'awaiting_confirmation');

    const approved = await service.sandboxControl('POST', `/deposits/${depositA}-2/approve`, {}); // attempt 2's custom_transaction_id
    expect(approved.status).toBe(200);
    const afterCredit = await getUntil('a', path, (body) => body.status === 'credited');

    const events = await eventsOf('a', depositA);
    expect(events.map((event) => event.type)).toEqual(['deposit.activation_rejected', 'deposit.awaiting_confirmation', 'deposit.credited']);
    expect(events.map(withoutVersion)).toEqual([afterRefusal, afterAcceptance, afterCredit]);
    const versions = events.map((event) => event.data.version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(new Set(versions).size).toBe(3);
    for (const event of events) {
      expect(event).toMatchObject({ id: expect.stringMatching(/^evt_[0-9a-f]{32}$/), merchant: 'default', createdAt: expect.stringMatching(/Z$/) });
    }
  });

  it('follows withdrawals to succeeded and to failed', async () => {
    const paths: string[] = [];
    for (const status of [1, 5]) {
      const requested = await as('a', 'POST', '/v1/withdrawals', { walletType: 'paytm', label: 'feed-player', amount: '100', accountNumber: '1234567890' });
      expect(requested.status).toBe(201);
      paths.push(`/v1/withdrawals/${requested.body.id}`);
    }
    const submitted = await Promise.all(paths.map((path) => getUntil('a', path, (body) => body.status === 'submitted')));
    const finished = [];
    for (const [index, status] of [1, 5].entries()) {
      expect((await service.sandboxControl('POST', `/withdrawals/${submitted[index].id}/finish`, { status })).status).toBeLessThan(300);
      finished.push(await getUntil('a', paths[index], (body) => body.status === (status === 1 ? 'succeeded' : 'failed')));
    }

    const [paid, returned] = await Promise.all(submitted.map((withdrawal) => eventsOf('a', withdrawal.id)));
    expect(paid.map((event) => event.type)).toEqual(['withdrawal.submitted', 'withdrawal.succeeded']);
    expect(returned.map((event) => event.type)).toEqual(['withdrawal.submitted', 'withdrawal.failed']);
    expect(paid.map(withoutVersion)).toEqual([submitted[0], finished[0]]);
    expect(returned.map(withoutVersion)).toEqual([submitted[1], finished[1]]);
    expect(paid[1].data.version).toBeGreaterThan(paid[0].data.version);
  });

  it('follows a suspense item from the unmatched credit to its assignment', async () => {
    const orderId = `plugin-feed-${process.pid}`;
    expect((await service.sandboxControl('POST', `/deposits/${orderId}/postback`, { walletType: 'paytm', amount: '300' })).status).toBeLessThan(300);
    const listed = await eventually(async () => {
      const open = await as('aFinance', 'GET', '/v1/suspense?status=open');
      return open.body.data.find((item: { amount: string }) => item.amount === '300.00');
    }, 15_000, 'the unmatched credit in suspense');
    const path = `/v1/suspense/${listed.id}`;
    const open = await getUntil('aFinance', path, (body) => body.status === 'open');
    const assign = await service.request('POST', `${path}/assign`, { label: 'feed-player' }, { key: 'finance', idempotencyKey: `assign-${listed.id}` });
    expect(assign.status).toBe(200);
    const assigned = await getUntil('aFinance', path, (body) => body.status === 'assigned');

    const events = await eventsOf('a', listed.id);
    expect(events.map((event) => event.type)).toEqual(['suspense.credited', 'suspense.assigned']);
    expect(events.map((event) => event.data)).toEqual([open, assigned]);
  });

  it("never shows one merchant's events to another's key", async () => {
    const opened = await as('b', 'POST', '/v1/deposits', { walletType: 'paytm', label: 'feed-player', amount: '200' });
    depositB = opened.body.id;
    await as('b', 'POST', `/v1/deposits/${depositB}/activation`, { transactionId: transactionNumber('ok'), amount: '200' });
    await getUntil('b', `/v1/deposits/${depositB}`, (body) => body.status === 'credited');

    const feedA = await wholeFeed('a');
    const feedB = await wholeFeed('b');
    expect(feedB.map((event) => [event.type, event.data.id])).toEqual([['deposit.awaiting_confirmation', depositB], ['deposit.credited', depositB]]);
    expect(feedB.every((event) => event.merchant === 'brand-b')).toBe(true);
    expect(feedA.every((event) => event.merchant === 'default')).toBe(true);
    expect(feedA.some((event) => event.data.id === depositB)).toBe(false);

    // Another merchant's feed is not reachable by naming it, nor by one of its event ids as a cursor.
    expect((await as('b', 'GET', '/v1/events?merchant=default')).status).toBe(404);
    const foreignCursor = await as('a', 'GET', `/v1/events?after=${feedB[0].id}`);
    expect(foreignCursor.status).toBe(400);
    expect(foreignCursor.body.errors).toEqual([{ field: 'after', message: expect.stringContaining('not the id of an event') }]);

    // A finance key of the merchant reads the same feed; a key across merchants names one.
    expect(await wholeFeed('aFinance')).toEqual(feedA);
    const unnamed = await as('allFinance', 'GET', '/v1/events');
    expect([unnamed.status, unnamed.body.errors?.[0]?.field]).toEqual([400, 'merchant']);
    expect((await as('allFinance', 'GET', '/v1/events?merchant=brand-b&limit=200')).body.data).toEqual(feedB);
  });

  it('pages with the cursor, filters by type, and stays the same through a rebuild', async () => {
    const whole = await wholeFeed('a');
    expect(whole.length).toBeGreaterThanOrEqual(7);
    expect(await wholeFeed('a', '', 2)).toEqual(whole);

    const last = await as('a', 'GET', `/v1/events?after=${whole[whole.length - 1].id}`);
    expect(last.body).toEqual({ data: [], nextCursor: whole[whole.length - 1].id, hasMore: false });

    const credits = whole.filter((event) => event.type === 'deposit.credited' || event.type === 'withdrawal.succeeded');
    expect(await wholeFeed('a', '&type=deposit.credited,withdrawal.succeeded')).toEqual(credits);
    expect(await wholeFeed('a', '&type=deposit.credited&type=withdrawal.succeeded', 1)).toEqual(credits);

    const projections = await as('admin', 'GET', '/v1/admin/projections');
    expect(projections.body.data.map((p: { name: string }) => p.name)).toContain('read-model.webhook-events');
    const rebuilt = await as('admin', 'POST', '/v1/admin/projections/webhook-events/rebuild');
    expect(rebuilt.status).toBe(200);
    expect(await wholeFeed('a')).toEqual(whole);
    expect(await wholeFeed('b')).toHaveLength(2);
  });

  it('answers 400 naming the field for a bad type, after or limit, and 401 without a key', async () => {
    const bad = async (query: string) => {
      const response = await as('a', 'GET', `/v1/events?${query}`);
      expect([query, response.status, response.headers.get('content-type')]).toEqual([query, 400, expect.stringContaining('application/problem+json')]);
      return response.body.errors.map((error: { field: string }) => error.field);
    };
    expect(await bad('type=deposit.created')).toEqual(['type']);
    expect(await bad('type=deposit.credited,')).toEqual(['type']);
    expect(await bad('type=')).toEqual(['type']);
    expect(await bad('after=nonsense')).toEqual(['after']);
    expect(await bad('after=evt_0000')).toEqual(['after']);
    expect(await bad('after=a&after=b')).toEqual(['after']);
    expect(await bad('limit=0')).toEqual(['limit']);
    expect(await bad('limit=x&type=nope&after=%20')).toEqual(['type', 'after', 'limit']);
    expect((await service.request('GET', '/v1/events', undefined, { key: null })).status).toBe(401);
  });
});
