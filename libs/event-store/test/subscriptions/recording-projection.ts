import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store.port';
import type { Projection } from '../../src/subscriptions';

/** projected_events: one row per apply of an event, deliberately without a unique key on event_id,
 *  so that a second apply of the same event shows up as a second row. */
export class CreateProjectedEvents1760000009001 implements MigrationInterface {
  readonly name = 'CreateProjectedEvents1760000009001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projected_events (
        seq bigserial PRIMARY KEY,
        projector text NOT NULL,
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        commit_position bigint NOT NULL,
        prepare_position bigint NOT NULL
      )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE projected_events');
  }
}

export interface RecordingProjection extends Projection {
  /** Batches this instance applied (committed or not). */
  readonly appliedEvents: RecordedEvent[];
  batchCalls: number;
  /** From this batch call on (1-based), apply writes its rows and then throws: the transaction rolls back. */
  failFromBatch?: number;
}

/** Writes one row per event; `projector` tells which runner instance applied it. */
export function recordingProjection(name: string, projector: string, failFromBatch?: number): RecordingProjection {
  const projection: RecordingProjection = {
    name,
    tables: ['projected_events'],
    appliedEvents: [],
    batchCalls: 0,
    failFromBatch,
    async apply(events, manager) {
      projection.batchCalls += 1;
      for (const event of events) {
        await manager.query(
          'INSERT INTO projected_events (projector, event_id, stream_id, commit_position, prepare_position) VALUES ($1, $2, $3, $4, $5)',
          [projector, event.id, event.streamId, event.position.commit.toString(), event.position.prepare.toString()],
        );
      }
      if (projection.failFromBatch !== undefined && projection.batchCalls >= projection.failFromBatch) {
        throw new Error(`simulated crash in batch ${projection.batchCalls}`);
      }
      projection.appliedEvents.push(...events);
    },
  };
  return projection;
}
