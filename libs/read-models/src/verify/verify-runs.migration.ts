import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per `ledger-cli verify`: whether every read model equals a replay of the events, the
 * position each was compared at, and per table the hashes and a bounded sample of differing rows.
 * `/ready` and the exceptions report read the newest row. Not a projection: never rebuilt.
 */
export class CreateVerifyRuns1760003000200 implements MigrationInterface {
  readonly name = 'CreateVerifyRuns1760003000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE verify_runs (
        id              uuid PRIMARY KEY,
        tenant_id       text NOT NULL,
        started_at      timestamptz NOT NULL,
        finished_at     timestamptz NOT NULL,
        ok              boolean NOT NULL,
        events_replayed bigint NOT NULL CHECK (events_replayed >= 0),
        positions       jsonb NOT NULL,
        tables          jsonb NOT NULL,
        drifted_tables  text[] NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX verify_runs_finished_idx ON verify_runs (tenant_id, finished_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE verify_runs');
  }
}
