import { EventStoreUnavailableError } from '../event-store.port';

const UNIQUE_VIOLATION = '23505';

/** Socket-level failures: the server is unreachable or the connection broke. */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * SQLSTATEs that mean "the database is not there for us right now" rather than "the request is wrong":
 * class 08 (connection exception), shutdowns, too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);

interface ErrorWithCode {
  readonly code?: unknown;
  readonly message?: unknown;
}

function asCoded(error: unknown): ErrorWithCode {
  return typeof error === 'object' && error !== null ? (error as ErrorWithCode) : {};
}

/** A unique constraint refused the row: another writer took the stream version or the event id first. */
export function isUniqueViolation(error: unknown): boolean {
  return asCoded(error).code === UNIQUE_VIOLATION;
}

function isConnectionFailure(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const { code, message } = asCoded(error);
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  // node-postgres reports a dropped connection or an exhausted pool by message only.
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(message);
}

/** Connection failures become EventStoreUnavailableError (retryable); anything else passes through. */
export function translateError(error: unknown, operation: string): unknown {
  if (error instanceof EventStoreUnavailableError || !isConnectionFailure(error)) return error;
  const detail = asCoded(error).message;
  return new EventStoreUnavailableError(`event store unavailable during ${operation}: ${typeof detail === 'string' ? detail : String(error)}`, error);
}
