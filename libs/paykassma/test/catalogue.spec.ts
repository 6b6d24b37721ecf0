import {
  catalogueView,
  findWalletType,
  UPAY_MANUAL_BANKS,
  validateDepositActivation,
  validateDepositCreate,
  validateWithdrawal,
  WALLET_CATALOGUE,
  type FieldError,
} from '../src';

const png = { sizeBytes: 2048, contentType: 'image/png' };
const fields = (errors: FieldError[]) => errors.map((e) => e.field);

describe('wallet catalogue', () => {
  it('holds the five wallets with their currencies, languages and activation kinds', () => {
    expect(WALLET_CATALOGUE.map((w) => [w.walletType, w.currency, w.languages.join('+'), w.activation.kind, w.activation.amountKind])).toEqual([
      ['paytm', 'INR', 'en+hi', 'json-activate', 'float'],
      ['easypaisa', 'PKR', 'en+ur', 'json-activate', 'float'],
      ['khalti_ml', 'NPR', 'en+ne', 'possible-transaction', 'int'],
      ['esewa_ml', 'NPR', 'en+ne', 'possible-transaction', 'int'],
      ['upay_manual', 'LKR', 'en+si', 'possible-transaction', 'int'],
    ]);
  });

  it('serializes for GET /v1/wallet-types as plain JSON', () => {
    const view = catalogueView();
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    const upay = view.find((w) => w.walletType === 'upay_manual')!;
    expect(upay.withdrawal.bankCode?.allowed).toContain('Sampath Bank PLC');
    expect(upay.deposit.activation.contentType).toBe('multipart/form-data');
    expect(view.find((w) => w.walletType === 'paytm')!.deposit.activation.screenshot).toBeNull();
    // Patterns in the view are usable by a client as they are.
    expect(new RegExp(view[0].deposit.activation.transactionId.pattern).test('47381113468')).toBe(true);
  });

  it('keeps the upay bank list as exact, de-duplicated names', () => {
    expect(new Set(UPAY_MANUAL_BANKS).size).toBe(UPAY_MANUAL_BANKS.length);
    expect(UPAY_MANUAL_BANKS).toContain('Nations Trust Bank PLC');
    expect(UPAY_MANUAL_BANKS).not.toContain('L B Finance PLCLOFC'); // a glued diff line, split
  });
});

describe('deposit activation rules accept the seeds’ transaction numbers', () => {
  it.each([
    ['paytm', '47381113468', '500'],
    ['paytm', '47752123519', '700.50'],
    ['easypaisa', '67923175246', '1200'],
    ['easypaisa', '23936218009', '1000'],
    ['khalti_ml', '01003246080588218368', '10000'],
    ['esewa_ml', '5750E9FB', '100'],
    ['upay_manual', 'B3A240229-009236', '2000'],
  ])('%s %s', (walletType, transactionId, amount) => {
    const manual = findWalletType(walletType)!.activation.kind === 'possible-transaction';
    expect(validateDepositActivation(walletType, { transactionId, amount, screenshot: manual ? png : undefined })).toEqual([]);
  });
});

describe('deposit activation rules reject bad values with the right field', () => {
  it.each([
    ['paytm', '4738111346', 'transactionId', /11–12 digits/],
    ['paytm', '4738111346812', 'transactionId', /11–12 digits/],
    ['easypaisa', '679231752461', 'transactionId', /exactly 11 digits/],
    ['khalti_ml', '0100324608058821836', 'transactionId', /20–28/],
    ['khalti_ml', '01003246080588218368-x', 'transactionId', /20–28/],
    ['esewa_ml', '5750E', 'transactionId', /6–8/],
    ['esewa_ml', '5750E9FB1', 'transactionId', /6–8/],
    ['upay_manual', 'B3A240229_009236', 'transactionId', /hyphens/],
    ['upay_manual', 'B3A240229-0092361', 'transactionId', /16/],
  ])('%s %s', (walletType, transactionId, field, message) => {
    const errors = validateDepositActivation(walletType, { transactionId, amount: '100', screenshot: png });
    const relevant = errors.filter((e) => e.field === field);
    expect(relevant).toHaveLength(1);
    expect(relevant[0].message).toMatch(message);
  });

  it('int-amount wallets need whole units; float wallets take decimals; strings only', () => {
    expect(fields(validateDepositActivation('khalti_ml', { transactionId: '01003246080588218368', amount: '100.50', screenshot: png }))).toEqual(['amount']);
    expect(validateDepositActivation('paytm', { transactionId: '47381113468', amount: '100.50' })).toEqual([]);
    expect(fields(validateDepositActivation('paytm', { transactionId: '47381113468', amount: 100 }))).toEqual(['amount']);
    expect(fields(validateDepositActivation('paytm', { transactionId: '47381113468', amount: '0' }))).toEqual(['amount']);
    expect(fields(validateDepositActivation('paytm', { transactionId: '47381113468', amount: '1.005' }))).toEqual(['amount']);
  });

  it('screenshot: required (png/jpeg, ≤ 5 MB) for manual wallets, refused for JSON wallets', () => {
    expect(fields(validateDepositActivation('esewa_ml', { transactionId: '5750E9FB', amount: '100' }))).toEqual(['screenshot']);
    expect(fields(validateDepositActivation('esewa_ml', { transactionId: '5750E9FB', amount: '100', screenshot: { sizeBytes: 10, contentType: 'application/pdf' } }))).toEqual(['screenshot']);
    expect(fields(validateDepositActivation('esewa_ml', { transactionId: '5750E9FB', amount: '100', screenshot: { sizeBytes: 6 * 1024 * 1024, contentType: 'image/jpeg' } }))).toEqual(['screenshot']);
    expect(fields(validateDepositActivation('paytm', { transactionId: '47381113468', amount: '100', screenshot: png }))).toEqual(['screenshot']);
  });

  it('unknown wallet type is a walletType error', () => {
    expect(validateDepositActivation('kbzpay_manual', { transactionId: 'x', amount: '1' })).toEqual([{ field: 'walletType', message: expect.stringMatching(/not a supported wallet type/) }]);
  });
});

describe('deposit create rules', () => {
  it('label ≤ 190 characters (code points), lang among the wallet’s languages', () => {
    expect(validateDepositCreate({ walletType: 'khalti_ml', label: 'eligendi', lang: 'ne', amount: '100' })).toEqual([]);
    expect(validateDepositCreate({ walletType: 'khalti_ml', label: '😀'.repeat(190) })).toEqual([]);
    expect(fields(validateDepositCreate({ walletType: 'khalti_ml', label: 'x'.repeat(191) }))).toEqual(['label']);
    expect(fields(validateDepositCreate({ walletType: 'khalti_ml', label: '' }))).toEqual(['label']);
    expect(fields(validateDepositCreate({ walletType: 'paytm', label: 'a', lang: 'ne' }))).toEqual(['lang']);
    expect(fields(validateDepositCreate({ walletType: 'nope', label: 'a' }))).toEqual(['walletType']);
  });
});

describe('withdrawal rules', () => {
  const seeds = [
    { walletType: 'paytm', label: '160496026', amount: '1000', accountNumber: '1234560079' },
    { walletType: 'easypaisa', label: '125199', amount: '10000', accountNumber: '03405135211', accountName: 'Muhammad Saqib Mushtaq' },
    { walletType: 'khalti_ml', label: 'test', amount: '30000', accountNumber: '9805382784' },
    { walletType: 'esewa_ml', label: '12519988', amount: '20000', accountNumber: '9805382784' },
    { walletType: 'upay_manual', label: 'test', amount: '4000', accountNumber: '100670008622', accountName: 'AWAKA N V S', bankCode: 'Nations Trust Bank' },
    { walletType: 'upay_manual', label: '14929202', amount: '3600', accountNumber: '117854929954', accountName: 'WNKPerera', bankCode: 'Sampath Bank PLC' },
  ];

  it.each(seeds.map((s) => [s.walletType, s] as const))('accepts the %s example', (_name, input) => {
    expect(validateWithdrawal(input)).toEqual([]);
  });

  it.each([
    ['paytm', { accountNumber: '123456007' }, 'accountNumber'],
    ['easypaisa', { accountNumber: '13405135211' }, 'accountNumber'],
    ['easypaisa', { accountName: 'Muhammad 2' }, 'accountName'],
    ['easypaisa', { accountName: 'M'.repeat(31) }, 'accountName'],
    ['easypaisa', { accountName: undefined }, 'accountName'],
    ['khalti_ml', { accountNumber: '98053827840' }, 'accountNumber'],
    ['esewa_ml', { accountName: 'Someone' }, 'accountName'],
    ['upay_manual', { bankCode: 'Nations Trust' }, 'bankCode'],
    ['upay_manual', { bankCode: 'sampath bank plc' }, 'bankCode'],
    ['upay_manual', { bankCode: undefined }, 'bankCode'],
    ['upay_manual', { accountNumber: '1006-7000' }, 'accountNumber'],
    ['upay_manual', { accountName: '   ' }, 'accountName'],
    ['paytm', { bankCode: 'HSBC' }, 'bankCode'],
    ['paytm', { label: 'x'.repeat(37) }, 'label'],
    ['paytm', { amount: '1000.50' }, 'amount'],
    ['paytm', { amount: '-5' }, 'amount'],
    ['paytm', { walletType: 'imps' }, 'walletType'],
  ] as const)('%s with %j → %s', (walletType, change, field) => {
    const base = seeds.find((s) => s.walletType === walletType)!;
    expect(fields(validateWithdrawal({ ...base, ...change }))).toEqual([field]);
  });
});
