import { createHash } from 'node:crypto';
import { buildWithdrawalRequest, defaultWithdrawalSigner, JsonNumber, sortedValuesSignatureBase, stringifyLossless, type WithdrawalSigner } from '../src';

/**
 * The default recipe is UNVERIFIED (docs/paykassma.md §4.2). These tests pin what OUR implementation produces
 * for the documentation's examples; the hex values were computed with Python's hashlib from the
 * hand-written md5 inputs, so a change in field order, boolean casting or flattening shows here.
 */
const KEY = 'withdrawal-test-key';
const independent = (base: string) =>
  createHash('sha1').update(KEY + createHash('md5').update(base, 'utf8').digest('hex'), 'utf8').digest('hex');

describe('default withdrawal signer (sorted values, sha1(key + md5))', () => {
  it('PayTM example: fields ordered by name, is_test true → "1"', () => {
    const fields = {
      withdrawal_id: '85858053',
      payment_system: 'paytm',
      amount: 1000,
      currency_code: 'INR',
      label: '160496026',
      comment: 'withdrawal',
      account_number: '1234560079',
      is_test: true,
    };
    const base = '1234560079:1000:withdrawal:INR:1:160496026:paytm:85858053';
    expect(sortedValuesSignatureBase(fields)).toBe(base);
    expect(defaultWithdrawalSigner.sign(fields, KEY)).toBe(independent(base));
    expect(defaultWithdrawalSigner.sign(fields, KEY)).toBe('d898d8a18b78ea97a2bd442711430652e571dcf1');
  });

  it('Upay example: nested bank_details flattened in place, absent is_test has no slot, signature ignored', () => {
    const fields = {
      withdrawal_id: 'test12345678',
      payment_system: 'upay_manual',
      amount: new JsonNumber('4000'),
      currency_code: 'LKR',
      label: 'test',
      account_number: '100670008622',
      account_name: 'AWAKA N V S',
      bank_details: { bank_code: 'Nations Trust Bank' },
      signature: '83722f5c8c963d7f7a6e5bbe0d1f13a4761927c4',
    };
    const base = 'AWAKA N V S:100670008622:4000:Nations Trust Bank:LKR:test:upay_manual:test12345678';
    expect(sortedValuesSignatureBase(fields)).toBe(base);
    expect(defaultWithdrawalSigner.sign(fields, KEY)).toBe('f7a1b9755d9bace0f21325402cdeee1a62875df2');
  });

  it('Easypaisa example with is_test false → empty slot', () => {
    const fields = {
      withdrawal_id: '1234567test',
      payment_system: 'easypaisa',
      amount: 10000,
      currency_code: 'PKR',
      label: '125199',
      account_number: '03405135211',
      account_name: 'Muhammad Saqib Mushtaq',
      is_test: false,
    };
    expect(defaultWithdrawalSigner.sign(fields, KEY)).toBe('9564b40fa95e2421a5322250d0c9dc61f2a57df3');
  });

  it('third-party IMPS shape: null is_test and an empty object each keep an empty slot', () => {
    const fields = {
      withdrawal_id: 'w-1',
      payment_system: 'imps_ib',
      amount: 500,
      currency_code: 'INR',
      label: '42',
      account_number: '1234567890',
      account_name: 'John Doe',
      bank_details: { bank_code: 'HDFC0001234' },
      payment_details: {},
      is_test: null,
    };
    const base = 'John Doe:1234567890:500:HDFC0001234:INR::42::imps_ib:w-1';
    expect(sortedValuesSignatureBase(fields)).toBe(base);
    expect(defaultWithdrawalSigner.sign(fields, KEY)).toBe('ac327bb2c6e14bb69f068caf2a3ca0fd00f785c2');
  });

  it('buildWithdrawalRequest signs with the given signer and writes amount as an int from bigint', () => {
    const body = buildWithdrawalRequest(
      {
        withdrawalId: '85858053',
        walletType: 'paytm',
        amount: { amountMinor: 100000n, currency: 'INR' },
        label: '160496026',
        accountNumber: '1234560079',
        isTest: true,
        comment: 'withdrawal',
      },
      { key: KEY },
    );
    expect(body.signature).toBe('d898d8a18b78ea97a2bd442711430652e571dcf1');
    expect(stringifyLossless(body)).toBe(
      '{"withdrawal_id":"85858053","payment_system":"paytm","amount":1000,"currency_code":"INR","label":"160496026","account_number":"1234560079","is_test":true,"comment":"withdrawal","signature":"d898d8a18b78ea97a2bd442711430652e571dcf1"}',
    );
    const swapped: WithdrawalSigner = { name: 'fixed', sign: () => 'f'.repeat(40) };
    expect(buildWithdrawalRequest({ withdrawalId: 'a', walletType: 'paytm', amount: { amountMinor: 100n, currency: 'INR' }, label: 'l', accountNumber: '1234560079', isTest: false }, { key: KEY, signer: swapped }).signature).toBe('f'.repeat(40));
  });

  it('refuses fractional payouts, foreign currencies and long ids', () => {
    const base = { walletType: 'paytm', label: 'l', accountNumber: '1234560079', isTest: false };
    expect(() => buildWithdrawalRequest({ ...base, withdrawalId: 'a', amount: { amountMinor: 150n, currency: 'INR' } }, { key: KEY })).toThrow(/not a whole amount/);
    expect(() => buildWithdrawalRequest({ ...base, withdrawalId: 'a', amount: { amountMinor: 100n, currency: 'PKR' } }, { key: KEY })).toThrow(/INR/);
    expect(() => buildWithdrawalRequest({ ...base, withdrawalId: 'x'.repeat(37), amount: { amountMinor: 100n, currency: 'INR' } }, { key: KEY })).toThrow(/36/);
  });
});
