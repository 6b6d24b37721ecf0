import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Parked withdrawals in the view: since when its attempts ran out (null when not parked), and the
 * operator's reason when the outcome was recorded by hand. The partial index serves the exceptions
 * report, which lists what is parked now.
 */
export class AddWithdrawalParking1760007100200 implements MigrationInterface {
  readonly name = 'AddWithdrawalParking1760007100200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE withdrawals ADD COLUMN parked_at timestamptz, ADD COLUMN resolution_reason text');
    await queryRunner.query('CREATE INDEX withdrawals_parked_idx ON withdrawals (tenant_id, parked_at) WHERE parked_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX withdrawals_parked_idx');
    await queryRunner.query('ALTER TABLE withdrawals DROP COLUMN parked_at, DROP COLUMN resolution_reason');
  }
}
