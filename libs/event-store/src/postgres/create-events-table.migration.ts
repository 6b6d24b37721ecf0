import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL event store: one append-only table.
 *
 * transaction_id is the id of the transaction that inserted the row: pg_current_xact_id(), the
 * top-level id even inside a savepoint, 64 bits with the epoch so it never wraps around. Readers
 * order by (transaction_id, global_position) and stop below the oldest transaction still in flight,
 * so that no late commit is ever skipped: see postgres-event-store.ts. The index on that pair serves readAll and headPosition.
 */
export class CreateEventsTable1732200000000 implements MigrationInterface {
  readonly name = 'CreateEventsTable1732200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version >= 0),
        event_id uuid NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        tenant_id text NOT NULL,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      )`);
    await queryRunner.query('CREATE INDEX events_read_order_idx ON events (transaction_id, global_position)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE events');
  }
}
