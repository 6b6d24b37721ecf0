import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merchants' webhook endpoints. Configuration, not money: a row per endpoint, changed by the
 * webhook-endpoint commands. The secret is kept because every delivery is signed with it; it is
 * never answered after creation or rotation and never logged.
 */
export class CreateWebhookEndpoints1760008200100 implements MigrationInterface {
  readonly name = 'CreateWebhookEndpoints1760008200100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        id                         text PRIMARY KEY,
        tenant_id                  text NOT NULL,
        url                        text NOT NULL,
        event_types                text[] NOT NULL,
        enabled                    boolean NOT NULL,
        description                text,
        secret                     text NOT NULL,
        previous_secret            text,
        previous_secret_expires_at timestamptz,
        disabled_reason            text,
        failing_since              timestamptz,
        created_at                 timestamptz NOT NULL,
        updated_at                 timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX webhook_endpoints_by_merchant ON webhook_endpoints (tenant_id, created_at, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_endpoints');
  }
}
