export type ProviderOperation = 'create-deposit' | 'activate' | 'possible-transaction' | 'create-withdrawal';

/**
 * The provider answered with a documented `{"status":"fail", message}`: a definite "no". Nothing
 * happened on their side; retrying the same request will not help.
 */
export class ProviderRejected extends Error {
  readonly kind = 'rejected' as const;
  constructor(
    readonly operation: ProviderOperation,
    /** The message as one string ("withdrawals_sum_amount: Insufficient balance" for object messages). */
    readonly providerMessage: string,
    /** Laravel-style `{field: [messages]}` when the provider sent an object, else null. */
    readonly fieldMessages: Readonly<Record<string, readonly string[]>> | null,
    readonly httpStatus: number,
  ) {
    super(`Paykassma rejected ${operation}: ${providerMessage}`);
    this.name = 'ProviderRejected';
  }

  /** The documented insufficient-balance answer of /v2/withdrawal/create (docs/paykassma.md §4.1). */
  get insufficientBalance(): boolean {
    return (this.fieldMessages?.['withdrawals_sum_amount'] ?? []).some((m) => /insufficient balance/i.test(m));
  }
}

export type UnavailableReason = 'timeout' | 'network' | 'http-status' | 'unparseable' | 'unexpected-answer';

/**
 * We could not get a usable answer. `outcome` says whether the provider may have acted:
 * - 'unknown': the request may have been processed (timeout, 5xx, connection lost, garbled 200);
 *   reconcile or retry idempotently (same withdrawal_id / custom_transaction_id).
 * - 'not-processed': the request certainly was not accepted (connection refused, 429, 404 …).
 */
export class ProviderUnavailable extends Error {
  readonly kind = 'unavailable' as const;
  constructor(
    readonly operation: ProviderOperation,
    readonly reason: UnavailableReason,
    readonly outcome: 'unknown' | 'not-processed',
    detail: string,
    readonly httpStatus?: number,
  ) {
    super(`Paykassma ${operation} unavailable (${reason}, outcome ${outcome}): ${detail}`);
    this.name = 'ProviderUnavailable';
  }

  get isTimeout(): boolean {
    return this.reason === 'timeout';
  }
}

export type ProviderError = ProviderRejected | ProviderUnavailable;
