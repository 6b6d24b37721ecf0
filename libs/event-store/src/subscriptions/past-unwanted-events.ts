import { comparePositions, type EventStore } from '../event-store.port';
import { advanceCheckpoint, type SqlExecutor } from './checkpoints';
import type { ConsumerSession } from './consumer-session';

/**
 * Where an idle session stands against the store: `caught-up` (nothing after its checkpoint that it
 * wants; its stored checkpoint is now the head), `pending` (an event of its own waits to be
 * delivered), or `busy` (a batch is running or queued: ask again later).
 */
export type CheckpointProbe = 'caught-up' | 'pending' | 'busy';

/**
 * A subscription filtered by stream prefix is handed only its own events, so its checkpoint moves
 * only when one of them comes. Left at that, a subscription whose streams are quiet keeps its stored
 * checkpoint where its last own event was (START if it never had one): it reads as stalled to anyone
 * looking at the checkpoints, and every restart, status and catch-up check scans again everything
 * after it. This moves the stored checkpoint to the head once nothing it wants lies in between.
 *
 * Safe against skipping a wanted event: the head is read first, and only positions every reader
 * sees as settled can be the head (nothing can appear at or below it later); the read for a wanted
 * event comes after, so it sees everything at or below that head. The move is the same
 * compare-and-set as a batch's, run between batches (session.whenIdle), so a rebuild or another
 * consumer that moved the checkpoint meanwhile makes it fail with CheckpointFencedError.
 *
 * Without prefixes every event is the subscription's own, so it only tells caught-up from pending.
 */
export async function probeCheckpoint(
  store: EventStore,
  sql: SqlExecutor,
  session: ConsumerSession,
  streamPrefixes: readonly string[] | undefined,
): Promise<CheckpointProbe> {
  const probe = await session.whenIdle(async (): Promise<CheckpointProbe> => {
    const from = session.checkpoint;
    const head = await store.headPosition();
    if (comparePositions(head, from) <= 0) return 'caught-up';
    if (!streamPrefixes || streamPrefixes.length === 0) return 'pending';
    const wanted = await store.readAll(from, 1, { streamPrefixes });
    // One of its own is waiting: the subscription delivers it and the batch moves the checkpoint.
    if (wanted.length > 0) return 'pending';
    if (session.signal.aborted) return 'busy';
    await advanceCheckpoint(sql, session.subscriber, from, head);
    session.committed(head);
    return 'caught-up';
  });
  return probe ?? 'busy';
}
