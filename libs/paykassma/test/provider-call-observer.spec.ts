import { buildWithdrawalRequest, PaykassmaClient, type FetchLike, type ProviderCall } from '../src';

describe('PaykassmaClient › observer', () => {
  const body = buildWithdrawalRequest(
    { withdrawalId: 'w-1', walletType: 'paytm', amount: { amountMinor: 100_00n, currency: 'INR' }, label: 'player', accountNumber: '1234560079', isTest: true },
    { key: 'k' },
  );

  function observedClient(fetchImpl: FetchLike, timeoutMs = 1000) {
    const calls: ProviderCall[] = [];
    const client = new PaykassmaClient({ apiUrl: 'https://api.example.test', pluginApiSecret: 's', timeoutMs, fetch: fetchImpl, observer: (call) => calls.push(call) });
    return { client, calls };
  }
  const answering = (status: number, text: string): FetchLike => async () => new Response(text, { status });

  it('reports an accepted call as ok, with its operation and a duration', async () => {
    const { client, calls } = observedClient(answering(200, '{"status":"ok"}'));
    await client.createWithdrawal(body);
    expect(calls).toEqual([{ operation: 'create-withdrawal', outcome: 'ok', durationMs: expect.any(Number), error: null }]);
    expect(calls[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a documented fail as rejected and a 500 as unavailable, and still throws', async () => {
    const refused = observedClient(answering(200, '{"status":"fail","message":"no"}'));
    await expect(refused.client.createWithdrawal(body)).rejects.toThrow(/rejected/);
    expect(refused.calls.map((c) => [c.outcome, c.error?.name])).toEqual([['rejected', 'ProviderRejected']]);

    const broken = observedClient(answering(500, 'oops'));
    await expect(broken.client.createDeposit('paytm', { currency: 'INR', label: 'p' })).rejects.toThrow(/unavailable/);
    expect(broken.calls.map((c) => [c.operation, c.outcome])).toEqual([['create-deposit', 'unavailable']]);
  });

  it('reports a call without an answer in time as a timeout', async () => {
    const never: FetchLike = (_url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const { client, calls } = observedClient(never, 20);
    await expect(client.createWithdrawal(body)).rejects.toThrow(/timeout/);
    expect(calls.map((c) => c.outcome)).toEqual(['timeout']);
  });

  it('an observer that throws changes nothing about the answer', async () => {
    const client = new PaykassmaClient({ apiUrl: 'https://api.example.test', pluginApiSecret: 's', timeoutMs: 1000, fetch: answering(200, '{"status":"ok"}'), observer: () => { throw new Error('observer broke'); } });
    await expect(client.createWithdrawal(body)).resolves.toEqual({ status: 'ok' });
  });
});
