import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `suspense_items`: one row per suspense item stream, kept by the suspense projection. `created_at`
 * is when the item was credited (the list's order, as deposits and withdrawals are listed).
 */
export class CreateSuspenseItems1760008300200 implements MigrationInterface {
  readonly name = 'CreateSuspenseItems1760008300200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE suspense_items (
        tenant_id           text NOT NULL,
        id                  text NOT NULL,
        stream_id           text NOT NULL UNIQUE,
        status              text NOT NULL CHECK (status IN ('open', 'assigned')),
        wallet_type         text NOT NULL,
        currency            text NOT NULL,
        amount_minor        bigint NOT NULL CHECK (amount_minor > 0),
        transaction_id      text NOT NULL,
        postback_id         text NOT NULL,
        unsigned_label      text,
        created_at          timestamptz NOT NULL,
        assigned_to         text,
        assigned_at         timestamptz,
        assigned_by         text,
        quarantined_count   integer NOT NULL DEFAULT 0 CHECK (quarantined_count >= 0),
        updated_at          timestamptz NOT NULL,
        last_stream_version integer NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CHECK ((status = 'assigned') = (assigned_to IS NOT NULL))
      )`);
    await queryRunner.query('CREATE INDEX suspense_items_list_idx ON suspense_items (tenant_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX suspense_items_status_idx ON suspense_items (tenant_id, status, created_at DESC, id DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE suspense_items');
  }
}
