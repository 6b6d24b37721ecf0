import { TestService } from '../support/e2e-app';
import { eventually } from '../support/eventually';
import { verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';
import { creditedDeposit } from '../support/money-flows';
import { publishWebhookEvent } from './webhook-events-fixture';

/**
 * Delivery to real HTTP receivers on localhost (the sandbox allows local URLs), with a short retry
 * schedule and timeout so a whole schedule runs in seconds.
 */
describe('Webhook delivery (e2e)', () => {
  let service: TestService;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    service = await TestService.start({ WEBHOOK_RETRY_SCHEDULE: '1,1,1', WEBHOOK_TIMEOUT_MS: '700' });
  });

  afterAll(async () => {
    await service.close();
    await receiver.close();
  });

  async function endpoint(path: string, body: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const created = await service.post('/v1/webhook-endpoints', { url: receiver.url(path), ...body });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** The most attempts to one endpoint that overlapped in time, from the recorded attempts. */
  async function peakAttemptsInFlight(endpointId: string): Promise<number> {
    const [row] = await service.dataSource.query(
      `WITH spans AS (
         SELECT a.attempted_at AS starts, a.attempted_at + a.duration_ms * interval '1 millisecond' AS ends
         FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1)
       SELECT coalesce(max((SELECT count(*) FROM spans other WHERE other.starts <= s.starts AND other.ends > s.starts)), 0)::int AS peak FROM spans s`,
      [endpointId],
    );
    return row.peak;
  }

  const deliveriesOf = async (endpointId: string) => (await service.get(`/v1/webhook-endpoints/${endpointId}/deliveries`)).body.data;

  it('sends a credited deposit to the platform, signed so that the Standard Webhooks library verifies it', async () => {
    const hook = await endpoint('/credits', { eventTypes: ['deposit.credited'] });
    const deposit = await creditedDeposit(service, 'webhook-player', '750');
    const webhook = await eventually(() => receiver.to('/credits').find((received) => received.body.includes(deposit.id)), 15_000, 'the deposit.credited webhook');
    const event = verifyWebhook(hook.secret, webhook) as { id: string; type: string; merchant: string; data: Record<string, unknown> };
    expect(event).toMatchObject({ type: 'deposit.credited', merchant: 'default', data: { id: deposit.id, status: 'credited', label: 'webhook-player', version: expect.any(Number) } });
    expect(webhook.headers['webhook-id']).toBe(event.id);
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(webhook.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    // Only the type it subscribed to: the activation's deposit.awaiting_confirmation went elsewhere, not here.
    expect(receiver.to('/credits').every((received) => JSON.parse(received.body).type === 'deposit.credited')).toBe(true);
    const feed = (await service.get('/v1/events?type=deposit.credited')).body.data as { id: string; data: { id: string } }[];
    expect(feed.find((item) => item.data.id === deposit.id)?.id).toBe(event.id);
  });

  it('retries a failing receiver with the same webhook-id until it answers 2xx, gives up after the schedule, and retries a timeout', async () => {
    receiver.script('/flaky', 500, 500, 200);
    receiver.script('/dead', 500, 503, 500, 500);
    receiver.script('/slow', 'hang');
    const flaky = await endpoint('/flaky');
    const dead = await endpoint('/dead');
    const slow = await endpoint('/slow');
    const other = await endpoint('/other-type', { eventTypes: ['withdrawal.succeeded'] });
    const off = await endpoint('/off', { enabled: false });

    const eventId = await publishWebhookEvent(service.dataSource, 'default', 'deposit.credited', { id: 'dep-1', status: 'credited' });

    await eventually(() => receiver.to('/flaky').length === 3 && receiver.to('/slow').length === 2, 20_000, 'three requests to /flaky and two to /slow');
    for (const webhook of receiver.to('/flaky')) {
      expect(webhook.headers['webhook-id']).toBe(eventId);
      expect(verifyWebhook(flaky.secret, webhook)).toMatchObject({ id: eventId, type: 'deposit.credited', merchant: 'default', data: { id: 'dep-1', version: 1 } });
    }
    const [flakyDelivery] = await eventually(async () => {
      const list = await deliveriesOf(flaky.id);
      return list[0]?.state === 'delivered' ? list : undefined;
    }, 10_000, 'the flaky delivery delivered');
    expect(flakyDelivery).toMatchObject({ webhookId: eventId, eventType: 'deposit.credited', attemptCount: 3, lastStatus: 200 });
    expect(flakyDelivery.attempts.map((attempt: { httpStatus: number }) => attempt.httpStatus)).toEqual([500, 500, 200]);
    expect(flakyDelivery.attempts[0]).toMatchObject({ manual: false, error: 'answered HTTP 500', responseExcerpt: 'receiver says 500' });

    const slowDelivery = await eventually(async () => (await deliveriesOf(slow.id)).find((delivery: { state: string }) => delivery.state === 'delivered'), 10_000, 'the slow delivery delivered');
    expect(slowDelivery.attempts[0]).toMatchObject({ httpStatus: null, error: 'no answer within 700 ms' });
    expect(new Set(receiver.to('/slow').map((webhook) => webhook.headers['webhook-id']))).toEqual(new Set([eventId]));

    // 1 attempt + 3 retries, then failed; nothing after that.
    const [deadDelivery] = await eventually(async () => {
      const list = await deliveriesOf(dead.id);
      return list[0]?.state === 'failed' ? list : undefined;
    }, 20_000, 'the dead delivery failed');
    expect(deadDelivery.attemptCount).toBe(4);
    expect(deadDelivery.nextAttemptAt).toBeNull();
    expect(receiver.to('/dead')).toHaveLength(4);
    expect((await service.get(`/v1/webhook-endpoints/${dead.id}`)).body.failingSince).not.toBeNull();

    expect(receiver.to('/other-type')).toEqual([]);
    expect(receiver.to('/off')).toEqual([]);
    expect(await deliveriesOf(other.id)).toEqual([]);
    expect(await deliveriesOf(off.id)).toEqual([]);

    const exceptions = (await service.get('/v1/reports/exceptions', { key: 'finance' })).body;
    expect(exceptions.items).toContainEqual(expect.objectContaining({
      category: 'webhook_endpoint_failing',
      reference: dead.id,
      detail: expect.objectContaining({ host: `127.0.0.1:${receiver.port}`, enabled: true, failedDeliveries: 1 }),
      links: { deliveries: `/v1/webhook-endpoints/${dead.id}/deliveries` },
    }));

    // A resend by hand: a new attempt, the same webhook-id, answered when done.
    const resent = await service.post(`/v1/webhook-deliveries/${deadDelivery.id}/redeliver`, undefined);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: deadDelivery.id, state: 'delivered', webhookId: eventId });
    expect(resent.body.attempts.at(-1)).toMatchObject({ manual: true, httpStatus: 200 });
    expect(receiver.to('/dead').at(-1)!.headers['webhook-id']).toBe(eventId);
    expect((await service.get(`/v1/webhook-endpoints/${dead.id}`)).body.failingSince).toBeNull();

    const metrics = (await service.get('/metrics', { key: null })).body as string;
    expect(metrics).toMatch(/kassa_webhook_deliveries_total\{merchant="default",outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/kassa_webhook_deliveries_total\{merchant="default",outcome="retrying"\} [1-9]/);
    expect(metrics).toMatch(/kassa_webhook_deliveries_total\{merchant="default",outcome="failed"\} 1/);
    expect(metrics).toMatch(/kassa_webhook_backlog\{merchant="default"\} 0/);
  });

  it('disables an endpoint whose attempts have all failed for 5 days, and lists it for finance', async () => {
    receiver.script('/gone', 500, 500);
    const gone = await endpoint('/gone');
    // Five days of failures, compressed: the run started six days ago.
    await service.dataSource.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '6 days' WHERE id = $1`, [gone.id]);
    await publishWebhookEvent(service.dataSource, 'default', 'deposit.failed');
    const disabled = await eventually(async () => {
      const read = (await service.get(`/v1/webhook-endpoints/${gone.id}`)).body;
      return read.enabled === false ? read : undefined;
    }, 10_000, 'the endpoint disabled');
    expect(disabled.disabledReason).toBe('every delivery failed for 5 days');
    expect(receiver.to('/gone')).toHaveLength(1);
    const [delivery] = await deliveriesOf(gone.id);
    expect(delivery.state).toBe('pending');
    const exceptions = (await service.get('/v1/reports/exceptions', { key: 'finance' })).body;
    expect(exceptions.items).toContainEqual(expect.objectContaining({ category: 'webhook_endpoint_failing', reference: gone.id, detail: expect.objectContaining({ enabled: false, disabledReason: 'every delivery failed for 5 days' }) }));
    // Enabled again by the merchant: the waiting delivery goes out (the receiver now answers 500 once more, then 200).
    await service.request('PATCH', `/v1/webhook-endpoints/${gone.id}`, { enabled: true });
    await eventually(async () => ((await deliveriesOf(gone.id))[0].state === 'delivered' ? true : undefined), 15_000, 'delivered after re-enabling');
  });

  it('keeps at most 4 attempts in flight to a stuck endpoint, while another endpoint gets every event at once', async () => {
    receiver.script('/stuck', ...Array.from({ length: 12 }, () => 'hang' as const));
    const stuck = await endpoint('/stuck', { eventTypes: ['withdrawal.parked'] });
    await endpoint('/fast', { eventTypes: ['withdrawal.parked'] });
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) ids.push(await publishWebhookEvent(service.dataSource, 'default', 'withdrawal.parked', { n }));
    await eventually(() => receiver.to('/fast').length === 10, 40_000, 'all ten at the fast endpoint');
    expect(new Set(receiver.to('/fast').map((webhook) => webhook.headers['webhook-id']))).toEqual(new Set(ids));
    await eventually(() => receiver.to('/stuck').length >= 12, 40_000, 'the stuck endpoint tried repeatedly');
    // The sender's own record of each attempt (start and duration): the receiver's count of open
    // requests can briefly include one the sender already gave up on, whose close it has not seen yet.
    expect(await peakAttemptsInFlight(stuck.id)).toBeLessThanOrEqual(4);
    expect(receiver.peakConcurrency('/stuck')).toBeGreaterThan(1);
  });

  it('signs with both secrets during the 24 h after a rotation', async () => {
    const hook = await endpoint('/rotated');
    const rotated = await service.post(`/v1/webhook-endpoints/${hook.id}/rotate-secret`, undefined);
    const eventId = await publishWebhookEvent(service.dataSource, 'default', 'withdrawal.succeeded');
    const webhook = await eventually(() => receiver.to('/rotated').find((received) => received.headers['webhook-id'] === eventId), 10_000, 'the rotated endpoint’s webhook');
    expect(webhook.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook(hook.secret, webhook)).toMatchObject({ id: eventId });
    expect(verifyWebhook(rotated.body.secret, webhook)).toMatchObject({ id: eventId });
    expect(() => verifyWebhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`, webhook)).toThrow('No matching signature');
  });

  it("answers another merchant's or an unknown delivery with 404 and lists nothing of a missing endpoint", async () => {
    expect((await service.post('/v1/webhook-deliveries/00000000-0000-4000-8000-000000000000/redeliver', undefined)).status).toBe(404);
    expect((await service.get('/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000/deliveries')).status).toBe(404);
  });
});
