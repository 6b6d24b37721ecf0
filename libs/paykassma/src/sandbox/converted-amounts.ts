import type { Money } from '@kassa/kernel';
import { JsonNumber } from '../json/lossless-json';
import { compactDecimal } from '../client/wire-amount';

/**
 * Fixed, made-up USD rates (as exact decimal text) so sandbox postbacks carry a converted_amount
 * like the real ones. Not market data: only the shape and exactness matter here.
 */
const USD_PER_UNIT: Readonly<Record<string, string>> = { INR: '0.012', PKR: '0.0036', NPR: '0.0075', LKR: '0.0033' };
const DEFAULT_USD_PER_UNIT = '0.01';

/** amountMinor × rate, in USD cents, rounded half up, with bigint arithmetic only. */
function usdCents(money: Money, rateText: string): bigint {
  const [whole, fraction = ''] = rateText.split('.');
  const rateScaled = BigInt(whole + fraction);
  const scale = 10n ** BigInt(fraction.length);
  // money has 2 minor digits for every currency we handle, like USD: cents = minor × rate.
  return (money.amountMinor * rateScaled * 2n + scale) / (2n * scale);
}

/** { USD: 4.76, <own currency>: amount } as JSON numbers written from exact text. */
export function convertedAmounts(money: Money): Record<string, JsonNumber> {
  const cents = usdCents(money, USD_PER_UNIT[money.currency] ?? DEFAULT_USD_PER_UNIT);
  return {
    USD: new JsonNumber(compactDecimal({ amountMinor: cents, currency: 'USD' })),
    [money.currency]: new JsonNumber(compactDecimal(money)),
  };
}
