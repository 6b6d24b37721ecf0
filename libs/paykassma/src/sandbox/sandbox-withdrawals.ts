import { findWalletType } from '../catalogue/wallet-catalogue';
import { matchesRule } from '../catalogue/text-rule';
import { charLength } from '../catalogue/field-checks';
import { WITHDRAWAL_ID_MAX_CHARS, WITHDRAWAL_LABEL_MAX_CHARS } from '../catalogue/limits';
import { isLosslessObject, type LosslessObject, type LosslessValue } from '../json/lossless-json';
import { constantTimeEqual } from '../signature/hashing';
import { canonicalJson } from './canonical-json';
import { SandboxControlError } from './control-error';
import { withdrawalPostbackBody } from './postback-builder';
import { fail, ok, ValidationMessages, type ProviderReply } from './provider-reply';
import type { SandboxContext } from './sandbox-context';
import { withdrawalView, type SandboxWithdrawal } from './sandbox-records';
import { controlAmount, controlDuplicates, numericText, positiveMinor } from './wire-values';

/** Withdrawal side of the sandbox: /v2/withdrawal/create, provider balances and finishing payouts. */
export class SandboxWithdrawals {
  private readonly withdrawals = new Map<string, SandboxWithdrawal>();
  /** Provider-side balance per currency (minor units); absent = unlimited. */
  private readonly balances = new Map<string, bigint>();
  private generatedIds = 0;

  constructor(private readonly ctx: SandboxContext) {}

  create(body: LosslessValue): ProviderReply {
    if (!isLosslessObject(body)) return fail({ body: ['The request body must be a JSON object.'] });
    const errors = new ValidationMessages();
    const text = (key: string): string | null => (typeof body[key] === 'string' ? (body[key] as string) : null);

    // The docs say the provider makes up withdrawal_id when omitted (docs/paykassma.md §4.1); so do we.
    const givenId = body['withdrawal_id'];
    if (givenId !== undefined && (typeof givenId !== 'string' || givenId === '' || charLength(givenId) > WITHDRAWAL_ID_MAX_CHARS)) {
      errors.add('withdrawal_id', `The withdrawal id must be a string of 1 to ${WITHDRAWAL_ID_MAX_CHARS} characters.`);
    }
    const entry = text('payment_system') ? findWalletType(text('payment_system') as string) : undefined;
    if (!text('payment_system')) errors.add('payment_system', 'The payment system field is required.');
    else if (!entry) errors.add('payment_system', 'The selected payment system is invalid.');
    const amountText = numericText(body['amount']);
    const amountMinor = entry && amountText !== null && /^\d+$/.test(amountText) ? positiveMinor(amountText, entry.currency, true) : null;
    if (entry && amountMinor === null) errors.add('amount', 'The amount must be a positive integer.');
    const currency = text('currency_code');
    if (!currency) errors.add('currency_code', 'The currency code field is required.');
    else if (entry && currency !== entry.currency) errors.add('currency_code', 'The selected currency code is invalid.');
    const label = text('label');
    if (!label) errors.add('label', 'The label field is required.');
    else if (charLength(label) > WITHDRAWAL_LABEL_MAX_CHARS) errors.add('label', `The label may not be greater than ${WITHDRAWAL_LABEL_MAX_CHARS} characters.`);
    const accountNumber = text('account_number');
    if (!accountNumber) errors.add('account_number', 'The account number field is required.');
    else if (entry && !matchesRule(accountNumber, entry.withdrawal.accountNumber)) errors.add('account_number', `The account number must be ${entry.withdrawal.accountNumber.rule}.`);
    const accountName = text('account_name');
    const nameRule = entry?.withdrawal.accountName;
    if (nameRule && nameRule.required && !accountName) errors.add('account_name', 'The account name field is required.');
    else if (nameRule && accountName && !matchesRule(accountName, nameRule.rule)) errors.add('account_name', `The account name must be ${nameRule.rule.rule}.`);
    const bankDetails = body['bank_details'];
    const bankCode = isLosslessObject(bankDetails) && typeof bankDetails['bank_code'] === 'string' ? bankDetails['bank_code'] : null;
    const bankRule = entry?.withdrawal.bankCode;
    if (bankRule && bankRule.required && !bankCode) errors.add('bank_details.bank_code', 'The bank details.bank code field is required.');
    else if (bankRule && bankCode && !bankRule.allowed.includes(bankCode)) errors.add('bank_details.bank_code', 'The selected bank details.bank code is invalid.');
    // Required by the tables, yet the upay_manual example omits it: accept absence, refuse non-booleans.
    const isTest = body['is_test'];
    if (isTest !== undefined && typeof isTest !== 'boolean') errors.add('is_test', 'The is test field must be true or false.');
    if (typeof body['signature'] !== 'string' || body['signature'] === '') errors.add('signature', 'The signature field is required.');
    if (!errors.empty || !entry || amountMinor === null || !label || !accountNumber) return errors.reply();

    if (!this.signatureMatches(body)) return fail('Invalid signature');

    const withdrawalId = typeof givenId === 'string' ? givenId : `sbx-${++this.generatedIds}`;
    const { signature: _signature, ...unsigned } = body;
    const fingerprint = canonicalJson(unsigned);
    const existing = this.withdrawals.get(withdrawalId);
    if (existing) {
      // A retry of the same request is answered ok again without a second payout; reusing the id
      // for a different request is refused.
      return existing.fingerprint === fingerprint ? ok({ status: 'ok' }) : fail({ withdrawal_id: ['The withdrawal id has already been taken.'] });
    }
    if (this.insufficient(entry.currency, amountMinor)) return fail({ withdrawals_sum_amount: ['Insufficient balance'] });
    this.withdrawals.set(withdrawalId, {
      withdrawalId,
      walletType: entry.walletType,
      currency: entry.currency,
      label,
      amountMinor,
      accountNumber,
      accountName,
      bankCode,
      isTest: typeof isTest === 'boolean' ? isTest : null,
      comment: text('comment'),
      fingerprint,
      status: 'submitted',
      withdrawalStatus: null,
    });
    return ok({ status: 'ok' });
  }

  private signatureMatches(body: LosslessObject): boolean {
    const { signature, ...unsigned } = body;
    const expected = this.ctx.withdrawalSigner.sign(unsigned, this.ctx.withdrawalKey);
    return typeof signature === 'string' && constantTimeEqual(signature.toLowerCase(), expected);
  }

  /** Like the provider's check: balance < new + every not-yet-finished withdrawal in that currency. */
  private insufficient(currency: string, amountMinor: bigint): boolean {
    const balance = this.balances.get(currency);
    if (balance === undefined) return false;
    let open = amountMinor;
    for (const w of this.withdrawals.values()) if (w.currency === currency && w.status === 'submitted') open += w.amountMinor;
    return balance < open;
  }

  setBalance(currency: unknown, amount: unknown) {
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw new SandboxControlError(400, 'currency must be a 3-letter code');
    if (amount === null) this.balances.delete(currency);
    else {
      const minor = amount === '0' ? 0n : controlAmount(amount, currency);
      if (minor === undefined) throw new SandboxControlError(400, 'amount is required (null for unlimited)');
      this.balances.set(currency, minor);
    }
    return { currency, balanceMinor: this.balances.get(currency)?.toString() ?? null };
  }

  /** Finishes a payout: status 1 (SUCCESS), 5 (FAIL) or any other int to rehearse an unknown one. */
  finish(withdrawalId: string, input: { status?: unknown; duplicates?: unknown } = {}) {
    const withdrawal = this.withdrawals.get(withdrawalId);
    if (!withdrawal) throw new SandboxControlError(404, `no sandbox withdrawal "${withdrawalId}"`);
    const status = input.status;
    if (typeof status !== 'number' || !Number.isInteger(status)) throw new SandboxControlError(400, 'status must be an integer (1 success, 5 fail)');
    const duplicates = controlDuplicates(input.duplicates);
    withdrawal.status = 'finished';
    withdrawal.withdrawalStatus = status;
    const body = withdrawalPostbackBody(this.ctx.postbackContext(), withdrawal, status);
    const sent = this.ctx.sender.send('withdrawal', withdrawalId, body, duplicates);
    return { withdrawal: withdrawalView(withdrawal), postbackIds: sent.map((d) => d.id) };
  }

  list() {
    return [...this.withdrawals.values()].map(withdrawalView);
  }
}
