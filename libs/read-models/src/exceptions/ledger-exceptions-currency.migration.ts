import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An exception about no one amount (the submission queue paused) has no currency. */
export class LedgerExceptionsOptionalCurrency1760007100300 implements MigrationInterface {
  readonly name = 'LedgerExceptionsOptionalCurrency1760007100300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE ledger_exceptions ALTER COLUMN currency DROP NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM ledger_exceptions WHERE currency IS NULL`);
    await queryRunner.query('ALTER TABLE ledger_exceptions ALTER COLUMN currency SET NOT NULL');
  }
}
