import type { DepositCreationAnswer, DepositRequest, PaymentProvider, ProviderActivation, ActivationAnswer, WithdrawalCallAnswer, WithdrawalRequest } from '@kassa/ledger';
import { buildPluginUrl, buildWithdrawalRequest, type PaykassmaClient, type PluginRedirectIds, ProviderRejected, ProviderUnavailable } from '@kassa/paykassma';

/** One merchant's Paykassma settings that only the provider calls need. */
export interface PaykassmaMerchantSettings {
  /** The payment-window host (PAYKASSMA_PLUGIN_URL or derived from the API URL). */
  readonly pluginUrl: string;
  readonly paymentUrlIds: PluginRedirectIds;
  readonly withdrawalKey: string;
  readonly isTest: boolean;
}

/**
 * The ledger's PaymentProvider port spoken in Paykassma: it builds the requests (plugin URL, signed
 * withdrawal body), calls the merchant's client, and turns the provider's answers and errors into
 * the deciders' answer types. Everything the ledger must not know about the provider stops here.
 */
export class PaykassmaPaymentProvider implements PaymentProvider {
  constructor(
    private readonly client: PaykassmaClient,
    private readonly settings: PaykassmaMerchantSettings,
  ) {}

  async openDeposit(depositId: string, request: DepositRequest): Promise<DepositCreationAnswer> {
    try {
      const created = await this.client.createDeposit(request.walletType, { currency: request.currency, label: request.label });
      const paymentUrl = buildPluginUrl({
        pluginUrl: this.settings.pluginUrl,
        walletType: request.walletType,
        label: request.label,
        customTransactionId: depositId,
        lang: request.lang,
        fixedAmount: request.requestedAmountMinor === null ? null : { amountMinor: request.requestedAmountMinor, currency: request.currency },
        redirectIds: this.settings.paymentUrlIds,
      });
      return { status: 'issued', walletDetails: created.params, paymentUrl };
    } catch (error) {
      if (!(error instanceof ProviderRejected)) throw error;
      return { status: 'refused', reason: error.providerMessage };
    }
  }

  async activate(activation: ProviderActivation): Promise<ActivationAnswer> {
    try {
      const answer = await this.client.activate({
        walletType: activation.walletType,
        label: activation.label,
        transactionId: activation.transactionId,
        amount: { amountMinor: activation.amountMinor, currency: activation.currency },
        customTransactionId: activation.customTransactionId,
        screenshot: activation.screenshot,
      });
      switch (answer.status) {
        case 'ok':
          return { status: 'ok', providerAmountMinor: answer.depositAmount?.amountMinor ?? null, message: null };
        case 'pending':
        case 'possible_transaction_created':
          return { status: answer.status, providerAmountMinor: null, message: answer.message };
        case 'success':
          return { status: 'success', providerAmountMinor: null, message: null };
      }
    } catch (error) {
      if (error instanceof ProviderRejected) return { status: 'fail', message: error.providerMessage };
      if (error instanceof ProviderUnavailable) return { status: 'unknown', error: error.message };
      throw error;
    }
  }

  async createWithdrawal(withdrawal: WithdrawalRequest & { readonly withdrawalId: string }): Promise<WithdrawalCallAnswer> {
    try {
      const body = buildWithdrawalRequest(
        {
          withdrawalId: withdrawal.withdrawalId,
          walletType: withdrawal.walletType,
          amount: { amountMinor: withdrawal.amountMinor, currency: withdrawal.currency },
          label: withdrawal.label,
          accountNumber: withdrawal.accountNumber,
          accountName: withdrawal.accountName,
          bankCode: withdrawal.bankCode,
          isTest: this.settings.isTest,
        },
        { key: this.settings.withdrawalKey },
      );
      await this.client.createWithdrawal(body);
      return { status: 'ok' };
    } catch (error) {
      return classifyFailedWithdrawalCall(error);
    }
  }
}

/**
 * - A documented `fail` (insufficient balance included) is a definite no: the withdrawal is rejected
 *   and its hold released. Except when the provider says our withdrawal_id is taken: then it HAS a
 *   withdrawal under our id (an earlier attempt whose answer we lost), so releasing the funds could
 *   pay the player twice. That is treated as an unknown outcome: retried, then parked for reconciliation.
 * - ProviderUnavailable: transient. A timeout, 5xx or lost connection may have been processed
 *   (outcomeUnknown); a refused connection or 429 certainly was not.
 * - Anything else is our own failure before or around the call: unknown, to be safe; never a rejection.
 */
export function classifyFailedWithdrawalCall(error: unknown): Exclude<WithdrawalCallAnswer, { status: 'ok' }> {
  if (error instanceof ProviderRejected) {
    if (error.fieldMessages && 'withdrawal_id' in error.fieldMessages) {
      return { status: 'error', error: `provider knows this withdrawal_id already: ${error.providerMessage}`, outcomeUnknown: true };
    }
    return { status: 'fail', message: error.fieldMessages ?? error.providerMessage };
  }
  if (error instanceof ProviderUnavailable) {
    return { status: 'error', error: error.message, outcomeUnknown: error.outcome === 'unknown' };
  }
  return { status: 'error', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), outcomeUnknown: true };
}
