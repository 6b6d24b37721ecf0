import type { FieldError } from './field-error';
import { checkAbsent, checkAmount, checkLabel, checkRule, requireText, checkWalletType } from './field-checks';
import { WITHDRAWAL_LABEL_MAX_CHARS } from './limits';

/** POST /v1/withdrawals body, as received. */
export interface WithdrawalInput {
  readonly walletType: unknown;
  readonly label: unknown;
  readonly amount: unknown;
  readonly accountNumber: unknown;
  readonly accountName?: unknown;
  readonly bankCode?: unknown;
}

/**
 * Per-wallet payout rules (docs/paykassma.md §2, §4.1): label ≤ 36, amount in whole units (the provider takes
 * an int), account number format, account name / bank name where the wallet needs them and only there.
 */
export function validateWithdrawal(input: WithdrawalInput): FieldError[] {
  const errors: FieldError[] = [];
  const entry = checkWalletType(errors, input.walletType);
  checkLabel(errors, input.label, WITHDRAWAL_LABEL_MAX_CHARS);
  if (!entry) return errors;
  const rules = entry.withdrawal;
  checkAmount(errors, input.amount, entry.currency, true);
  checkRule(errors, 'accountNumber', input.accountNumber, rules.accountNumber);

  if (!rules.accountName) checkAbsent(errors, 'accountName', input.accountName, entry.walletType);
  else if (rules.accountName.required || (input.accountName !== undefined && input.accountName !== null)) {
    checkRule(errors, 'accountName', input.accountName, rules.accountName.rule);
  }

  if (!rules.bankCode) checkAbsent(errors, 'bankCode', input.bankCode, entry.walletType);
  else if (rules.bankCode.required || (input.bankCode !== undefined && input.bankCode !== null)) {
    const bank = requireText(errors, 'bankCode', input.bankCode);
    if (bank !== undefined && !rules.bankCode.allowed.includes(bank)) {
      errors.push({ field: 'bankCode', message: `must be ${rules.bankCode.rule}; see GET /v1/wallet-types` });
    }
  }
  return errors;
}
