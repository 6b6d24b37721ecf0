import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /v1/lookup` finds a deposit by the provider transaction number a player or Paykassma quotes:
 * the player's `key1` or the postback's transaction id. Partial indexes: most rows of a busy
 * ledger have both, but open deposits have neither.
 */
export class CreateDepositTransactionIndexes1760003000300 implements MigrationInterface {
  readonly name = 'CreateDepositTransactionIndexes1760003000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX deposits_transaction_idx ON deposits (tenant_id, transaction_id) WHERE transaction_id IS NOT NULL');
    await queryRunner.query(
      'CREATE INDEX deposits_credited_transaction_idx ON deposits (tenant_id, credited_transaction_id) WHERE credited_transaction_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX deposits_credited_transaction_idx');
    await queryRunner.query('DROP INDEX deposits_transaction_idx');
  }
}
