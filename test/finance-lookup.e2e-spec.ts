import { TestService } from './support/e2e-app';
import { creditedDeposit } from './support/money-flows';

/** The two reads the finance console needed and a platform can use: lookup and balance totals. */
describe('Lookup and balance totals over HTTP', () => {
  let service: TestService;
  let deposit: { id: string; transactionId: string };

  beforeAll(async () => {
    service = await TestService.start();
    deposit = await creditedDeposit(service, 'lookup-player', '750');
    await creditedDeposit(service, 'lookup-other', '250.50');
  });
  afterAll(async () => {
    await service.close();
  });

  it('finds a deposit by its id and by the provider transaction number, with finance and payments keys', async () => {
    const byId = await service.get(`/v1/lookup?q=${deposit.id}`, { key: 'finance' });
    expect(byId.status).toBe(200);
    expect(byId.body.deposits.map((d: { id: string }) => d.id)).toEqual([deposit.id]);
    expect(byId.body.deposits[0]).toMatchObject({ status: 'credited', label: 'lookup-player', credit: { amount: '750.00' } });
    expect(byId.body.withdrawals).toEqual([]);
    expect(byId.body.players).toEqual([]);

    const byNumber = await service.get(`/v1/lookup?q=${deposit.transactionId}`, { key: 'platform' });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.deposits.map((d: { id: string }) => d.id)).toEqual([deposit.id]);
  });

  it('finds a player by label, and nothing for a text that names nothing', async () => {
    expect((await service.get('/v1/lookup?q=lookup-player', { key: 'finance' })).body).toEqual({ query: 'lookup-player', deposits: [], withdrawals: [], players: ['lookup-player'] });
    expect((await service.get('/v1/lookup?q=nobody-here', { key: 'finance' })).body).toEqual({ query: 'nobody-here', deposits: [], withdrawals: [], players: [] });
  });

  it('refuses an empty or oversized query naming the field, and a request without a key', async () => {
    for (const q of ['', '%20', 'x'.repeat(201)]) {
      const answer = await service.get(`/v1/lookup?q=${q}`, { key: 'finance' });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'q' }] });
    }
    expect((await service.get('/v1/lookup?q=x', { key: null })).status).toBe(401);
  });

  it('sums what players hold per currency for a finance key only', async () => {
    const totals = await service.get('/v1/reports/balances', { key: 'finance' });
    expect(totals.status).toBe(200);
    expect(totals.body.currencies).toEqual([{ currency: 'INR', wallets: 2, available: '1000.50', held: '0.00', total: '1000.50', suspense: '0.00' }]);
    expect(totals.body.asOf).toMatch(/Z$/);
    expect((await service.get('/v1/reports/balances', { key: 'platform' })).status).toBe(403);
  });
});
