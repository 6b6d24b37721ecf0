import { createHash } from 'node:crypto';
import { computePostbackSignature, phpJson, verifyPostbackSignature } from '../src';

/**
 * Vectors from an INDEPENDENT implementation: the expected md5 input below is written by hand
 * (PHP json_encode with JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE: raw UTF-8 and "/",
 * U+2028/U+2029 escaped), and the hashes were computed with Python's hashlib, then pinned.
 */
const KEYS = { accessKey: 'test_access_KEY', privateKey: 'test/private+ключ' };

/** What PHP signs for two elements: raw Cyrillic/emoji/slashes, nulls, ints, nested bank_details, \u2028. */
const HAND_BUILT_SIGNED = String.raw`[{"activated_datetime":"2023-11-22 02:30:22","exchanger_identifier":null,"comment":"Платёж/ok — ✓ 😀","amount":"10000","currency_code":"NPR","wallet_type":"khalti_ml","stockpiling_id":1252,"transaction_id":"01003246080588218368","transaction_type":0,"plugin_custom_order_id":"https://x.test/a/b","withdrawal_id":null,"withdrawal_status":null,"account_number":"","account_name":"","account_email":"","bank_details":{"bank_code":"","branch_code":""}},{"activated_datetime":"","exchanger_identifier":"","comment":"line\u2028sep\u2029end \"q\" back\\slash\ttab","amount":"3600","currency_code":"LKR","wallet_type":"upay_manual","stockpiling_id":null,"transaction_id":"","transaction_type":null,"plugin_custom_order_id":"","withdrawal_id":"29599588","withdrawal_status":1,"account_number":"117854929954","account_name":"WNKPerera","account_email":"","bank_details":{"bank_code":"Sampath Bank PLC","branch_code":null}}]`;

/** The same array as a provider body might carry it: PHP-default escaping (\/ and \uXXXX). */
const RAW_ADDITIONAL_DATA = String.raw`[{"activated_datetime":"2023-11-22 02:30:22","exchanger_identifier":null,"comment":"\u041f\u043b\u0430\u0442\u0451\u0436\/ok \u2014 \u2713 \ud83d\ude00","amount":"10000","currency_code":"NPR","wallet_type":"khalti_ml","stockpiling_id":1252,"transaction_id":"01003246080588218368","transaction_type":0,"plugin_custom_order_id":"https:\/\/x.test\/a\/b","withdrawal_id":null,"withdrawal_status":null,"account_number":"","account_name":"","account_email":"","bank_details":{"bank_code":"","branch_code":""}},{"activated_datetime":"","exchanger_identifier":"","comment":"line\u2028sep\u2029end \"q\" back\\slash\ttab","amount":"3600","currency_code":"LKR","wallet_type":"upay_manual","stockpiling_id":null,"transaction_id":"","transaction_type":null,"plugin_custom_order_id":"","withdrawal_id":"29599588","withdrawal_status":1,"account_number":"117854929954","account_name":"WNKPerera","account_email":"","bank_details":{"bank_code":"Sampath Bank PLC","branch_code":null}}]`;

const PINNED_MD5 = '532ce1a5652086f3183bb90bcf4b09d4';
const PINNED_SIGNATURE = '36c1db9e05226c59677d1194be0f6ed45a3823d1';
/** Only the first element signed (pinned too): the signature covers every element. */
const PINNED_SIGNATURE_FIRST_ONLY = '19cff7f16edd0e7dbfdd922481c4ed4de03a542f';

function rawBody(signature: string, accessKey = KEYS.accessKey): string {
  return `{"signature":"${signature}","wallet_type":"khalti_ml","amount":10000,"currency_code":"NPR","label":"1234","converted_amount":{"USD":4.76},"direction":"ingoing","created_datetime":"2023-11-21 23:30:24","access_key":"${accessKey}","additional_data":${RAW_ADDITIONAL_DATA}}`;
}

const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('postback signature (docs/paykassma.md §3.2)', () => {
  it('the hand-built vector itself hashes to the pinned values (guards the test)', () => {
    const md5 = createHash('md5').update(HAND_BUILT_SIGNED, 'utf8').digest('hex');
    expect(md5).toBe(PINNED_MD5);
    expect(createHash('sha1').update(KEYS.accessKey + KEYS.privateKey + md5, 'utf8').digest('hex')).toBe(PINNED_SIGNATURE);
  });

  it('phpJson re-serializes a PHP-default-escaped body into the signed form', () => {
    expect(phpJson(JSON.parse(RAW_ADDITIONAL_DATA))).toBe(HAND_BUILT_SIGNED);
  });

  it('phpJson escapes U+2028/U+2029 but leaves "/" and non-ASCII raw', () => {
    expect(phpJson(['a/b', 'é', '\u2028', '\u2029'])).toBe(String.raw`["a/b","é","\u2028","\u2029"]`);
  });

  it('computes the pinned signature over both elements', () => {
    const data = parse(rawBody('x'))['additional_data'] as unknown[];
    expect(computePostbackSignature(KEYS, data)).toBe(PINNED_SIGNATURE);
    expect(computePostbackSignature(KEYS, data.slice(0, 1))).toBe(PINNED_SIGNATURE_FIRST_ONLY);
  });

  it('accepts the genuine body (and an uppercase signature)', () => {
    expect(verifyPostbackSignature(parse(rawBody(PINNED_SIGNATURE)), KEYS)).toEqual({ valid: true });
    expect(verifyPostbackSignature(parse(rawBody(PINNED_SIGNATURE.toUpperCase())), KEYS)).toEqual({ valid: true });
  });

  it('rejects an altered amount', () => {
    const body = parse(rawBody(PINNED_SIGNATURE).replace('"amount":"10000"', '"amount":"10001"'));
    expect(verifyPostbackSignature(body, KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('rejects an altered amount type (string "3600" → int 3600)', () => {
    const body = parse(rawBody(PINNED_SIGNATURE).replace('"amount":"3600"', '"amount":3600'));
    expect(verifyPostbackSignature(body, KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('rejects an altered transaction id', () => {
    const body = parse(rawBody(PINNED_SIGNATURE).replace('01003246080588218368', '01003246080588218369'));
    expect(verifyPostbackSignature(body, KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('rejects a dropped second element', () => {
    const body = parse(rawBody(PINNED_SIGNATURE));
    body['additional_data'] = (body['additional_data'] as unknown[]).slice(0, 1);
    expect(verifyPostbackSignature(body, KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('rejects a body whose access_key is not ours, even with a signature made for it', () => {
    const foreign = { accessKey: 'someone-else', privateKey: KEYS.privateKey };
    const data = parse(rawBody('x'))['additional_data'] as unknown[];
    const body = parse(rawBody(computePostbackSignature(foreign, data), 'someone-else'));
    expect(verifyPostbackSignature(body, KEYS)).toEqual({ valid: false, reason: 'access_key_mismatch' });
  });

  it('rejects a signature made with a wrong private key', () => {
    const data = parse(rawBody('x'))['additional_data'] as unknown[];
    const forged = computePostbackSignature({ accessKey: KEYS.accessKey, privateKey: 'wrong' }, data);
    expect(verifyPostbackSignature(parse(rawBody(forged)), KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('rejects a truncated or empty signature', () => {
    expect(verifyPostbackSignature(parse(rawBody(PINNED_SIGNATURE.slice(0, 39))), KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
    expect(verifyPostbackSignature(parse(rawBody('')), KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('reports malformed bodies', () => {
    expect(verifyPostbackSignature(null, KEYS)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyPostbackSignature({ signature: PINNED_SIGNATURE, access_key: KEYS.accessKey, additional_data: {} }, KEYS)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('refuses additional_data nested past the bound as malformed, before hashing it (no stack overflow)', () => {
    const deep = JSON.parse(`[${'['.repeat(40_000)}${']'.repeat(40_000)}]`);
    expect(verifyPostbackSignature({ signature: PINNED_SIGNATURE, access_key: KEYS.accessKey, additional_data: deep }, KEYS)).toEqual({ valid: false, reason: 'malformed' });
    expect(() => phpJson(deep)).toThrow(TypeError);
  });
});
