import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../json/json-depth';

/**
 * PHP's json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), which Paykassma
 * signs (docs/paykassma.md §3.2). JSON.stringify already matches it on compact output, raw "/", raw UTF-8,
 * control-character escapes and key order; the one difference is that PHP ≥ 7.1 still escapes
 * U+2028 and U+2029 unless JSON_UNESCAPED_LINE_TERMINATORS is passed, so we escape those two.
 *
 * The value must be the parsed postback as-is: same key order, nulls, strings-vs-ints. Floats are
 * not expected in the signed part; if one appears, PHP and JS may format it differently.
 */
export function phpJson(value: unknown): string {
  // Bounded before JSON.stringify recurses: a postback is signature-checked with only the public access key.
  if (exceedsJsonDepth(value)) throw new TypeError(`value nests deeper than ${MAX_JSON_DEPTH} levels`);
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('value is not JSON-serializable');
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
