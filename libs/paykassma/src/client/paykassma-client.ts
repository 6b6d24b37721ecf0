import type { Money } from '@kassa/kernel';
import { getWalletType } from '../catalogue/wallet-catalogue';
import type { WalletTypeEntry } from '../catalogue/wallet-type';
import { stringifyLossless } from '../json/lossless-stringify';
import {
  readActivationAnswer,
  readCreateDepositAnswer,
  readCreateWithdrawalAnswer,
  type ActivationAnswer,
  type CreateDepositAnswer,
  type CreateWithdrawalAnswer,
} from './provider-answers';
import { observeProviderCall, type ProviderCallObserver } from './provider-call-observer';
import { postToProvider, type FetchLike } from './provider-http';
import { toWireFloat, toWireInt } from './wire-amount';
import type { WithdrawalRequestBody } from './withdrawal-request';

export interface PaykassmaClientOptions {
  /** https://api.{server_URL}, or the sandbox base such as http://127.0.0.1:3000/sandbox. */
  readonly apiUrl: string;
  /** PAYKASSMA_PLUGINAPI_SECRET; sent only as ?secret= and never put in an error message. */
  readonly pluginApiSecret: string;
  /** Per request, including reading the answer (PAYKASSMA_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Injected for tests; defaults to Node's global fetch. */
  readonly fetch?: FetchLike;
  /** Told how every call ended and how long it took (metrics and logs). */
  readonly observer?: ProviderCallObserver;
}

export interface ScreenshotFile {
  readonly data: Uint8Array;
  readonly fileName: string;
  readonly contentType: string;
}

export interface ActivationRequest {
  readonly walletType: string;
  readonly label: string;
  /** The player's transaction number: `key1` on the wire. */
  readonly transactionId: string;
  readonly amount: Money;
  /** Unique per attempt; comes back as plugin_custom_order_id. */
  readonly customTransactionId: string;
  /** Required by possible-transaction wallets, ignored by the others. */
  readonly screenshot?: ScreenshotFile | null;
}

/**
 * The Paykassma merchant API (docs/paykassma.md §1, §4). Every method resolves with a documented "accepted"
 * answer or throws ProviderRejected (a documented fail) / ProviderUnavailable (anything else).
 * It does not retry: the caller owns retries, because only it knows whether a retry is safe.
 */
export class PaykassmaClient {
  private readonly base: string;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: PaykassmaClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  private withSecret(path: string): string {
    return `${this.base}${path}?secret=${encodeURIComponent(this.options.pluginApiSecret)}`;
  }

  /** Asks for the wallet details the player pays to (POST /api/v1/transaction/create/{wallet_type}). */
  createDeposit(walletType: string, request: { readonly currency: string; readonly label: string }): Promise<CreateDepositAnswer> {
    return observeProviderCall('create-deposit', this.options.observer, async () => {
      const answer = await postToProvider({
        operation: 'create-deposit',
        url: this.withSecret(`/api/v1/transaction/create/${encodeURIComponent(walletType)}`),
        body: stringifyLossless({ currency: request.currency, label: request.label }),
        timeoutMs: this.options.timeoutMs,
        fetchImpl: this.fetchImpl,
      });
      return readCreateDepositAnswer(answer);
    });
  }

  /** Activation through whichever endpoint the wallet's catalogue entry names. */
  activate(request: ActivationRequest): Promise<ActivationAnswer> {
    const entry = getWalletType(request.walletType);
    return entry.activation.kind === 'json-activate' ? this.activateJson(request) : this.submitPossibleTransaction(request);
  }

  /** POST /api/v1/transaction/activate, JSON with `amount` as a float. */
  activateJson(request: ActivationRequest): Promise<ActivationAnswer> {
    return observeProviderCall('activate', this.options.observer, async () => {
      const entry = this.entryFor(request);
      const body = {
        currency_code: entry.currency,
        wallet_type: entry.walletType,
        label: request.label,
        key1: request.transactionId,
        amount: toWireFloat(request.amount),
        custom_transaction_id: request.customTransactionId,
      };
      const answer = await postToProvider({
        operation: 'activate',
        url: this.withSecret('/api/v1/transaction/activate'),
        body: stringifyLossless(body),
        timeoutMs: this.options.timeoutMs,
        fetchImpl: this.fetchImpl,
      });
      return readActivationAnswer('activate', answer, entry.currency);
    });
  }

  /** POST /api/v1/possible-transaction, multipart with the screenshot and an int `amount`. */
  submitPossibleTransaction(request: ActivationRequest): Promise<ActivationAnswer> {
    return observeProviderCall('possible-transaction', this.options.observer, async () => {
      const entry = this.entryFor(request);
      if (!request.screenshot) throw new TypeError(`${entry.walletType} activation needs a screenshot`);
      const form = new FormData();
      form.set('currency_code', entry.currency);
      form.set('wallet_type', entry.walletType);
      form.set('label', request.label);
      form.set('key1', request.transactionId);
      form.set('amount', toWireInt(request.amount).text);
      form.set('custom_transaction_id', request.customTransactionId);
      const shot = request.screenshot;
      form.set('screenshot', new Blob([Buffer.from(shot.data)], { type: shot.contentType }), shot.fileName);
      const answer = await postToProvider({
        operation: 'possible-transaction',
        url: this.withSecret('/api/v1/possible-transaction'),
        body: form,
        timeoutMs: this.options.timeoutMs,
        fetchImpl: this.fetchImpl,
      });
      return readActivationAnswer('possible-transaction', answer, entry.currency);
    });
  }

  /** POST /v2/withdrawal/create with a body from buildWithdrawalRequest (signed; no ?secret=). */
  createWithdrawal(body: WithdrawalRequestBody): Promise<CreateWithdrawalAnswer> {
    return observeProviderCall('create-withdrawal', this.options.observer, async () => {
      const answer = await postToProvider({
        operation: 'create-withdrawal',
        url: `${this.base}/v2/withdrawal/create`,
        body: stringifyLossless(body),
        timeoutMs: this.options.timeoutMs,
        fetchImpl: this.fetchImpl,
      });
      return readCreateWithdrawalAnswer(answer);
    });
  }

  private entryFor(request: ActivationRequest): WalletTypeEntry {
    const entry = getWalletType(request.walletType);
    if (request.amount.currency !== entry.currency) {
      throw new TypeError(`${entry.walletType} takes ${entry.currency}, not ${request.amount.currency}`);
    }
    return entry;
  }
}
