/**
 * Rewrites a JSON number's text without an exponent, exactly (string work, no float):
 * "1.2e-7" → "0.00000012", "5E+3" → "5000", "4.610" stays "4.610".
 */
export function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = `${digits}${'0'.repeat(point - digits.length)}`;
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  return `${sign}${out}`;
}

/**
 * Fallback when a JSON number's original text is not available: JS's shortest round-trip
 * representation (4.61 → "4.61"), exponents expanded, so the result is always a plain decimal.
 */
export function numberToDecimalText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  return expandExponent(String(value));
}
