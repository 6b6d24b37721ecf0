import { parsePostback, PostbackFormatError, verifyPostbackSignature } from '../src';
import { expandExponent } from '../src/postback/decimal-text';
import { SEED_POSTBACKS } from './fixtures/seed-postbacks';
import { resignRawBody } from './support/independent-signature';

const KEYS = { accessKey: 'seed-test-access', privateKey: 'seed-test-private' };

describe('the seeds’ example postbacks', () => {
  it('has a deposit and a withdrawal example for each of the five wallets', () => {
    const seen = SEED_POSTBACKS.map((s) => `${s.walletType}/${s.direction}`).sort();
    expect(seen).toEqual(
      ['easypaisa', 'esewa_ml', 'khalti_ml', 'paytm', 'upay_manual'].flatMap((w) => [`${w}/ingoing`, `${w}/outgoing`]),
    );
  });

  describe.each(SEED_POSTBACKS.map((s) => [`${s.walletType} ${s.direction}`, s] as const))('%s', (_name, seed) => {
    const original = JSON.parse(seed.rawBody) as Record<string, unknown>;

    it('parses into the typed structure with every record field', () => {
      const parsed = parsePostback(original, seed.rawBody);
      expect(parsed.direction).toBe(seed.direction);
      expect(parsed.walletType).toBe(seed.walletType);
      expect(parsed.records).toHaveLength(1);
      const [record] = parsed.records;
      const element = (original['additional_data'] as Record<string, unknown>[])[0];
      expect(record.amountText).toBe(element['amount']);
      expect(record.amount.amountMinor).toBe(BigInt(element['amount'] as string) * 100n);
      expect(record.amount.currency).toBe(element['currency_code']);
      expect(record.stockpilingId).toBe(element['stockpiling_id']);
      expect(record.transactionType).toBe(element['transaction_type']);
      expect(record.exchangerIdentifier).toBe(element['exchanger_identifier']);
      expect(record.pluginCustomOrderId).toBe(element['plugin_custom_order_id']);
      expect(record.withdrawalId).toBe(element['withdrawal_id']);
      expect(record.withdrawalStatus).toBe(element['withdrawal_status']);
      expect(record.accountEmail).toBe(element['account_email']);
      const bank = element['bank_details'] as Record<string, unknown>;
      expect(record.bankDetails).toEqual({ bankCode: bank['bank_code'], branchCode: bank['branch_code'] });
      expect(record.raw).toBe(element);
      if (seed.direction === 'ingoing') {
        expect(record.transactionId).toBe(element['transaction_id']);
        expect(record.withdrawalOutcome).toBeNull();
        expect(record.activatedAt).toBeInstanceOf(Date);
      } else {
        expect(record.withdrawalOutcome).toBe(element['withdrawal_status'] === 1 ? 'succeeded' : 'failed');
        expect(record.activatedAt).toBeNull();
      }
      // converted_amount comes from the raw text: USD present and a plain decimal.
      expect(parsed.convertedAmountSource).toBe('raw-text');
      expect(parsed.convertedAmount['USD']).toMatch(/^\d+(\.\d+)?$/);
    });

    it('verifies once re-signed with test keys', () => {
      const { body, raw } = resignRawBody(seed.rawBody, KEYS.accessKey, KEYS.privateKey);
      expect(verifyPostbackSignature(body, KEYS)).toEqual({ valid: true });
      expect(parsePostback(body, raw).accessKey).toBe(KEYS.accessKey);
    });

    it('does not verify with the provider’s original (unknown-key) signature', () => {
      expect(verifyPostbackSignature(original, KEYS).valid).toBe(false);
    });

    it('rejects an altered amount and an altered id after re-signing', () => {
      const { body } = resignRawBody(seed.rawBody, KEYS.accessKey, KEYS.privateKey);
      const element = (body['additional_data'] as Record<string, unknown>[])[0];
      element['amount'] = `${element['amount'] as string}0`;
      expect(verifyPostbackSignature(body, KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
      const again = resignRawBody(seed.rawBody, KEYS.accessKey, KEYS.privateKey).body;
      const el2 = (again['additional_data'] as Record<string, unknown>[])[0];
      const idField = seed.direction === 'ingoing' ? 'transaction_id' : 'withdrawal_id';
      el2[idField] = `${el2[idField] as string}9`;
      expect(verifyPostbackSignature(again, KEYS)).toEqual({ valid: false, reason: 'signature_mismatch' });
    });
  });
});

describe('parsePostback details', () => {
  const khaltiDeposit = SEED_POSTBACKS.find((s) => s.walletType === 'khalti_ml' && s.direction === 'ingoing')!;
  const easypaisaDeposit = SEED_POSTBACKS.find((s) => s.walletType === 'easypaisa' && s.direction === 'ingoing')!;
  const esewaDeposit = SEED_POSTBACKS.find((s) => s.walletType === 'esewa_ml' && s.direction === 'ingoing')!;

  it('keeps converted_amount as the raw decimal text, crypto precision included', () => {
    const parsed = parsePostback(JSON.parse(khaltiDeposit.rawBody), khaltiDeposit.rawBody);
    expect(parsed.convertedAmount['USD']).toBe('4.76');
    expect(parsed.convertedAmount['BTC']).toBe('0.00013087');
    expect(parsed.convertedAmount['DOGE']).toBe('66.58294586');
    expect(parsed.convertedAmount['MRO']).toBe('0');
  });

  it('keeps the number text even where a float would change it', () => {
    const raw = khaltiDeposit.rawBody.replace('"USD": 4.76', '"USD": 4.610').replace('"BTC": 0.00013087', '"BTC": 1.2e-7');
    const parsed = parsePostback(JSON.parse(raw), raw);
    expect(parsed.convertedAmount['USD']).toBe('4.610');
    expect(parsed.convertedAmount['BTC']).toBe('0.00000012'); // exponent expanded exactly, as text
  });

  it('expands exponents exactly, as text', () => {
    expect(expandExponent('1.2e-7')).toBe('0.00000012');
    expect(expandExponent('5E+3')).toBe('5000');
    expect(expandExponent('1.25e1')).toBe('12.5');
    expect(expandExponent('123456789012345678901e-2')).toBe('1234567890123456789.01');
    expect(expandExponent('4.610')).toBe('4.610');
  });

  it('falls back to the shortest round-trip text (exponents expanded) without a raw body', () => {
    const raw = khaltiDeposit.rawBody.replace('"BTC": 0.00013087', '"BTC": 1.2e-7');
    const parsed = parsePostback(JSON.parse(raw));
    expect(parsed.convertedAmountSource).toBe('shortest-float');
    expect(parsed.convertedAmount['USD']).toBe('4.76');
    expect(parsed.convertedAmount['BTC']).toBe('0.00000012');
  });

  it('keeps the stray " R" key of the easypaisa example', () => {
    expect(parsePostback(JSON.parse(easypaisaDeposit.rawBody), easypaisaDeposit.rawBody).convertedAmount[' R']).toBe('16.13');
  });

  it('reads timestamps in the configured zone (Asia/Manila by default)', () => {
    const body = JSON.parse(khaltiDeposit.rawBody);
    const manila = parsePostback(body, khaltiDeposit.rawBody);
    expect(manila.createdDatetime).toBe('2023-11-21 23:30:24');
    expect(manila.createdAt.toISOString()).toBe('2023-11-21T15:30:24.000Z');
    expect(manila.records[0].activatedAt?.toISOString()).toBe('2023-11-21T18:30:22.000Z');
    const utc = parsePostback(body, khaltiDeposit.rawBody, { timeZone: 'UTC' });
    expect(utc.createdAt.toISOString()).toBe('2023-11-21T23:30:24.000Z');
    expect(() => parsePostback(body, khaltiDeposit.rawBody, { timeZone: 'Mars/Olympus' })).toThrow(/IANA/);
  });

  it('keeps the eSewa example’s top-level amount (6000) apart from the signed one ("100")', () => {
    const parsed = parsePostback(JSON.parse(esewaDeposit.rawBody), esewaDeposit.rawBody);
    expect(parsed.amountText).toBe('6000');
    expect(parsed.records[0].amountText).toBe('100');
    expect(parsed.records[0].pluginCustomOrderId).toBeNull();
  });

  it('keeps an unknown withdrawal_status and calls it unknown', () => {
    const seed = SEED_POSTBACKS.find((s) => s.walletType === 'paytm' && s.direction === 'outgoing')!;
    const body = JSON.parse(seed.rawBody.replace('"withdrawal_status": 1', '"withdrawal_status": 3'));
    const record = parsePostback(body).records[0];
    expect(record.withdrawalStatus).toBe(3);
    expect(record.withdrawalOutcome).toBe('unknown');
  });

  it('handles several additional_data elements', () => {
    const body = JSON.parse(khaltiDeposit.rawBody);
    const second = { ...body.additional_data[0], transaction_id: '99999999999999999999', amount: '250.5' };
    body.additional_data.push(second);
    const parsed = parsePostback(body, khaltiDeposit.rawBody);
    expect(parsed.records.map((r) => r.amount.amountMinor)).toEqual([1000000n, 25050n]);
  });

  it('reports every structural problem with its path', () => {
    const body = JSON.parse(khaltiDeposit.rawBody);
    body.direction = 'sideways';
    body.additional_data[0].amount = 'ten';
    body.additional_data[0].stockpiling_id = '1252';
    delete body.signature;
    try {
      parsePostback(body);
      throw new Error('expected a PostbackFormatError');
    } catch (error) {
      expect(error).toBeInstanceOf(PostbackFormatError);
      const fields = (error as PostbackFormatError).errors.map((e) => e.field).sort();
      expect(fields).toEqual(['additional_data[0].amount', 'additional_data[0].stockpiling_id', 'direction', 'signature']);
    }
  });

  it('requires withdrawal_id on a withdrawal postback and a non-empty additional_data', () => {
    const seed = SEED_POSTBACKS.find((s) => s.walletType === 'khalti_ml' && s.direction === 'outgoing')!;
    const body = JSON.parse(seed.rawBody);
    body.additional_data[0].withdrawal_id = '';
    expect(() => parsePostback(body)).toThrow(/additional_data\[0\]\.withdrawal_id is required/);
    body.additional_data = [];
    expect(() => parsePostback(body)).toThrow(/additional_data must not be empty/);
    expect(() => parsePostback('nope')).toThrow(PostbackFormatError);
  });
});
