import { DEPOSIT_LABEL_MAX_CHARS, SCREENSHOT_CONTENT_TYPES, SCREENSHOT_MAX_BYTES } from './limits';
import type { FieldError } from './field-error';
import { checkAbsent, checkAmount, checkLabel, checkRule, checkWalletType } from './field-checks';

/** POST /v1/deposits body, as received (unknown types: the API may get anything). */
export interface DepositCreateInput {
  readonly walletType: unknown;
  readonly label: unknown;
  readonly amount?: unknown;
  readonly lang?: unknown;
}

/** Rules checked before asking the provider for wallet details. */
export function validateDepositCreate(input: DepositCreateInput): FieldError[] {
  const errors: FieldError[] = [];
  const entry = checkWalletType(errors, input.walletType);
  checkLabel(errors, input.label, DEPOSIT_LABEL_MAX_CHARS);
  if (entry && input.amount !== undefined && input.amount !== null) {
    checkAmount(errors, input.amount, entry.currency, false);
  }
  if (entry && input.lang !== undefined && input.lang !== null) {
    if (typeof input.lang !== 'string' || !entry.languages.includes(input.lang)) {
      errors.push({ field: 'lang', message: `must be one of ${entry.languages.join(', ')} for ${entry.walletType}` });
    }
  }
  return errors;
}

/** What we know about an uploaded screenshot without holding its bytes. */
export interface ScreenshotInfo {
  readonly sizeBytes: number;
  readonly contentType: string;
}

export interface DepositActivationInput {
  readonly transactionId: unknown;
  readonly amount: unknown;
  readonly screenshot?: ScreenshotInfo | null;
}

/**
 * Activation rules for a wallet: the transaction number (key1) rule, the amount (whole units for
 * the int-amount wallets), and the screenshot, required exactly for possible-transaction wallets.
 */
export function validateDepositActivation(walletType: string, input: DepositActivationInput): FieldError[] {
  const errors: FieldError[] = [];
  const entry = checkWalletType(errors, walletType);
  if (!entry) return errors;
  checkRule(errors, 'transactionId', input.transactionId, entry.key1);
  checkAmount(errors, input.amount, entry.currency, entry.activation.amountKind === 'int');
  if (entry.activation.kind === 'possible-transaction') {
    const shot = input.screenshot;
    if (!shot) errors.push({ field: 'screenshot', message: `is required for ${entry.walletType} (png or jpeg)` });
    else {
      if (!SCREENSHOT_CONTENT_TYPES.includes(shot.contentType)) errors.push({ field: 'screenshot', message: 'must be a png or jpeg image' });
      if (shot.sizeBytes <= 0) errors.push({ field: 'screenshot', message: 'must not be empty' });
      if (shot.sizeBytes > SCREENSHOT_MAX_BYTES) errors.push({ field: 'screenshot', message: 'must be at most 5 MB' });
    }
  } else {
    checkAbsent(errors, 'screenshot', input.screenshot ?? undefined, entry.walletType);
  }
  return errors;
}
