import type { AppendExpectedRevision, CurrentRevision } from '@eventstore/db-client';
import type { ExpectedVersion } from '../event-store.port';

/**
 * Stream versions in the port are numbers; EventStoreDB revisions are bigints (uint64 on the wire).
 * Both are 0-based revisions of the last event, so the mapping is a change of type, checked: a
 * revision past Number.MAX_SAFE_INTEGER would silently round and break optimistic concurrency.
 */
export function revisionToVersion(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`stream revision ${revision} is outside 0..Number.MAX_SAFE_INTEGER`);
  }
  return Number(revision);
}

export function versionToRevision(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`a stream version must be a non-negative safe integer: ${version}`);
  return BigInt(version);
}

/**
 * The port's expected version as EventStoreDB's expected revision. The keywords are the same strings
 * in both ('no_stream', 'stream_exists', 'any'); they are spelled out here so a change on either side
 * fails to compile instead of drifting.
 *
 * 'any' exists because the port allows it (copy tooling, tests); kassa-ledger's command handlers always
 * pass an exact version or 'no_stream' for money streams, because only those give a conflict check
 * and a guaranteed idempotent retry on EventStoreDB.
 */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    case 'any':
      return 'any';
    default:
      return versionToRevision(expected);
  }
}

/** EventStoreDB's "current revision" of a conflict as the port's `actual`. */
export function toActualVersion(current: CurrentRevision | bigint | undefined): number | 'no_stream' {
  // The non-throwing append result reports a missing stream as -1n.
  if (current === undefined || current === 'no_stream' || current === -1n) return 'no_stream';
  return revisionToVersion(current);
}
