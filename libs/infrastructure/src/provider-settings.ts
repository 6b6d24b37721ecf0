import type { LedgerSettings } from '@kassa/ledger';
import { derivePluginUrl, PaykassmaClient, type ProviderCallObserver } from '@kassa/paykassma';
import type { Config } from '@kassa/platform';

/** Where the provider is: the configured API, or the built-in sandbox mounted on this service. */
export function providerBaseUrl(config: Config, port: number): string {
  return config.paykassma.apiUrl ?? `http://127.0.0.1:${port}/sandbox`;
}

/** The settings the ledger's command handlers read: tenant, payment-window host and provider keys. */
export function ledgerSettingsFrom(config: Config, port: number): LedgerSettings {
  const paykassma = config.paykassma;
  const apiUrl = providerBaseUrl(config, port);
  return {
    tenantId: config.tenantId,
    pluginUrl: paykassma.pluginUrl ?? (paykassma.apiUrl ? derivePluginUrl(paykassma.apiUrl) : `${apiUrl}/plugin`),
    paymentUrlIds: { success: paykassma.paymentUrlSuccessId, fail: paykassma.paymentUrlFailId, pending: paykassma.paymentUrlPendingId },
    withdrawalKey: paykassma.withdrawalKey,
    isTest: paykassma.isTest,
  };
}

export function paykassmaClientFrom(config: Config, port: number, observer: ProviderCallObserver): PaykassmaClient {
  return new PaykassmaClient({ apiUrl: providerBaseUrl(config, port), pluginApiSecret: config.paykassma.pluginApiSecret, timeoutMs: config.paykassma.timeoutMs, observer });
}
