import type { Position as EsdbPosition, ReadPosition } from '@eventstore/db-client';
import { START, comparePositions, type Position } from '../event-store.port';

/**
 * The port's Position is EventStoreDB's {commit, prepare} pair as it is, with one exception: the
 * port's START is {-1, -1}, which EventStoreDB reads as its END marker. So START must travel as the
 * 'start' keyword, never as a pair.
 */
export function isStart(position: Position): boolean {
  return position.commit === START.commit && position.prepare === START.prepare;
}

export function toReadPosition(position: Position): ReadPosition {
  assertPosition(position);
  return isStart(position) ? 'start' : { commit: position.commit, prepare: position.prepare };
}

/** A position from the server, copied so callers never hold the client's objects. */
export function fromEsdbPosition(position: EsdbPosition | undefined, what: string): Position {
  if (position === undefined) {
    // Stream reads carry positions only from server 22.6 on; older servers are not supported.
    throw new Error(`${what} has no $all position (EventStoreDB 22.6 or later is required)`);
  }
  const result = { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
  assertPosition(result);
  return result;
}

/** True when `position` comes strictly after `from`: reads of $all are inclusive on the server, the port is exclusive. */
export function isAfter(position: Position, from: Position): boolean {
  return comparePositions(position, from) > 0;
}

function assertPosition(position: Position): void {
  if (isStart(position)) return;
  if (position.commit < 0n || position.prepare < 0n) {
    throw new RangeError(`not an EventStoreDB position: ${position.commit}/${position.prepare}`);
  }
}
