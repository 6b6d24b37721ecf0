import {
  START,
  WrongExpectedVersionError,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../event-store.port';
import { toStreamRuns, type StreamRun } from './stream-runs';

export interface CopyProgress {
  /** Events appended to the target so far. */
  readonly copiedEvents: number;
  /** Events found already in the target (an earlier, interrupted run copied them). */
  readonly skippedEvents: number;
  /** The source position of the last event handled. */
  readonly position: Position;
}

export interface CopyEventsOptions {
  /** Events read from the source per round trip (and the most one target append carries). */
  readonly batchSize?: number;
  /** Called after every batch. */
  readonly onProgress?: (progress: CopyProgress) => void;
  /** Stops between batches; what was copied stays, and a later run resumes after it. */
  readonly signal?: AbortSignal;
}

export type CopyEventsResult = CopyProgress;

/** The target holds something other than the source at a version: copying would fork history. */
export class CopyEventsConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
    message: string,
  ) {
    super(`copy-events stopped at ${streamId} version ${streamVersion}: ${message}`);
    this.name = 'CopyEventsConflictError';
  }
}

const DEFAULT_BATCH_SIZE = 500;
/** Both stores take at most 1,000 events per append; a batch is never split further than by stream. */
const MAX_BATCH_SIZE = 1_000;

/**
 * Copies every event of `source` into `target` in $all order, keeping stream ids, versions, event
 * ids, types, data and metadata. Each run of a stream's events is appended with the exact expected
 * version it had in the source (no_stream for version 0), so the target can never end up with a
 * stream in another order than the source, and nothing else can write in between unnoticed.
 *
 * Safe to run again after an interruption: before appending a run, the target stream is read at
 * those versions; events already there are skipped if their ids and types match, and the copy stops
 * with CopyEventsConflictError if they do not (the target has history of its own).
 *
 * Not kept: recordedAt (the target records when the copy wrote each event; the domain's own times
 * are in the event data) and positions (each store numbers its own $all).
 * The source should be quiet (the service stopped) while copying: events appended after the copy
 * reached the end are not copied (run it again to pick them up).
 */
export async function copyEvents(source: EventStore, target: EventStore, options: CopyEventsOptions = {}): Promise<CopyEventsResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}: ${batchSize}`);
  }
  let progress: CopyProgress = { copiedEvents: 0, skippedEvents: 0, position: START };
  // Ends: every round either returns or moves position forward over a finite, quiet source.
  while (!options.signal?.aborted) {
    const batch = await source.readAll(progress.position, batchSize);
    if (batch.length === 0) break;
    for (const run of toStreamRuns(batch)) {
      const { copied, skipped } = await copyRun(target, run);
      progress = {
        copiedEvents: progress.copiedEvents + copied,
        skippedEvents: progress.skippedEvents + skipped,
        position: progress.position,
      };
    }
    progress = { ...progress, position: batch[batch.length - 1].position };
    options.onProgress?.(progress);
  }
  return progress;
}

async function copyRun(target: EventStore, run: StreamRun): Promise<{ copied: number; skipped: number }> {
  const present = await target.readStream(run.streamId, run.firstVersion, run.events.length);
  present.forEach((existing, i) => assertSameEvent(run.events[i], existing));
  const missing = run.events.slice(present.length);
  if (missing.length === 0) return { copied: 0, skipped: present.length };

  const expected = expectedBefore(missing[0].streamVersion);
  try {
    const result = await target.append(run.streamId, missing.map(toNewEvent), expected);
    const lastVersion = missing[missing.length - 1].streamVersion;
    if (result.nextVersion !== lastVersion) {
      throw new CopyEventsConflictError(run.streamId, lastVersion, `the target answered version ${result.nextVersion}`);
    }
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) {
      throw new CopyEventsConflictError(
        run.streamId,
        missing[0].streamVersion,
        `the target stream is at version ${String(error.actual)}, expected ${String(expected)}: it lacks earlier events or has events of its own`,
      );
    }
    throw error;
  }
  return { copied: missing.length, skipped: present.length };
}

function expectedBefore(version: number): ExpectedVersion {
  return version === 0 ? 'no_stream' : version - 1;
}

function assertSameEvent(wanted: RecordedEvent, existing: RecordedEvent): void {
  if (existing.id.toLowerCase() !== wanted.id.toLowerCase() || existing.type !== wanted.type) {
    throw new CopyEventsConflictError(
      wanted.streamId,
      wanted.streamVersion,
      `the target holds ${existing.type} ${existing.id}, the source ${wanted.type} ${wanted.id}`,
    );
  }
}

function toNewEvent(event: RecordedEvent): NewEvent {
  return { id: event.id, type: event.type, data: event.data, metadata: event.metadata };
}
