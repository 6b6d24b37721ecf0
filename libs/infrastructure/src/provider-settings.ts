import { type MerchantDirectory, merchantDirectory, type MerchantLedger } from '@kassa/ledger';
import { derivePluginUrl, PaykassmaClient, type ProviderCallObserver } from '@kassa/paykassma';
import type { Config, MerchantConfig } from '@kassa/platform';
import { PaykassmaPaymentProvider } from './paykassma-payment-provider';

/**
 * Where the built-in sandbox serves a merchant on this service: `/sandbox` for the default merchant
 * (as before merchants existed), `/sandbox/merchants/<id>` for the others, each with its own keys.
 */
export function sandboxPath(config: Config, merchantId: string): string {
  return merchantId === config.defaultMerchantId ? '/sandbox' : `/sandbox/merchants/${merchantId}`;
}

/** Where the merchant's provider is: its configured API, or the built-in sandbox mounted on this service. */
export function providerBaseUrl(config: Config, merchant: MerchantConfig, port: number): string {
  return merchant.paykassma.apiUrl ?? `http://127.0.0.1:${port}${sandboxPath(config, merchant.id)}`;
}

/** One merchant's settings and its payment provider (Paykassma over its own client), as the ledger's command handlers read them. */
export function merchantLedgerFrom(config: Config, merchant: MerchantConfig, port: number, observer: ProviderCallObserver): MerchantLedger {
  const paykassma = merchant.paykassma;
  const apiUrl = providerBaseUrl(config, merchant, port);
  const client = new PaykassmaClient({ apiUrl, pluginApiSecret: paykassma.pluginApiSecret, timeoutMs: config.paykassma.timeoutMs, observer });
  return {
    settings: { tenantId: merchant.id, unmatchedCredits: merchant.unmatchedCredits },
    provider: new PaykassmaPaymentProvider(client, {
      pluginUrl: paykassma.pluginUrl ?? (paykassma.apiUrl ? derivePluginUrl(paykassma.apiUrl) : `${apiUrl}/plugin`),
      paymentUrlIds: { success: config.paykassma.paymentUrlSuccessId, fail: config.paykassma.paymentUrlFailId, pending: config.paykassma.paymentUrlPendingId },
      withdrawalKey: paykassma.withdrawalKey,
      isTest: paykassma.isTest,
    }),
  };
}

/** Every configured merchant with its own client; the observer reports calls under the merchant's label. */
export function merchantDirectoryFrom(config: Config, port: number, observerFor: (merchantId: string) => ProviderCallObserver): MerchantDirectory {
  return merchantDirectory(config.merchants.map((merchant) => merchantLedgerFrom(config, merchant, port, observerFor(merchant.id))));
}
