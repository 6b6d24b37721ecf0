import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Projection } from '../../src/subscriptions';

/**
 * A small real read model: per-stream event counts and sums, and a global running sum per event
 * (order-sensitive on purpose: a rebuild that replayed in another order would differ).
 */
export class CreateStreamTotals1760000009002 implements MigrationInterface {
  readonly name = 'CreateStreamTotals1760000009002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stream_totals (
        stream_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        event_count integer NOT NULL,
        amount_sum_minor bigint NOT NULL,
        last_version integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE running_sum (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        running_sum_minor bigint NOT NULL
      )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE running_sum');
    await queryRunner.query('DROP TABLE stream_totals');
  }
}

export const streamTotalsProjection: Projection = {
  name: 'stream-totals',
  streamPrefixes: ['account-'],
  tables: ['stream_totals', 'running_sum'],
  async apply(events, manager) {
    for (const event of events) {
      const amountMinor = String(event.data.amountMinor);
      await manager.query(
        `INSERT INTO stream_totals (stream_id, tenant_id, event_count, amount_sum_minor, last_version) VALUES ($1, $2, 1, $3, $4)
         ON CONFLICT (stream_id) DO UPDATE SET event_count = stream_totals.event_count + 1,
           amount_sum_minor = stream_totals.amount_sum_minor + EXCLUDED.amount_sum_minor, last_version = EXCLUDED.last_version`,
        [event.streamId, event.metadata.tenantId, amountMinor, event.streamVersion],
      );
      await manager.query(
        `INSERT INTO running_sum (event_id, running_sum_minor)
         VALUES ($1, $2::bigint + COALESCE((SELECT running_sum_minor FROM running_sum ORDER BY seq DESC LIMIT 1), 0))`,
        [event.id, amountMinor],
      );
    }
  },
};
