import type { RecordedEvent } from '../event-store.port';

/**
 * A durable saga: reacts to events with side effects (a Paykassma call, an append to another stream
 * with a deterministic event id). Delivery is at least once (a crash after the effect but before
 * the checkpoint repeats it), so `handle` must be idempotent (docs/architecture.md, invariants 3 and 6).
 */
export interface ProcessManager {
  /** Unique across projections and process managers: it keys the checkpoint and the lock. */
  readonly name: string;
  /** Only events of streams starting with one of these (server-side filter). */
  readonly streamPrefixes?: readonly string[];
  /** Only these event types reach `handle`; the rest just move the checkpoint. */
  readonly eventTypes?: readonly string[];
  /**
   * Events with the same key are handled in their order; events with different keys may be handled
   * at the same time (within one batch). Without it, every event waits for the one before.
   */
  orderKey?(event: RecordedEvent): string;
  handle(event: RecordedEvent): Promise<void>;
}
