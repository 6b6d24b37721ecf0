import { MoneyFormatError, parseAmount } from '@kassa/kernel';
import type { FieldError } from './field-error';
import { findWalletType, walletTypeNames } from './wallet-catalogue';
import type { TextRule, WalletTypeEntry } from './wallet-type';
import { matchesRule } from './text-rule';

/** Length in characters as the provider (PHP mb_strlen) counts them: code points, not UTF-16 units. */
export function charLength(text: string): number {
  return [...text].length;
}

/** Pushes an error unless `value` is a non-empty string; returns the string when usable. */
export function requireText(errors: FieldError[], field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    errors.push({ field, message: 'is required' });
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.push({ field, message: 'must be a string' });
    return undefined;
  }
  return value;
}

export function checkLabel(errors: FieldError[], value: unknown, maxChars: number): void {
  const label = requireText(errors, 'label', value);
  if (label !== undefined && charLength(label) > maxChars) {
    errors.push({ field: 'label', message: `must be at most ${maxChars} characters` });
  }
}

export function checkRule(errors: FieldError[], field: string, value: unknown, rule: TextRule): void {
  const text = requireText(errors, field, value);
  if (text !== undefined && !matchesRule(text, rule)) errors.push({ field, message: `must be ${rule.rule}` });
}

/** Amounts arrive as decimal strings in major units; JSON numbers are refused (docs/api.md, Money). */
export function checkAmount(errors: FieldError[], value: unknown, currency: string, wholeUnits: boolean): void {
  const text = requireText(errors, 'amount', value);
  if (text === undefined) return;
  try {
    parseAmount(text, currency, { wholeUnits });
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    errors.push({ field: 'amount', message: error.rule });
  }
}

/** Resolves the wallet entry or records a walletType error naming the supported ones. */
export function checkWalletType(errors: FieldError[], value: unknown): WalletTypeEntry | undefined {
  const name = requireText(errors, 'walletType', value);
  if (name === undefined) return undefined;
  const entry = findWalletType(name);
  if (!entry) errors.push({ field: 'walletType', message: `is not a supported wallet type (${walletTypeNames().join(', ')})` });
  return entry;
}

export function checkAbsent(errors: FieldError[], field: string, value: unknown, walletType: string): void {
  if (value !== undefined && value !== null && value !== '') {
    errors.push({ field, message: `is not accepted for ${walletType}` });
  }
}
