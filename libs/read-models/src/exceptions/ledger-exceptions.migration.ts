import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What finance must look at, as events report it: quarantined postbacks, credits that differ from
 * what was expected or that nobody ordered, withdrawal statuses we do not know. One row per
 * (event, kind): a credit can be both an amount mismatch and unmatched. Threshold exceptions
 * (awaiting too long) and rejected signatures are read at report time from `deposits`,
 * `withdrawals` and `postback_inbox`.
 */
export class CreateLedgerExceptions1760002000500 implements MigrationInterface {
  readonly name = 'CreateLedgerExceptions1760002000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_exceptions (
        id             bigserial PRIMARY KEY,
        tenant_id      text NOT NULL,
        kind           text NOT NULL,
        stream_id      text NOT NULL,
        stream_version integer NOT NULL,
        event_id       uuid NOT NULL,
        event_type     text NOT NULL,
        reference      text NOT NULL,
        wallet_type    text,
        currency       text NOT NULL,
        amount_minor   bigint,
        detail         jsonb NOT NULL,
        at             timestamptz NOT NULL,
        CONSTRAINT ledger_exceptions_event_kind_key UNIQUE (event_id, kind)
      )`);
    await queryRunner.query('CREATE INDEX ledger_exceptions_at_idx ON ledger_exceptions (tenant_id, at, id)');
    await queryRunner.query('CREATE INDEX ledger_exceptions_kind_idx ON ledger_exceptions (tenant_id, kind, at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_exceptions');
  }
}
