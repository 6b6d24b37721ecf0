import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { ServiceChild } from '../support/service-child';
import { createTestDatabase } from '../support/test-database';
import { verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';
import { publishWebhookEvent } from './webhook-events-fixture';

/**
 * kill -9 in the middle of a retry schedule, with an attempt in flight (the receiver holds it): the
 * due time is a row, so the service started again on the same database sends the delivery again
 * (same webhook-id) until it is delivered.
 */
describe('Webhook delivery › survives a kill -9 in the middle of its retry schedule', () => {
  it('sends the delivery again after the restart and delivers it', async () => {
    const db = await createTestDatabase('webhook-restart');
    const receiver = await WebhookReceiver.start();
    const sql = new Client({ connectionString: db.url });
    const env = { DATABASE_URL: db.url, WEBHOOK_RETRY_SCHEDULE: '1,1,1,1', WEBHOOK_TIMEOUT_MS: '60000' };
    let service: ServiceChild | undefined;
    try {
      service = await ServiceChild.launch(env);
      await service.healthy();
      await sql.connect();
      receiver.script('/r', 500, 'hang');
      const created = await service.request('POST', '/v1/webhook-endpoints', { url: receiver.url('/r') }, { 'idempotency-key': 'restart-endpoint' });
      expect(created.status).toBe(201);
      const eventId = await publishWebhookEvent(sql, 'default', 'deposit.credited');

      // The first attempt failed (500) and the retry is in flight, held by the receiver.
      await eventually(() => receiver.to('/r').length === 2, 30_000, 'the first attempt and the retry');
      await service.kill();
      const [before] = (await sql.query("SELECT state, attempts FROM webhook_deliveries WHERE event_id = $1", [eventId])).rows;
      expect(before).toEqual({ state: 'pending', attempts: 1 });

      service = await ServiceChild.launch(env);
      await service.healthy();
      const delivered = await eventually(async () => {
        const [row] = (await sql.query('SELECT state, attempts FROM webhook_deliveries WHERE event_id = $1', [eventId])).rows;
        return row?.state === 'delivered' ? row : undefined;
      }, 30_000, 'the delivery delivered after the restart');
      expect(delivered.attempts).toBe(2);
      const requests = receiver.to('/r');
      expect(requests).toHaveLength(3);
      for (const webhook of requests) {
        expect(webhook.headers['webhook-id']).toBe(eventId);
        expect(verifyWebhook(created.body.secret, webhook)).toMatchObject({ id: eventId });
      }
    } finally {
      await service?.kill();
      await sql.end().catch(() => undefined);
      await receiver.close();
      await db.drop();
    }
  }, 120_000);
});
