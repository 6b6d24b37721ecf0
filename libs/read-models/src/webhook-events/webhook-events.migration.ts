import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `webhook_events`: the webhook events of every merchant, written once each by the webhook-events
 * projection (one leader, so `seq` follows commit order and a consumer may follow `seq` with a
 * checkpoint) and never rewritten. A rebuild does not empty it: the replay derives the same ids and
 * its inserts are no-ops.
 * `webhook_event_sources`: that projection's own state, one folded object per source stream (a
 * deposit, a withdrawal, a suspense item), emptied and refilled by a rebuild.
 */
export class CreateWebhookEvents1760008100000 implements MigrationInterface {
  readonly name = 'CreateWebhookEvents1760008100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_events (
        seq         bigserial PRIMARY KEY,
        id          text NOT NULL UNIQUE,
        merchant_id text NOT NULL,
        type        text NOT NULL,
        created_at  timestamptz NOT NULL,
        payload     jsonb NOT NULL
      )`);
    // The feed: one merchant's events in order, with or without a type filter.
    await queryRunner.query('CREATE INDEX webhook_events_merchant_idx ON webhook_events (merchant_id, seq)');
    await queryRunner.query('CREATE INDEX webhook_events_merchant_type_idx ON webhook_events (merchant_id, type, seq)');
    await queryRunner.query(`
      CREATE TABLE webhook_event_sources (
        stream_id           text PRIMARY KEY,
        tenant_id           text NOT NULL,
        state               jsonb NOT NULL,
        last_stream_version integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_event_sources');
    await queryRunner.query('DROP TABLE webhook_events');
  }
}
