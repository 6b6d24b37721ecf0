import { JsonNumber } from '../json/lossless-json';
import { md5Hex, sha1Hex } from './hashing';

/**
 * Signs a /v2/withdrawal/create request. The recipe is NOT in the documentation that could be read
 * (docs/paykassma.md §4.2), so it sits behind this interface: when Paykassma confirms the real recipe, write
 * another implementation and pass it to the client and the sandbox; nothing else changes.
 */
export interface WithdrawalSigner {
  /** A short name for logs and configuration. */
  readonly name: string;
  /** `fields` is the request body WITHOUT `signature`; returns lowercase hex. */
  sign(fields: Readonly<Record<string, unknown>>, key: string): string;
}

/**
 * PHP string-cast of a scalar: true → "1", false/null → "", ints as digits, strings as they are.
 * Floats are not expected (the withdrawal amount is an int).
 */
function phpString(value: unknown): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  throw new TypeError(`cannot sign a value of type ${typeof value}`);
}

/** Values ordered by key ascending (like PHP ksort); nested objects flattened in place, recursively. */
function flattenValues(fields: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (value === undefined) continue; // an absent field has no slot
    if (typeof value === 'object' && value !== null && !(value instanceof JsonNumber)) {
      const nested = flattenValues(value as Record<string, unknown>);
      // An empty object still occupies one (empty) slot, as in the third-party IMPS example.
      out.push(...(nested.length > 0 ? nested : ['']));
    } else {
      out.push(phpString(value));
    }
  }
  return out;
}

/** The md5 input of the default recipe: the flattened values joined by ':'. Exposed for tests and debugging. */
export function sortedValuesSignatureBase(fields: Readonly<Record<string, unknown>>): string {
  const { signature: _ignored, ...rest } = fields;
  return flattenValues(rest).join(':');
}

/**
 * Default, UNVERIFIED recipe from a third-party integration (docs/paykassma.md §4.2):
 * sha1(key + md5(values of every field except `signature`, ordered by field name ascending,
 * nested objects flattened to their values, booleans PHP-cast, joined by ':')).
 */
export const sortedValuesSha1Signer: WithdrawalSigner = {
  name: 'sorted-values-sha1',
  sign(fields, key) {
    return sha1Hex(key + md5Hex(sortedValuesSignatureBase(fields)));
  },
};

export const defaultWithdrawalSigner: WithdrawalSigner = sortedValuesSha1Signer;
