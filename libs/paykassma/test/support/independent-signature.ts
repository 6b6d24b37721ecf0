import { createHash } from 'node:crypto';

/**
 * A test-only signer written without the library: JSON.stringify plus PHP's U+2028/9 escaping,
 * spelled out here so a regression in src/signature does not also change the expectation.
 */
export function independentPostbackSignature(accessKey: string, privateKey: string, additionalData: unknown): string {
  const json = JSON.stringify(additionalData).split('\u2028').join('\\u2028').split('\u2029').join('\\u2029');
  const md5 = createHash('md5').update(json, 'utf8').digest('hex');
  return createHash('sha1').update(accessKey + privateKey + md5, 'utf8').digest('hex');
}

/** Replaces access_key and signature in a raw body so it is signed with test keys. */
export function resignRawBody(rawBody: string, accessKey: string, privateKey: string): { body: Record<string, unknown>; raw: string } {
  const body = JSON.parse(rawBody) as Record<string, unknown>;
  const signature = independentPostbackSignature(accessKey, privateKey, body['additional_data']);
  const raw = rawBody
    .replace(/"access_key":\s*"[^"]*"/, `"access_key": "${accessKey}"`)
    .replace(/"signature":\s*"[^"]*"/, `"signature": "${signature}"`);
  return { body: JSON.parse(raw) as Record<string, unknown>, raw };
}
