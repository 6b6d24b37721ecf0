import type { Money } from '@kassa/kernel';
import { getWalletType } from '../catalogue/wallet-catalogue';
import { WITHDRAWAL_ID_MAX_CHARS } from '../catalogue/limits';
import type { JsonNumber } from '../json/lossless-json';
import { defaultWithdrawalSigner, type WithdrawalSigner } from '../signature/withdrawal-signer';
import { toWireInt } from './wire-amount';

/** The /v2/withdrawal/create body (docs/paykassma.md §4.1), field names as on the wire. */
export interface WithdrawalRequestBody {
  readonly withdrawal_id: string;
  readonly payment_system: string;
  /** A JSON int of whole units, kept as text from bigint (see toWireInt). */
  readonly amount: JsonNumber;
  readonly currency_code: string;
  readonly label: string;
  readonly account_number: string;
  readonly account_name?: string;
  readonly bank_details?: { readonly bank_code: string };
  readonly is_test: boolean;
  readonly comment?: string;
  readonly signature: string;
}

export interface WithdrawalRequestInput {
  /** Our withdrawal id: the provider's idempotency key, ≤ 36 characters. */
  readonly withdrawalId: string;
  readonly walletType: string;
  readonly amount: Money;
  readonly label: string;
  readonly accountNumber: string;
  readonly accountName?: string | null;
  readonly bankCode?: string | null;
  readonly isTest: boolean;
  readonly comment?: string | null;
}

/**
 * Builds and signs the provider body. Field validation belongs to validateWithdrawal (before the
 * money is held); this only guards invariants that would be programming errors.
 */
export function buildWithdrawalRequest(
  input: WithdrawalRequestInput,
  signing: { readonly key: string; readonly signer?: WithdrawalSigner },
): WithdrawalRequestBody {
  const entry = getWalletType(input.walletType);
  if (input.amount.currency !== entry.currency) {
    throw new TypeError(`${entry.walletType} pays out ${entry.currency}, not ${input.amount.currency}`);
  }
  if (input.withdrawalId.length === 0 || [...input.withdrawalId].length > WITHDRAWAL_ID_MAX_CHARS) {
    throw new TypeError(`withdrawal_id must be 1–${WITHDRAWAL_ID_MAX_CHARS} characters`);
  }
  const unsigned = {
    withdrawal_id: input.withdrawalId,
    payment_system: entry.walletType,
    amount: toWireInt(input.amount),
    currency_code: entry.currency,
    label: input.label,
    account_number: input.accountNumber,
    ...(input.accountName ? { account_name: input.accountName } : {}),
    ...(input.bankCode ? { bank_details: { bank_code: input.bankCode } } : {}),
    is_test: input.isTest,
    ...(input.comment ? { comment: input.comment } : {}),
  };
  const signer = signing.signer ?? defaultWithdrawalSigner;
  return { ...unsigned, signature: signer.sign(unsigned, signing.key) };
}
