import { formatMinor, MoneyFormatError, parseAmount, parseProviderAmount, toWholeUnits } from './money';

describe('Money', () => {
  it.each([
    ['1200', 120000n],
    ['1200.5', 120050n],
    ['1200.50', 120050n],
    ['0.01', 1n],
    ['999999999999999999', 99999999999999999900n],
  ])('parses %s as %s minor units', (text, minor) => {
    expect(parseAmount(text, 'INR').amountMinor).toBe(minor);
  });

  it.each(['0', '0.00', '-1', '+1', '1e3', '1.234', ' 1', '01', '1,000', '', '.5', '5.', 'NaN', '0x10'])(
    'rejects %j with the rule',
    (text) => {
      expect(() => parseAmount(text, 'PKR')).toThrow(MoneyFormatError);
    },
  );

  it('rejects a fraction where whole units are required', () => {
    expect(() => parseAmount('10.50', 'NPR', { wholeUnits: true })).toThrow('whole number');
    expect(parseAmount('10', 'NPR', { wholeUnits: true }).amountMinor).toBe(1000n);
  });

  it('formats with the currency decimals, negatives included', () => {
    expect(formatMinor(120050n, 'INR')).toBe('1200.50');
    expect(formatMinor(5n, 'LKR')).toBe('0.05');
    expect(formatMinor(-100n, 'LKR')).toBe('-1.00');
  });

  it('reads provider amounts, zero and trailing zeros included', () => {
    expect(parseProviderAmount('10000', 'INR').amountMinor).toBe(1000000n);
    expect(parseProviderAmount('0', 'INR').amountMinor).toBe(0n);
    expect(parseProviderAmount('99.500', 'INR').amountMinor).toBe(9950n);
    expect(() => parseProviderAmount('1.005', 'INR')).toThrow(MoneyFormatError);
  });

  it('gives the provider whole units and refuses fractions', () => {
    expect(toWholeUnits({ amountMinor: 400000n, currency: 'LKR' })).toBe(4000n);
    expect(() => toWholeUnits({ amountMinor: 400001n, currency: 'LKR' })).toThrow(MoneyFormatError);
  });
});
