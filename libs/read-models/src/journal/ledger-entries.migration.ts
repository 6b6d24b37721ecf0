import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry journal: the postings of postingsFor() for every wallet event. Debit positive,
 * credit negative; player accounts are liabilities, shown as the negated sum. `label` and
 * `account_kind` are the account name taken apart, so that a player's balance as of any moment is
 * one indexed range sum. (entry_id, account) is the natural key: a replay inserts nothing twice.
 * `id` is a surrogate for storage order only.
 */
export class CreateLedgerEntries1760002000400 implements MigrationInterface {
  readonly name = 'CreateLedgerEntries1760002000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_entries (
        id             bigserial PRIMARY KEY,
        tenant_id      text NOT NULL,
        entry_id       text NOT NULL,
        account        text NOT NULL,
        account_kind   text NOT NULL CHECK (account_kind IN ('available', 'held', 'clearing')),
        label          text,
        currency       text NOT NULL,
        amount_minor   bigint NOT NULL CHECK (amount_minor <> 0),
        event_type     text NOT NULL,
        reference      text NOT NULL,
        wallet_type    text NOT NULL,
        at             timestamptz NOT NULL,
        stream_id      text NOT NULL,
        stream_version integer NOT NULL,
        CONSTRAINT ledger_entries_entry_account_key UNIQUE (entry_id, account),
        CONSTRAINT ledger_entries_label_kind_check CHECK ((label IS NULL) = (account_kind = 'clearing'))
      )`);
    // Balances as of a moment and the player's entries newest first (a backward scan).
    await queryRunner.query(
      'CREATE INDEX ledger_entries_player_idx ON ledger_entries (tenant_id, label, at, stream_id, stream_version, account) WHERE label IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX ledger_entries_reference_idx ON ledger_entries (tenant_id, reference)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_entries');
  }
}
