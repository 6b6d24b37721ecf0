import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../event-store.port';

/**
 * A read model kept by a checkpointed subscription. `apply` runs inside the runner's transaction
 * (use only `manager` for its writes): the rows it writes and the checkpoint commit together, so a
 * crash between batches neither repeats nor skips an event (docs/architecture.md, invariant 7).
 */
export interface Projection {
  /** Unique across projections and process managers: it keys the checkpoint and the lock. */
  readonly name: string;
  /** Only events of streams starting with one of these (server-side filter). */
  readonly streamPrefixes?: readonly string[];
  /** Its read-model tables, emptied by a rebuild (TRUNCATE ... RESTART IDENTITY). */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}
