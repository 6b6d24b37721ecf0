import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deposit view: one row per deposit stream, kept by the deposits projection. Amounts are bigint
 * minor units; `flags` is the credit's DepositCreditFlags. The list indexes serve
 * `GET /v1/deposits?label=&status=` newest first with a (created_at, id) cursor.
 */
export class CreateDeposits1760002000100 implements MigrationInterface {
  readonly name = 'CreateDeposits1760002000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deposits (
        tenant_id               text NOT NULL,
        id                      text NOT NULL,
        stream_id               text NOT NULL UNIQUE,
        wallet_type             text NOT NULL,
        currency                text NOT NULL,
        label                   text NOT NULL,
        status                  text NOT NULL,
        lang                    text,
        requested_amount_minor  bigint CHECK (requested_amount_minor > 0),
        wallet_details          jsonb,
        payment_url             text,
        failure_reason          text,
        plugin_custom_order_id  text,
        activation_attempts     integer NOT NULL DEFAULT 0 CHECK (activation_attempts >= 0),
        transaction_id          text,
        activation_amount_minor bigint CHECK (activation_amount_minor > 0),
        activation_outcome      text,
        activation_message      text,
        provider_amount_minor   bigint,
        activation_submitted_at timestamptz,
        postback_id             text,
        converted_usd           text,
        credited_wallet_type    text,
        credited_transaction_id text,
        credited_amount_minor   bigint CHECK (credited_amount_minor > 0),
        expected_amount_minor   bigint,
        flags                   jsonb NOT NULL,
        quarantined_count       integer NOT NULL DEFAULT 0 CHECK (quarantined_count >= 0),
        created_at              timestamptz NOT NULL,
        updated_at              timestamptz NOT NULL,
        credited_at             timestamptz,
        last_stream_version     integer NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX deposits_list_idx ON deposits (tenant_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX deposits_label_idx ON deposits (tenant_id, label, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX deposits_status_idx ON deposits (tenant_id, status, created_at DESC, id DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE deposits');
  }
}
