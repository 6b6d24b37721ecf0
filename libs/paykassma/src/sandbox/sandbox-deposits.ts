import { findWalletType } from '../catalogue/wallet-catalogue';
import type { WalletTypeEntry } from '../catalogue/wallet-type';
import { matchesRule } from '../catalogue/text-rule';
import { CUSTOM_TRANSACTION_ID_MAX_CHARS, DEPOSIT_LABEL_MAX_CHARS } from '../catalogue/limits';
import { charLength } from '../catalogue/field-checks';
import { compactDecimal } from '../client/wire-amount';
import { isLosslessObject, JsonNumber, type LosslessValue } from '../json/lossless-json';
import { activationOutcome } from './activation-outcome';
import { SandboxControlError } from './control-error';
import { depositPostbackBody } from './postback-builder';
import type { PostbackDelivery } from './postback-sender';
import { fail, ok, ValidationMessages, type ProviderReply } from './provider-reply';
import type { SandboxContext } from './sandbox-context';
import { depositView, type SandboxDeposit } from './sandbox-records';
import { walletProfile } from './wallet-profiles';
import { controlAmount, controlDuplicates, numericText, positiveMinor } from './wire-values';

export interface UploadedScreenshot {
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

/** Activation fields as they arrive: JSON values (activate) or form strings (possible-transaction). */
type ActivationFields = Readonly<Record<string, LosslessValue | undefined>>;

const PENDING_MESSAGE =
  'The deposit status check has been started. The operation may take longer than expected. Upon completion of the verification, the funds will be credited to your account';

/** Deposit side of the sandbox: create, both activation endpoints, and the operator's controls. */
export class SandboxDeposits {
  private readonly deposits = new Map<string, SandboxDeposit>();

  constructor(private readonly ctx: SandboxContext) {}

  create(walletType: string, body: LosslessValue): ProviderReply {
    const entry = findWalletType(walletType);
    if (!entry) return fail('Payment system not found');
    const fields = isLosslessObject(body) ? body : {};
    const errors = new ValidationMessages();
    const currency = fields['currency'];
    if (typeof currency !== 'string' || currency === '') errors.add('currency', 'The currency field is required.');
    else if (currency !== entry.currency) errors.add('currency', `The selected currency is invalid for ${entry.walletType} (${entry.currency}).`);
    checkLabel(errors, fields['label']);
    if (!errors.empty) return errors.reply();
    return ok({ status: 'ok', params: { ...walletProfile(entry.walletType).params } });
  }

  /** POST /api/v1/transaction/activate: JSON, float amount, json-activate wallets only. */
  activateJson(body: LosslessValue): ProviderReply {
    const fields = isLosslessObject(body) ? body : {};
    return this.activate('json-activate', fields, null);
  }

  /** POST /api/v1/possible-transaction: form fields, int amount, screenshot. */
  possibleTransaction(fields: Record<string, string>, screenshot: UploadedScreenshot | null): ProviderReply {
    return this.activate('possible-transaction', fields, screenshot);
  }

  private activate(kind: WalletTypeEntry['activation']['kind'], fields: ActivationFields, screenshot: UploadedScreenshot | null): ProviderReply {
    const errors = new ValidationMessages();
    const walletType = fields['wallet_type'];
    const entry = typeof walletType === 'string' ? findWalletType(walletType) : undefined;
    if (typeof walletType !== 'string' || walletType === '') errors.add('wallet_type', 'The wallet type field is required.');
    else if (!entry || entry.activation.kind !== kind) errors.add('wallet_type', 'The selected wallet type is invalid.');
    const currency = fields['currency_code'];
    if (typeof currency !== 'string' || currency === '') errors.add('currency_code', 'The currency code field is required.');
    else if (entry && currency !== entry.currency) errors.add('currency_code', 'The selected currency code is invalid.');
    checkLabel(errors, fields['label']);
    const key1 = fields['key1'];
    if (typeof key1 !== 'string' || key1 === '') errors.add('key1', 'The key1 field is required.');
    else if (entry && !matchesRule(key1, entry.key1)) errors.add('key1', `The key1 must be ${entry.key1.rule}.`);
    const wholeUnits = kind === 'possible-transaction';
    const amountText = numericText(fields['amount']);
    const amountMinor = entry ? positiveMinor(amountText, entry.currency, wholeUnits) : null;
    if (entry && amountMinor === null) errors.add('amount', wholeUnits ? 'The amount must be a positive integer.' : 'The amount must be a positive number with at most 2 decimals.');
    else if (wholeUnits && amountText !== null && !/^\d+$/.test(amountText)) errors.add('amount', 'The amount must be an integer.');
    const customId = fields['custom_transaction_id'];
    if (typeof customId !== 'string' || customId === '') errors.add('custom_transaction_id', 'The custom transaction id field is required.');
    else if (charLength(customId) > CUSTOM_TRANSACTION_ID_MAX_CHARS) errors.add('custom_transaction_id', 'The custom transaction id may not be greater than 190 characters.');
    else if (this.isTaken(customId)) errors.add('custom_transaction_id', 'The custom transaction id has already been taken.');
    if (kind === 'possible-transaction') {
      if (!screenshot || screenshot.sizeBytes === 0) errors.add('screenshot', 'The screenshot field is required.');
      else if (!screenshot.contentType.startsWith('image/')) errors.add('screenshot', 'The screenshot must be an image.');
    }
    if (!errors.empty || !entry || amountMinor === null) return errors.reply();
    const label = fields['label'] as string;
    const transactionId = key1 as string;
    if (this.keyAlreadyUsed(entry.walletType, transactionId)) return fail('This transaction has already been activated');

    const outcome = activationOutcome(entry, transactionId);
    const deposit: SandboxDeposit = {
      customTransactionId: customId as string,
      walletType: entry.walletType,
      currency: entry.currency,
      label,
      transactionId,
      amountMinor,
      answer: outcome,
      status: outcome === 'fail' ? 'failed' : outcome === 'ok' ? 'credited' : outcome === 'pending' ? 'pending_check' : 'awaiting_review',
      activatedAt: this.ctx.now(),
      screenshot,
      synthetic: false,
      stockpilingId: this.ctx.nextStockpilingId(),
    };
    this.deposits.set(deposit.customTransactionId, deposit);
    switch (outcome) {
      case 'fail':
        return fail('Transaction not found');
      case 'pending':
        return ok({ status: 'pending', message: PENDING_MESSAGE });
      case 'possible_transaction_created':
        return ok({ status: 'possible_transaction_created', message: 'Transaction not found. Possible transaction created' });
      case 'success':
        return ok({ status: 'success', message: '', code: 20000, data: [], paginate: { offset: 0, total: 1, limit: 1 } });
      case 'ok': {
        // Answer first, then the postback, like the real provider; setImmediate keeps that order.
        setImmediate(() => this.sendPostback(deposit, deposit.amountMinor, 0));
        const money = { amountMinor: deposit.amountMinor, currency: deposit.currency };
        return ok({ status: 'ok', deposit: true, deposit_amount: new JsonNumber(compactDecimal(money)), currency: { code: deposit.currency, symbol: deposit.currency } });
      }
    }
  }

  /** A failed attempt does not consume its custom_transaction_id: the player may submit again. */
  private isTaken(customId: string): boolean {
    const existing = this.deposits.get(customId);
    return existing !== undefined && existing.status !== 'failed';
  }

  private keyAlreadyUsed(walletType: string, transactionId: string): boolean {
    for (const d of this.deposits.values()) {
      if (d.walletType === walletType && d.transactionId === transactionId && d.status !== 'failed' && d.status !== 'rejected') return true;
    }
    return false;
  }

  private sendPostback(deposit: SandboxDeposit, amountMinor: bigint, duplicates: number): PostbackDelivery[] {
    const body = depositPostbackBody(this.ctx.postbackContext(), deposit, amountMinor);
    return this.ctx.sender.send('deposit', deposit.customTransactionId, body, duplicates);
  }

  private mustFind(customId: string): SandboxDeposit {
    const deposit = this.deposits.get(customId);
    if (!deposit) throw new SandboxControlError(404, `no sandbox deposit with custom_transaction_id "${customId}"`);
    return deposit;
  }

  /** Operator approves a possible transaction / finishes a pending check: credited + postback. */
  approve(customId: string, input: { amount?: unknown; duplicates?: unknown } = {}) {
    const deposit = this.mustFind(customId);
    if (deposit.status !== 'awaiting_review' && deposit.status !== 'pending_check') {
      throw new SandboxControlError(409, `deposit "${customId}" is ${deposit.status}; only awaiting_review or pending_check can be approved`);
    }
    const amountMinor = controlAmount(input.amount, deposit.currency) ?? deposit.amountMinor;
    const duplicates = controlDuplicates(input.duplicates);
    deposit.status = 'credited';
    const sent = this.sendPostback(deposit, amountMinor, duplicates);
    return { deposit: depositView(deposit), postbackIds: sent.map((d) => d.id) };
  }

  /** Operator rejects: no postback (none is documented for rejections). */
  reject(customId: string) {
    const deposit = this.mustFind(customId);
    if (deposit.status !== 'awaiting_review' && deposit.status !== 'pending_check') {
      throw new SandboxControlError(409, `deposit "${customId}" is ${deposit.status}; only awaiting_review or pending_check can be rejected`);
    }
    deposit.status = 'rejected';
    return { deposit: depositView(deposit) };
  }

  /**
   * (Re)sends a deposit postback. For an unknown id it makes up the deposit (a plugin payment or a
   * late manual approval for an order nobody opened); then walletType and amount are required.
   */
  postback(customId: string, input: { amount?: unknown; duplicates?: unknown; walletType?: unknown; label?: unknown; transactionId?: unknown } = {}) {
    const duplicates = controlDuplicates(input.duplicates);
    let deposit = this.deposits.get(customId);
    if (!deposit) {
      const entry = typeof input.walletType === 'string' ? findWalletType(input.walletType) : undefined;
      if (!entry) throw new SandboxControlError(400, `unknown deposit "${customId}": give walletType (and amount) to make one up`);
      const amountMinor = controlAmount(input.amount, entry.currency);
      if (amountMinor === undefined) throw new SandboxControlError(400, 'amount is required for a made-up deposit');
      deposit = {
        customTransactionId: customId,
        walletType: entry.walletType,
        currency: entry.currency,
        label: typeof input.label === 'string' ? input.label : 'sandbox-player',
        transactionId: typeof input.transactionId === 'string' ? input.transactionId : `SBX${Date.now()}`,
        amountMinor,
        answer: 'none',
        status: 'credited',
        activatedAt: this.ctx.now(),
        screenshot: null,
        synthetic: true,
        stockpilingId: this.ctx.nextStockpilingId(),
      };
      this.deposits.set(customId, deposit);
    }
    const amountMinor = controlAmount(input.amount, deposit.currency) ?? deposit.amountMinor;
    deposit.status = 'credited';
    const sent = this.sendPostback(deposit, amountMinor, duplicates);
    return { deposit: depositView(deposit), postbackIds: sent.map((d) => d.id) };
  }

  list() {
    return [...this.deposits.values()].map(depositView);
  }
}

function checkLabel(errors: ValidationMessages, label: LosslessValue | undefined): void {
  if (typeof label !== 'string' || label === '') errors.add('label', 'The label field is required.');
  else if (charLength(label) > DEPOSIT_LABEL_MAX_CHARS) errors.add('label', 'The label may not be greater than 190 characters.');
}
