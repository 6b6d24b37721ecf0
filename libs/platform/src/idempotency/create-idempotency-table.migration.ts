import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records: one row per (tenant, API key, key). The row is inserted before the
 * request runs (state in_progress), so two concurrent requests with one key cannot both run.
 */
export class CreateIdempotencyTable1760001000000 implements MigrationInterface {
  readonly name = 'CreateIdempotencyTable1760001000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        tenant_id     text NOT NULL,
        api_key_id    text NOT NULL,
        key           text NOT NULL,
        request_hash  text NOT NULL,
        state         text NOT NULL CHECK (state IN ('in_progress', 'done')),
        status_code   integer,
        response_body jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, api_key_id, key)
      )`);
    await queryRunner.query('CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
  }
}
