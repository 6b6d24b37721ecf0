/**
 * The API's money is decimal strings with 2 decimals (all five currencies). Sums are done in bigint
 * minor units, so the console never rounds what it adds (several wallet types share a currency).
 */
export function sumDecimals(values: readonly string[]): string {
  const minor = values.reduce((total, value) => total + toMinor(value), 0n);
  const sign = minor < 0n ? '-' : '';
  const absolute = minor < 0n ? -minor : minor;
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`;
}

function toMinor(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) throw new RangeError(`not an amount: ${value}`);
  const amount = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -amount : amount;
}
