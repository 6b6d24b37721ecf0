import type { Provider } from '@nestjs/common';
import { CLOCK, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings, PAYKASSMA_CLIENT, systemClock } from '@kassa/ledger';
import { derivePluginUrl, PaykassmaClient } from '@kassa/paykassma';
import { KassaMetrics } from '@kassa/platform';
import { providerCallReporter } from '../observability/provider-call-reporter';
import { Runtime } from './runtime';

/** Where the provider is: the configured API, or the built-in sandbox mounted on this service. */
export function providerBaseUrl(runtime: Runtime, port: number): string {
  return runtime.config.paykassma.apiUrl ?? `http://127.0.0.1:${port}/sandbox`;
}

/** The application layer's dependencies, built from the runtime and the configuration. */
export function ledgerProviders(runtime: Runtime, port: number): Provider[] {
  const paykassma = runtime.config.paykassma;
  const apiUrl = providerBaseUrl(runtime, port);
  const settings: LedgerSettings = {
    tenantId: runtime.config.tenantId,
    pluginUrl: paykassma.pluginUrl ?? (paykassma.apiUrl ? derivePluginUrl(paykassma.apiUrl) : `${apiUrl}/plugin`),
    paymentUrlIds: { success: paykassma.paymentUrlSuccessId, fail: paykassma.paymentUrlFailId, pending: paykassma.paymentUrlPendingId },
    withdrawalKey: paykassma.withdrawalKey,
    isTest: paykassma.isTest,
  };
  return [
    { provide: EVENT_STORE, useValue: runtime.eventStore },
    { provide: CLOCK, useValue: systemClock },
    { provide: LEDGER_SETTINGS, useValue: settings },
    {
      provide: PAYKASSMA_CLIENT,
      inject: [KassaMetrics],
      useFactory: (metrics: KassaMetrics) => new PaykassmaClient({
        apiUrl,
        pluginApiSecret: paykassma.pluginApiSecret,
        timeoutMs: paykassma.timeoutMs,
        observer: providerCallReporter(metrics, runtime.logger, runtime.config.tenantId),
      }),
    },
  ];
}
