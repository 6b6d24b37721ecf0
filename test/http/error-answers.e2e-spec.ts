import { TestService } from '../support/e2e-app';

/** What a person reads in an error answer: words, every broken field at once, amounts as money. */
describe('error answers', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start();
  });

  afterAll(async () => {
    await service.close();
  });

  it('titles an error with its status in words, never a framework class name', async () => {
    const unknownRoute = await service.get('/v1/no-such-thing');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers.get('content-type')).toContain('application/problem+json');
    expect(unknownRoute.body).toMatchObject({ status: 404, title: 'Not Found', code: 'NOT_FOUND' });

    const wrongMethod = await service.request('PUT', '/v1/deposits', {});
    expect(wrongMethod.body.title).not.toMatch(/Exception|Error$/);
    expect(wrongMethod.body.title).toMatch(/^[A-Z][a-z]+( [A-Za-z]+)*$/);
  });

  it('names every broken field of a body at once: type errors, catalogue rules and unknown fields', async () => {
    const answer = await service.post('/v1/deposits', { walletType: 'paytm', label: 7, amount: '1.234', foo: 1 });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
    const fields = answer.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['label', 'amount', 'foo']));
    expect(answer.body.errors).toContainEqual({ field: 'foo', message: 'is not a known field' });
    expect(answer.body.detail).not.toContain('should not exist');
    expect(answer.body.detail).toContain('foo: is not a known field');
  });

  it('names every broken withdrawal field at once', async () => {
    const answer = await service.post('/v1/withdrawals', { walletType: 'easypaisa', label: 'x'.repeat(37), amount: '10.5', accountNumber: 42 });
    expect(answer.status).toBe(400);
    const fields = answer.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['label', 'amount', 'accountNumber', 'accountName']));
  });

  it('names every broken query parameter of a list at once', async () => {
    const answer = await service.get('/v1/deposits?status=nope&limit=many');
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['limit', 'status']);
  });

  it('says the amounts of INSUFFICIENT_FUNDS as decimals with the currency, never minor units', async () => {
    const answer = await service.post('/v1/withdrawals', { walletType: 'paytm', label: 'penniless', amount: '100000', accountNumber: '1234567890' });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('INSUFFICIENT_FUNDS');
    expect(answer.body.detail).toBe('the available balance 0.00 INR is less than the 100000.00 INR asked for');
  });
});
