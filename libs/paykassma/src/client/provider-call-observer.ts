import { ProviderRejected, ProviderUnavailable, type ProviderOperation } from './provider-errors';

/** How one call to the provider ended: accepted, a documented refusal, no answer in time, or no usable answer. */
export type ProviderCallOutcome = 'ok' | 'rejected' | 'timeout' | 'unavailable';

export interface ProviderCall {
  readonly operation: ProviderOperation;
  readonly outcome: ProviderCallOutcome;
  readonly durationMs: number;
  /** The refusal or the failure; null when the call succeeded. */
  readonly error: ProviderRejected | ProviderUnavailable | null;
}

/** Told about every finished call (metrics, logs). Must not throw; it cannot change the call's result. */
export type ProviderCallObserver = (call: ProviderCall) => void;

function outcomeOf(error: ProviderRejected | ProviderUnavailable): ProviderCallOutcome {
  if (error instanceof ProviderRejected) return 'rejected';
  return error.isTimeout ? 'timeout' : 'unavailable';
}

/**
 * Runs one provider call and reports how it ended. Errors that are not the provider's (a bad
 * argument found before anything was sent) are not calls and are not reported.
 */
export async function observeProviderCall<T>(operation: ProviderOperation, observer: ProviderCallObserver | undefined, call: () => Promise<T>): Promise<T> {
  if (!observer) return call();
  const startedAt = performance.now();
  const report = (outcome: ProviderCallOutcome, error: ProviderRejected | ProviderUnavailable | null) => {
    try {
      observer({ operation, outcome, durationMs: performance.now() - startedAt, error });
    } catch {
      // An observer's failure must not turn a provider answer into an error.
    }
  };
  try {
    const result = await call();
    report('ok', null);
    return result;
  } catch (error) {
    if (error instanceof ProviderRejected || error instanceof ProviderUnavailable) report(outcomeOf(error), error);
    throw error;
  }
}
