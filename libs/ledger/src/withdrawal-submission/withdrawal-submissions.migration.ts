import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CreateWithdrawalRefusalRuns1760007100100 } from './queue/withdrawal-queue.migration';

/**
 * The submitter's work list: one row per withdrawal to send to /v2/withdrawal/create, with when it
 * is next due. It is an index over the withdrawal events, not a source of truth: before every call
 * the submitter re-reads the withdrawal stream, and the rows can be rebuilt by replaying the
 * withdrawal-submission-queue process manager from the start.
 *
 * state: pending (to submit at due_at), done (the provider answered ok or fail, or the withdrawal
 * ended otherwise), parked (PAYKASSMA_MAX_ATTEMPTS used up: still requested, outcome unknown,
 * reported, the funds stay held until someone reconciles it with the provider).
 */
export class CreateWithdrawalSubmissions1760003000100 implements MigrationInterface {
  readonly name = 'CreateWithdrawalSubmissions1760003000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE withdrawal_submissions (
        tenant_id     text NOT NULL,
        withdrawal_id text NOT NULL,
        state         text NOT NULL CHECK (state IN ('pending', 'done', 'parked')),
        attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        due_at        timestamptz NOT NULL,
        last_error    text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, withdrawal_id)
      )`);
    // The scheduler's only query: what is pending and due, oldest first.
    await queryRunner.query(`CREATE INDEX withdrawal_submissions_due ON withdrawal_submissions (tenant_id, due_at) WHERE state = 'pending'`);
    await queryRunner.query(`CREATE INDEX withdrawal_submissions_parked ON withdrawal_submissions (tenant_id, updated_at) WHERE state = 'parked'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE withdrawal_submissions');
  }
}

/** Pass to openDatabase(url, migrations) after the event store's and the subscriptions' migrations. */
export const WITHDRAWAL_SUBMISSION_MIGRATIONS = [CreateWithdrawalSubmissions1760003000100, CreateWithdrawalRefusalRuns1760007100100] as const;
