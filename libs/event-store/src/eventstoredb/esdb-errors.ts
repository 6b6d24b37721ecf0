import { EventStoreUnavailableError, WrongExpectedVersionError, type ExpectedVersion } from '../event-store.port';
import { toActualVersion } from './esdb-versions';

/**
 * The client's error classes carry a string `type` (its ErrorType enum); matching on it rather than
 * on instanceof keeps this mapping pure and testable with plain objects, and survives two copies of
 * the client package in node_modules.
 */
const WRONG_EXPECTED_VERSION = 'wrong-expected-version';
const STREAM_NOT_FOUND = 'stream-not-found';
/** Worth retrying later: the node is down, restarting, lost leadership, or the call ran out of time. */
const TRANSIENT_TYPES: ReadonlySet<string> = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader', 'cancelled']);
/** The client's own message when cluster discovery (gossip) finds no node. */
const DISCOVERY_FAILED = /^Failed to discover after \d+ attempts/;

export interface AppendContext {
  readonly streamId: string;
  /** What the caller passed: the port reports the caller's expectation, not the server's spelling of it. */
  readonly expected: ExpectedVersion;
}

export function errorType(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

export function isStreamNotFound(error: unknown): boolean {
  return errorType(error) === STREAM_NOT_FOUND;
}

export function isTransient(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const type = errorType(error);
  if (type !== undefined) return TRANSIENT_TYPES.has(type);
  return error instanceof Error && DISCOVERY_FAILED.test(error.message);
}

/** The port's error for a failed call; anything not recognised passes through unchanged. */
export function translateEsdbError(error: unknown, operation: string, append?: AppendContext): unknown {
  if (errorType(error) === WRONG_EXPECTED_VERSION && append !== undefined) {
    const actual = (error as { actualVersion?: bigint | 'no_stream' }).actualVersion;
    return new WrongExpectedVersionError(append.streamId, append.expected, toActualVersion(actual));
  }
  if (isTransient(error) && !(error instanceof EventStoreUnavailableError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailableError(`EventStoreDB unavailable during ${operation}: ${detail}`, error);
  }
  return error;
}
