/**
 * The refusals a decider can answer with. Codes are stable: the API's exception filter maps them to
 * HTTP (INVALID_STATE → 409, INSUFFICIENT_FUNDS → 422, NOT_FOUND → 404, ...) and clients match on them.
 */
export type DomainErrorCode =
  /** The command does not fit the aggregate's current status (or contradicts what it recorded). */
  | 'INVALID_STATE'
  /** The command needs a stream that has no events yet. */
  | 'NOT_FOUND'
  /** A hold larger than the wallet's available balance. */
  | 'INSUFFICIENT_FUNDS'
  /** A command in another currency than the aggregate's. */
  | 'CURRENCY_MISMATCH'
  /** The same natural id (withdrawal id, deposit id) repeated with different data. */
  | 'IDEMPOTENCY_CONFLICT'
  /** An amount that is zero or negative where a positive one is required. */
  | 'INVALID_AMOUNT'
  /** More attempts than the bound allows (activation submissions per deposit). */
  | 'TOO_MANY_ATTEMPTS'
  /** A suspense item that was already given to a player: its money moves once. */
  | 'ALREADY_ASSIGNED';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export { invariant } from '@kassa/kernel';

/** For exhaustive switches: the compiler proves the branch unreachable; at runtime it names the stray value. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
