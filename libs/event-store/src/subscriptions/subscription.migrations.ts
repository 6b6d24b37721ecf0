import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Checkpoints, retry bookkeeping and dead letters of projections and process managers.
 * Raw SQL on purpose: the schema is the contract, and `synchronize` stays off.
 *
 * Names are unique across projections and process managers (one checkpoint row per name).
 * Positions are the port's opaque (commit, prepare) pair; START is (-1, -1).
 */
export class CreateSubscriptionTables1760000000500 implements MigrationInterface {
  readonly name = 'CreateSubscriptionTables1760000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subscription_checkpoints (
        name             text PRIMARY KEY,
        commit_position  bigint NOT NULL,
        prepare_position bigint NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per event a process manager is still retrying: the count survives a restart, so a
    // crash loop cannot retry an event forever. Deleted when the event is handled or dead-lettered.
    await queryRunner.query(`
      CREATE TABLE subscription_attempts (
        subscriber      text NOT NULL,
        event_id        text NOT NULL,
        attempts        integer NOT NULL CHECK (attempts > 0),
        last_error      text NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscriber, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE dead_letters (
        id               bigserial PRIMARY KEY,
        subscriber       text NOT NULL,
        event_id         text NOT NULL,
        stream_id        text NOT NULL,
        event_type       text NOT NULL,
        commit_position  bigint NOT NULL,
        prepare_position bigint NOT NULL,
        attempts         integer NOT NULL,
        last_error       text NOT NULL,
        failed_at        timestamptz NOT NULL DEFAULT now(),
        data             jsonb NOT NULL,
        metadata         jsonb NOT NULL,
        UNIQUE (subscriber, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dead_letters');
    await queryRunner.query('DROP TABLE subscription_attempts');
    await queryRunner.query('DROP TABLE subscription_checkpoints');
  }
}

export const SUBSCRIPTION_MIGRATIONS = [CreateSubscriptionTables1760000000500] as const;
