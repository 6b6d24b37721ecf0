import { formatMinor, toWholeUnits, type Money } from '@kassa/kernel';
import { JsonNumber } from '../json/lossless-json';

/**
 * The provider's wire amounts, made from bigint at the last moment:
 * - activation `amount` is a JSON float: "1200.50" INR → 1200.5 (trailing zeros dropped);
 * - possible-transaction / withdrawal `amount` is a JSON int of whole units (throws on a fraction).
 */
export function toWireFloat(money: Money): JsonNumber {
  return new JsonNumber(compactDecimal(money));
}

/** "1200.50" → "1200.5", "1200.00" → "1200": the shortest decimal text of an exact amount. */
export function compactDecimal(money: Money): string {
  const text = formatMinor(money.amountMinor, money.currency);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function toWireInt(money: Money): JsonNumber {
  return new JsonNumber(toWholeUnits(money).toString());
}
