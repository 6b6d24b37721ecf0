import type { Logger } from 'pino';
import type { ProviderCall, ProviderCallObserver } from '@kassa/paykassma';
import type { KassaMetrics } from '@kassa/platform';

/**
 * Every call to Paykassma in the metrics, and every one that failed in the log: a refusal at info
 * (a documented answer), no answer or an unusable one at warn (it is retried or reported).
 */
export function providerCallReporter(metrics: KassaMetrics, logger: Logger, merchant: string): ProviderCallObserver {
  return (call: ProviderCall) => {
    metrics.providerCall(merchant, call.operation, call.outcome, call.durationMs);
    if (call.outcome === 'ok' || call.error === null) return;
    const details = {
      merchant,
      operation: call.operation,
      outcome: call.outcome,
      durationMs: Math.round(call.durationMs),
      ...('httpStatus' in call.error && call.error.httpStatus !== undefined ? { httpStatus: call.error.httpStatus } : {}),
      reason: call.error.message,
    };
    if (call.outcome === 'rejected') logger.info(details, 'provider refused the request');
    else logger.warn(details, 'provider call failed');
  };
}
