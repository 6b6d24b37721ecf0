import { MoneyFormatError, parseAmount } from '@kassa/kernel';
import { JsonNumber, type LosslessValue } from '../json/lossless-json';
import { SandboxControlError } from './control-error';

/** Laravel's "numeric": a JSON number or a numeric string; returns its text. */
export function numericText(value: LosslessValue | undefined): string | null {
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  return null;
}

/** A positive amount with at most the currency's decimals, in minor units, or null. */
export function positiveMinor(text: string | null, currency: string, wholeUnits: boolean): bigint | null {
  if (text === null) return null;
  try {
    return parseAmount(text, currency, { wholeUnits }).amountMinor;
  } catch (error) {
    if (error instanceof MoneyFormatError) return null;
    throw error;
  }
}

/** Control-call amounts: decimal strings in major units, like our own API. */
export function controlAmount(value: unknown, currency: string): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SandboxControlError(400, 'amount must be a decimal string such as "1200.50"');
  try {
    return parseAmount(value, currency).amountMinor;
  } catch (error) {
    throw new SandboxControlError(400, `amount ${(error as Error).message}`);
  }
}

export function controlDuplicates(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 20) {
    throw new SandboxControlError(400, 'duplicates must be an integer from 0 to 20');
  }
  return value;
}
