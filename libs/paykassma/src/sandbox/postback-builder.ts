import type { Money } from '@kassa/kernel';
import { compactDecimal } from '../client/wire-amount';
import { JsonNumber } from '../json/lossless-json';
import { formatProviderTimestamp } from '../postback/provider-time';
import { computePostbackSignature, type PostbackKeys } from '../signature/postback-signature';
import { convertedAmounts } from './converted-amounts';
import type { SandboxDeposit, SandboxWithdrawal } from './sandbox-records';
import { walletProfile } from './wallet-profiles';

export interface PostbackContext {
  readonly keys: PostbackKeys;
  readonly timeZone: string;
  readonly now: Date;
}

/**
 * The provider's unified postback body (docs/paykassma.md §3.3), key order as in the documented examples.
 * Numbers are JsonNumbers (written verbatim). The signature is computed over additional_data in
 * the form the receiver will parse it: numbers there are real ints, strings stay strings.
 */
function envelope(ctx: PostbackContext, record: Record<string, unknown>, top: { walletType: string; money: Money; label: string; direction: 'ingoing' | 'outgoing' }) {
  const additionalData = [record];
  return {
    signature: computePostbackSignature(ctx.keys, additionalData),
    wallet_type: top.walletType,
    amount: new JsonNumber(compactDecimal(top.money)),
    currency_code: top.money.currency,
    label: top.label,
    converted_amount: convertedAmounts(top.money),
    direction: top.direction,
    created_datetime: formatProviderTimestamp(ctx.now, ctx.timeZone),
    access_key: ctx.keys.accessKey,
    additional_data: additionalData,
  };
}

export function depositPostbackBody(ctx: PostbackContext, deposit: SandboxDeposit, amountMinor: bigint) {
  const money: Money = { amountMinor, currency: deposit.currency };
  const record = {
    activated_datetime: formatProviderTimestamp(deposit.activatedAt, ctx.timeZone),
    exchanger_identifier: walletProfile(deposit.walletType).exchangerIdentifier,
    comment: '',
    amount: compactDecimal(money),
    currency_code: deposit.currency,
    wallet_type: deposit.walletType,
    stockpiling_id: deposit.stockpilingId,
    transaction_id: deposit.transactionId,
    transaction_type: 0,
    plugin_custom_order_id: deposit.customTransactionId,
    withdrawal_id: null,
    withdrawal_status: null,
    account_number: '',
    account_name: '',
    account_email: '',
    bank_details: { bank_code: '', branch_code: '' },
  };
  return envelope(ctx, record, { walletType: deposit.walletType, money, label: deposit.label, direction: 'ingoing' });
}

export function withdrawalPostbackBody(ctx: PostbackContext, withdrawal: SandboxWithdrawal, withdrawalStatus: number) {
  const money: Money = { amountMinor: withdrawal.amountMinor, currency: withdrawal.currency };
  const record = {
    activated_datetime: '',
    exchanger_identifier: '',
    comment: withdrawal.comment ?? '',
    amount: compactDecimal(money),
    currency_code: withdrawal.currency,
    wallet_type: withdrawal.walletType,
    stockpiling_id: null,
    transaction_id: '',
    transaction_type: null,
    plugin_custom_order_id: '',
    withdrawal_id: withdrawal.withdrawalId,
    withdrawal_status: withdrawalStatus,
    account_number: withdrawal.accountNumber,
    account_name: withdrawal.accountName ?? '',
    account_email: '',
    bank_details: { bank_code: withdrawal.bankCode, branch_code: null },
  };
  return envelope(ctx, record, { walletType: withdrawal.walletType, money, label: withdrawal.label, direction: 'outgoing' });
}
