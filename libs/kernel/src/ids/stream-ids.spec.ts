import { depositStreamId, suspenseStreamId, unmatchedDepositId, walletStreamId, withdrawalStreamId } from './stream-ids';
import { suspenseItemId } from './suspense-item-id';

describe('Stream ids', () => {
  it('names a deposit stream by tenant and deposit id', () => {
    expect(depositStreamId('t1', '0b6a6d9e-1c53-4a8e-9d3e-2f1d2b9b7c11')).toBe('deposit-t1.0b6a6d9e-1c53-4a8e-9d3e-2f1d2b9b7c11');
  });

  it('names a withdrawal stream by tenant and withdrawal id', () => {
    expect(withdrawalStreamId('t1', 'wd-1')).toBe('withdrawal-t1.wd-1');
  });

  it('names one wallet stream per tenant, currency and encoded label', () => {
    expect(walletStreamId({ tenantId: 't1', currency: 'INR', label: 'player 1/ä' })).toBe('wallet-t1.INR.player%201%2F%C3%A4');
    expect(walletStreamId({ tenantId: 't1', currency: 'INR', label: 'a.b' })).toBe('wallet-t1.INR.a.b');
  });

  it('refuses a tenant id with a dot, which would make ids ambiguous', () => {
    expect(() => depositStreamId('t.1', 'd1')).toThrow('must not contain a dot');
    expect(() => walletStreamId({ tenantId: 't1', currency: '', label: 'x' })).toThrow('must not be empty');
  });

  it('derives the same unmatched deposit id from the same provider transaction', () => {
    expect(unmatchedDepositId('upay_manual', 'AB-12/3')).toBe('unmatched-upay_manual-AB-12%2F3');
    expect(unmatchedDepositId('paytm', '123456789012')).toBe(unmatchedDepositId('paytm', '123456789012'));
  });
});

describe('Suspense item ids', () => {
  it('derives one UUID per merchant and provider transaction, and a stream named by it', () => {
    const id = suspenseItemId('brand-b', 'paytm', '66600011122');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(suspenseItemId('brand-b', 'paytm', '66600011122')).toBe(id);
    expect(suspenseItemId('default', 'paytm', '66600011122')).not.toBe(id);
    expect(suspenseItemId('brand-b', 'phonepe', '66600011122')).not.toBe(id);
    expect(id).not.toContain('66600011122');
    expect(suspenseStreamId('brand-b', id)).toBe(`suspense-brand-b.${id}`);
  });
});
