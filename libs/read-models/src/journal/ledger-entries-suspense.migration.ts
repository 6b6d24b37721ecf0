import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal gains the merchant's suspense account (kind `suspense`, no player label): a suspense
 * credit posts clearing → suspense, its assignment suspense → the player's available balance.
 */
export class LedgerEntriesSuspenseAccount1760008300100 implements MigrationInterface {
  readonly name = 'LedgerEntriesSuspenseAccount1760008300100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE ledger_entries
        DROP CONSTRAINT ledger_entries_account_kind_check,
        DROP CONSTRAINT ledger_entries_label_kind_check,
        ADD CONSTRAINT ledger_entries_account_kind_check CHECK (account_kind IN ('available', 'held', 'clearing', 'suspense')),
        ADD CONSTRAINT ledger_entries_label_kind_check CHECK ((label IS NULL) = (account_kind IN ('clearing', 'suspense')))`);
    // The merchant's suspense balance per currency is one indexed sum.
    await queryRunner.query(`CREATE INDEX ledger_entries_suspense_idx ON ledger_entries (tenant_id, currency) WHERE account_kind = 'suspense'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ledger_entries_suspense_idx');
    await queryRunner.query(`DELETE FROM ledger_entries WHERE account_kind = 'suspense'`);
    await queryRunner.query(`
      ALTER TABLE ledger_entries
        DROP CONSTRAINT ledger_entries_account_kind_check,
        DROP CONSTRAINT ledger_entries_label_kind_check,
        ADD CONSTRAINT ledger_entries_account_kind_check CHECK (account_kind IN ('available', 'held', 'clearing')),
        ADD CONSTRAINT ledger_entries_label_kind_check CHECK ((label IS NULL) = (account_kind = 'clearing'))`);
  }
}
