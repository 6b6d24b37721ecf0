import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The withdrawal view: one row per withdrawal stream, kept by the withdrawals projection.
 * `provider_message` is jsonb because the provider refuses with a string or with field errors.
 */
export class CreateWithdrawals1760002000200 implements MigrationInterface {
  readonly name = 'CreateWithdrawals1760002000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE withdrawals (
        tenant_id                 text NOT NULL,
        id                        text NOT NULL,
        stream_id                 text NOT NULL UNIQUE,
        wallet_type               text NOT NULL,
        currency                  text NOT NULL,
        label                     text NOT NULL,
        amount_minor              bigint NOT NULL CHECK (amount_minor > 0),
        account_number            text NOT NULL,
        account_name              text,
        bank_code                 text,
        status                    text NOT NULL,
        attempts                  integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error                text,
        last_error_outcome_unknown boolean,
        next_attempt_at           timestamptz,
        provider_message          jsonb,
        provider_status           integer,
        provider_comment          text,
        postback_id               text,
        unrecognized_status_count integer NOT NULL DEFAULT 0 CHECK (unrecognized_status_count >= 0),
        quarantined_count         integer NOT NULL DEFAULT 0 CHECK (quarantined_count >= 0),
        created_at                timestamptz NOT NULL,
        updated_at                timestamptz NOT NULL,
        submitted_at              timestamptz,
        finished_at               timestamptz,
        last_stream_version       integer NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX withdrawals_list_idx ON withdrawals (tenant_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX withdrawals_label_idx ON withdrawals (tenant_id, label, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX withdrawals_status_idx ON withdrawals (tenant_id, status, created_at DESC, id DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE withdrawals');
  }
}
