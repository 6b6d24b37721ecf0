import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The current run of identical provider refusals per merchant, which pauses the submission queue
 * when it reaches PAYKASSMA_PAUSE_AFTER_REFUSALS. Whether the queue is paused is not here: that is
 * the `payout-queue-{merchant}` event stream (audited, durable).
 */
export class CreateWithdrawalRefusalRuns1760007100100 implements MigrationInterface {
  readonly name = 'CreateWithdrawalRefusalRuns1760007100100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE withdrawal_refusal_runs (
        tenant_id  text PRIMARY KEY,
        reason     text NOT NULL,
        refusals   integer NOT NULL CHECK (refusals >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE withdrawal_refusal_runs');
  }
}
