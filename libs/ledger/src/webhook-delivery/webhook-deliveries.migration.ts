import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery of each webhook event to each endpoint subscribed to it, and every attempt.
 *
 * webhook_deliveries: one row per (endpoint, event), made by the webhook-fan-out process from
 * webhook_events. state: pending (next_attempt_at says when), delivered (a 2xx came back), failed
 * (the retry schedule ran out). Due times live here, so a restart loses no retry.
 * webhook_delivery_attempts: one row per HTTP attempt (automatic or by hand), for the merchant's
 * listing. Both go with their endpoint when it is deleted.
 */
export class CreateWebhookDeliveries1760008200200 implements MigrationInterface {
  readonly name = 'CreateWebhookDeliveries1760008200200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id              text PRIMARY KEY,
        tenant_id       text NOT NULL,
        endpoint_id     text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        event_id        text NOT NULL,
        event_seq       bigint NOT NULL,
        event_type      text NOT NULL,
        state           text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz,
        last_status     integer,
        last_error      text,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        delivered_at    timestamptz,
        UNIQUE (endpoint_id, event_id)
      )`);
    // The worker's query: per endpoint, what is pending and due, oldest first.
    await queryRunner.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at) WHERE state = 'pending'`);
    // The merchant's listing per endpoint, newest first.
    await queryRunner.query('CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at, id)');
    await queryRunner.query(`
      CREATE TABLE webhook_delivery_attempts (
        id               bigserial PRIMARY KEY,
        delivery_id      text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        tenant_id        text NOT NULL,
        attempted_at     timestamptz NOT NULL,
        manual           boolean NOT NULL,
        http_status      integer,
        duration_ms      integer NOT NULL,
        error            text,
        response_excerpt text
      )`);
    await queryRunner.query('CREATE INDEX webhook_delivery_attempts_by_delivery ON webhook_delivery_attempts (delivery_id, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_delivery_attempts');
    await queryRunner.query('DROP TABLE webhook_deliveries');
  }
}
