import { isLosslessObject, JsonNumber, parseLosslessJson, type LosslessObject } from '../json/lossless-json';

/**
 * Reads the raw postback body once more, keeping numbers as text, so the unsigned float fields
 * (converted_amount values, top-level amount) become decimal strings without passing through a
 * JS float. Returns null when the raw text is missing or not JSON; the caller then falls back.
 */
export function readRawTopLevel(rawBody: string | Buffer | undefined): LosslessObject | null {
  if (rawBody === undefined) return null;
  const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  try {
    const parsed = parseLosslessJson(text);
    return isLosslessObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Original number text of `raw[key]`, or undefined when it is not a number there. */
export function rawNumberText(raw: LosslessObject | null, key: string): string | undefined {
  const value = raw?.[key];
  return value instanceof JsonNumber ? value.text : undefined;
}

/** `{ccy: text}` for every numeric entry of raw.converted_amount. */
export function rawConvertedAmounts(raw: LosslessObject | null): Map<string, string> | undefined {
  const converted = raw?.['converted_amount'];
  if (!isLosslessObject(converted)) return undefined;
  const out = new Map<string, string>();
  for (const [currency, value] of Object.entries(converted)) {
    if (value instanceof JsonNumber) out.set(currency, value.text);
  }
  return out;
}
