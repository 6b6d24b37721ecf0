/**
 * Money is a bigint count of minor units plus its currency; never a JavaScript number.
 * Decimal strings ("1200", "1200.50") exist only at the edges: the API and the provider.
 */

export type CurrencyCode = 'INR' | 'PKR' | 'NPR' | 'LKR' | (string & {});

/** Decimal places of each currency we handle; all five of Paykassma's wallets use 2. */
const MINOR_DIGITS: Readonly<Record<string, number>> = { INR: 2, PKR: 2, NPR: 2, LKR: 2, USD: 2 };

/** Every currency money can be held in: a wallet (and so a balance) exists in no other. */
export function knownCurrencies(): readonly CurrencyCode[] {
  return Object.keys(MINOR_DIGITS);
}

export function minorDigits(currency: CurrencyCode): number {
  const digits = MINOR_DIGITS[currency];
  if (digits === undefined) throw new Error(`unknown currency ${currency}`);
  return digits;
}

export interface Money {
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode;
}

export class MoneyFormatError extends Error {
  constructor(readonly rule: string) {
    super(rule);
    this.name = 'MoneyFormatError';
  }
}

const DECIMAL = /^(0|[1-9]\d{0,17})(?:\.(\d+))?$/;

/**
 * Parses a positive decimal string in major units. Rejects zero, signs, exponents, spaces, leading
 * zeros and more decimals than the currency has. The message is the rule, for the 400 answer.
 */
export function parseAmount(text: string, currency: CurrencyCode, options: { wholeUnits?: boolean } = {}): Money {
  const digits = minorDigits(currency);
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError('must be a positive decimal string such as "1200" or "1200.50"');
  const fraction = match[2] ?? '';
  if (fraction.length > digits) throw new MoneyFormatError(`must have at most ${digits} decimal places for ${currency}`);
  const amountMinor = BigInt(match[1]) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (amountMinor <= 0n) throw new MoneyFormatError('must be greater than zero');
  if (options.wholeUnits && amountMinor % 10n ** BigInt(digits) !== 0n) {
    throw new MoneyFormatError(`must be a whole number of ${currency} (the provider takes an integer)`);
  }
  return { amountMinor, currency };
}

/** Parses a provider decimal string that may be zero ("0", "10000", "99.5"); throws on anything else. */
export function parseProviderAmount(text: string, currency: CurrencyCode): Money {
  const digits = minorDigits(currency);
  const match = /^(\d{1,18})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new MoneyFormatError(`provider amount "${text}" is not a decimal`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) throw new MoneyFormatError(`provider amount "${text}" has more than ${digits} decimals`);
  return { amountMinor: BigInt(match[1]) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0'), currency };
}

/** "1200.50" for 120050n INR: always the currency's decimals, for responses and reports. */
export function formatMinor(amountMinor: bigint, currency: CurrencyCode): string {
  const digits = minorDigits(currency);
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

export function formatMoney(money: Money): string {
  return formatMinor(money.amountMinor, money.currency);
}

/** Whole major units as the provider's integer; throws if the amount has a fraction. */
export function toWholeUnits(money: Money): bigint {
  const scale = 10n ** BigInt(minorDigits(money.currency));
  if (money.amountMinor % scale !== 0n) throw new MoneyFormatError(`${formatMoney(money)} is not a whole amount`);
  return money.amountMinor / scale;
}
