import { constantTimeEqual, md5Hex, sha1Hex } from './hashing';
import { phpJson } from './php-json';
import { exceedsJsonDepth } from '../json/json-depth';

/** The merchant's postback keys from the back office ("Postback access key" / "… private access key"). */
export interface PostbackKeys {
  readonly accessKey: string;
  readonly privateKey: string;
}

/** sha1(access_key . private_key . md5(json(additional_data))) — docs/paykassma.md §3.2, current variant. */
export function computePostbackSignature(keys: PostbackKeys, additionalData: readonly unknown[]): string {
  return sha1Hex(keys.accessKey + keys.privateKey + md5Hex(phpJson(additionalData)));
}

export type PostbackSignatureFailure = 'malformed' | 'access_key_mismatch' | 'signature_mismatch';

export type PostbackSignatureResult = { readonly valid: true } | { readonly valid: false; readonly reason: PostbackSignatureFailure };

/**
 * Verifies a parsed postback body. Only additional_data is signed, so the hash is recomputed over
 * it exactly as parsed; the body's access_key must be OUR key, and we hash with our configured key,
 * never the one received.
 */
export function verifyPostbackSignature(body: unknown, keys: PostbackKeys): PostbackSignatureResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { valid: false, reason: 'malformed' };
  const record = body as Record<string, unknown>;
  const { signature, access_key: accessKey, additional_data: additionalData } = record;
  if (typeof signature !== 'string' || typeof accessKey !== 'string' || !Array.isArray(additionalData)) {
    return { valid: false, reason: 'malformed' };
  }
  if (!constantTimeEqual(accessKey, keys.accessKey)) return { valid: false, reason: 'access_key_mismatch' };
  if (exceedsJsonDepth(additionalData)) return { valid: false, reason: 'malformed' };
  const expected = computePostbackSignature(keys, additionalData);
  // The provider sends lowercase hex; tolerate uppercase rather than reject a genuine postback.
  return constantTimeEqual(signature.toLowerCase(), expected) ? { valid: true } : { valid: false, reason: 'signature_mismatch' };
}
