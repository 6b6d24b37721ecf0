import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { ProjectionRunner } from '@kassa/event-store';
import { ImportStatementCommand } from '../apps/ledger-cli/src/commands/import-statement.command';
import type { Output } from '../apps/ledger-cli/src/commands/output';
import { VerifyCommand } from '../apps/ledger-cli/src/commands/verify.command';
import { TestService } from './support/e2e-app';
import { eventually } from './support/eventually';

/**
 * Finance over HTTP with data made by the real flows: deposits activated at the sandbox and credited
 * by its signed postbacks, withdrawals held, submitted and finished by postbacks.
 */
describe('Finance end to end (audit, balances as of, reports, reconciliation, verify)', () => {
  let service: TestService;
  let numbers = 0;
  let players = 0;
  const lines: string[] = [];
  const quiet: Output = { line: (text) => lines.push(text), stream: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream };
  const finance = { key: 'finance' as const };

  beforeAll(async () => {
    service = await TestService.start({
      AWAITING_CONFIRMATION_THRESHOLD_MINUTES: '5',
      WITHDRAWAL_RESULT_THRESHOLD_MINUTES: '10',
      PAYKASSMA_RETRY_BASE_MS: '50',
    });
  });
  afterAll(async () => {
    await service.close();
  });

  /** A paytm key1 (11 digits) whose last digit picks the sandbox's answer: 3 ok, 1 pending, 2 possible. */
  const key1 = (last: 1 | 2 | 3): string => `5${String(++numbers).padStart(9, '0')}${last}`;
  const label = (prefix: string): string => `${prefix}-${++players}`;

  async function creditedDeposit(player: string, amount: string, walletType = 'paytm'): Promise<{ id: string; transactionId: string }> {
    const opened = await service.post('/v1/deposits', { walletType, label: player, amount });
    expect(opened.status).toBe(201);
    const transactionId = key1(3);
    expect((await service.post(`/v1/deposits/${opened.body.id}/activation`, { transactionId, amount })).status).toBe(200);
    await eventually(async () => ((await service.get(`/v1/deposits/${opened.body.id}`)).body.status === 'credited' ? true : undefined), 15_000, 'credited');
    await service.settled();
    return { id: opened.body.id, transactionId };
  }

  async function submittedWithdrawal(player: string, amount: string): Promise<string> {
    const created = await service.post('/v1/withdrawals', { walletType: 'easypaisa', label: player, amount, accountNumber: '03123456789', accountName: 'Ali Khan' });
    expect(created.status).toBe(201);
    await eventually(async () => ((await service.get(`/v1/withdrawals/${created.body.id}`)).body.status === 'submitted' ? true : undefined), 15_000, 'submitted');
    return created.body.id;
  }

  async function finished(id: string, status: number, expected: string): Promise<void> {
    expect((await service.sandboxControl('POST', `/withdrawals/${id}/finish`, { status })).status).toBeLessThan(300);
    await eventually(async () => ((await service.get(`/v1/withdrawals/${id}`)).body.status === expected ? true : undefined), 15_000, expected);
    await service.settled();
  }

  describe('audit', () => {
    it("returns a deposit's whole history with who, why, when and where", async () => {
      const { id } = await creditedDeposit(label('audited'), '500');
      const trail = await service.get(`/v1/audit/deposits/${id}/events`, finance);
      expect(trail.status).toBe(200);
      const types = trail.body.events.map((e: { type: string }) => e.type);
      expect(types[0]).toBe('WalletDetailsIssued');
      expect(types).toEqual(expect.arrayContaining(['ActivationSubmitted', 'PostbackReceived', 'DepositCredited']));
      expect(trail.body.streams).toEqual([`deposit-default.${id}`]);
      const [opened] = trail.body.events;
      expect(opened).toMatchObject({ streamId: `deposit-default.${id}`, streamVersion: 0, metadata: { actor: 'platform', tenantId: 'default' } });
      expect(opened.metadata.correlationId).toEqual(expect.any(String));
      expect(opened.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
      const credited = trail.body.events.find((e: { type: string }) => e.type === 'PostbackReceived');
      expect(credited.metadata.actor).toBe('paykassma');
      expect(credited.metadata.correlationId).not.toBe(opened.metadata.correlationId);
      const versions = trail.body.events.map((e: { streamVersion: number }) => e.streamVersion);
      expect(versions).toEqual(versions.map((_: number, i: number) => i));
    });

    it("returns a player's wallet streams, each event naming its stream, and one currency on request", async () => {
      const player = label('multi');
      await creditedDeposit(player, '300');
      await creditedDeposit(player, '200', 'easypaisa');
      const all = await service.get(`/v1/audit/players/${player}/events`, finance);
      expect(all.status).toBe(200);
      expect(all.body.streams.sort()).toEqual([`wallet-default.INR.${player}`, `wallet-default.PKR.${player}`]);
      expect(all.body.events.map((e: { type: string; streamId: string }) => [e.type, e.streamId.split('.')[1]])).toEqual([
        ['FundsCredited', 'INR'],
        ['FundsCredited', 'PKR'],
      ]);
      const inr = await service.get(`/v1/audit/players/${player}/events?currency=INR`, finance);
      expect(inr.body.events).toHaveLength(1);
    });

    it('answers 404 for an unknown stream and 403 without the finance scope', async () => {
      expect((await service.get('/v1/audit/deposits/no-such-deposit/events', finance)).status).toBe(404);
      expect((await service.get('/v1/audit/players/nobody-at-all/events', finance)).status).toBe(404);
      expect((await service.get('/v1/audit/deposits/x/events')).status).toBe(403);
    });
  });

  describe('balances as of a moment', () => {
    it('gives the balance at moments between the credit, the hold and the payout', async () => {
      const player = label('asof');
      const before = new Date().toISOString();
      await creditedDeposit(player, '1000', 'easypaisa');
      const afterCredit = new Date().toISOString();
      const withdrawalId = await submittedWithdrawal(player, '400');
      await service.settled();
      const afterHold = new Date().toISOString();
      await finished(withdrawalId, 1, 'succeeded');
      const afterPayout = new Date().toISOString();
      const asOf = async (moment: string) => (await service.get(`/v1/players/${player}/balances?asOf=${encodeURIComponent(moment)}`, finance)).body.balances;
      expect(await asOf(before)).toEqual([]);
      expect(await asOf(afterCredit)).toEqual([{ currency: 'PKR', available: '1000.00', held: '0.00', total: '1000.00' }]);
      expect(await asOf(afterHold)).toEqual([{ currency: 'PKR', available: '600.00', held: '400.00', total: '1000.00' }]);
      expect(await asOf(afterPayout)).toEqual([{ currency: 'PKR', available: '600.00', held: '0.00', total: '600.00' }]);
      const entries = await service.get(`/v1/players/${player}/entries`, finance);
      expect(entries.body.data.map((e: { eventType: string; amount: string }) => [e.eventType, e.amount])).toEqual([
        ['HeldFundsSettled', '-400.00'],
        ['FundsHeld', '+400.00'],
        ['FundsHeld', '-400.00'],
        ['FundsCredited', '+1000.00'],
      ]);
    });
  });

  describe('settlement report', () => {
    it('reads the same wall-clock window differently in Asia/Manila and in UTC', async () => {
      const player = label('settle');
      const { id } = await creditedDeposit(player, '750.50');
      const credited = (await service.get(`/v1/deposits/${id}`)).body;
      const creditedAt = DateTime.fromISO(credited.creditedAt ?? credited.credit?.at ?? new Date().toISOString());
      const window = (zone: string) => ({
        from: creditedAt.setZone(zone).minus({ minutes: 1 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        to: creditedAt.setZone(zone).plus({ minutes: 1 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      });
      const manila = window('Asia/Manila');
      const inManila = await service.get(`/v1/reports/settlement?from=${manila.from}&to=${manila.to}&tz=Asia/Manila`, finance);
      expect(inManila.status).toBe(200);
      const paytm = inManila.body.lines.find((l: { walletType: string }) => l.walletType === 'paytm');
      expect(paytm.deposits.sum).toMatch(/^\d+\.\d{2}$/);
      expect(BigInt(paytm.deposits.sum.replace('.', ''))).toBeGreaterThanOrEqual(75050n);
      expect(paytm.usd.deposits).toMatch(/^\d+\.\d+$/);
      // The same wall-clock window read as UTC is 8 hours later: nothing was credited then.
      const asUtc = await service.get(`/v1/reports/settlement?from=${manila.from}&to=${manila.to}&tz=UTC`, finance);
      expect(asUtc.body.lines).toEqual([]);
      const csv = await service.get(`/v1/reports/settlement?from=${manila.from}&to=${manila.to}&tz=Asia/Manila&format=csv`, finance);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(String(csv.body)).toContain(`,Asia/Manila,paytm,INR,`);
    });

    it('refuses a bad zone or period with 400 naming the field', async () => {
      const bad = await service.get('/v1/reports/settlement?from=2024-05-01&to=2024-05-02&tz=Mars/Olympus', finance);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'tz' })]);
      expect((await service.get('/v1/reports/settlement?from=2024-05-02&to=2024-05-01', finance)).body.errors[0].field).toBe('to');
    });
  });

  describe('exceptions and reconciliation', () => {
    const planted: Record<string, string> = {};
    let credited: { id: string; transactionId: string };
    let shortPaid: { id: string; transactionId: string };
    let notListed: { id: string };
    let paidOut: string;
    let bounced: string;

    beforeAll(async () => {
      const player = label('exc');
      // Activation 500, the provider pays 450: amount mismatch.
      const pending = await service.post('/v1/deposits', { walletType: 'paytm', label: player, amount: '500' });
      const pendingKey = key1(1);
      await service.post(`/v1/deposits/${pending.body.id}/activation`, { transactionId: pendingKey, amount: '500' });
      expect((await service.sandboxControl('POST', `/deposits/${pending.body.id}/approve`, { amount: '450' })).status).toBeLessThan(300);
      planted.amountMismatch = pending.body.id;
      shortPaid = { id: pending.body.id, transactionId: pendingKey };
      // A postback for an order we never opened.
      const unknownOrder = `plugin-${Date.now()}`;
      expect((await service.sandboxControl('POST', `/deposits/${unknownOrder}/postback`, { walletType: 'paytm', amount: '250', label: player })).status).toBeLessThan(300);
      // Awaiting confirmation for good (possible transaction, never approved).
      const stuck = await service.post('/v1/deposits', { walletType: 'paytm', label: player, amount: '100' });
      planted.stuckKey = key1(2);
      await service.post(`/v1/deposits/${stuck.body.id}/activation`, { transactionId: planted.stuckKey, amount: '100' });
      planted.stuckDeposit = stuck.body.id;
      // Withdrawals: one left without a result, one with an undocumented status, one paid then "failed" (quarantined), one failed.
      await creditedDeposit(player, '5000', 'easypaisa');
      planted.openWithdrawal = await submittedWithdrawal(player, '100');
      planted.oddStatus = await submittedWithdrawal(player, '200');
      await service.sandboxControl('POST', `/withdrawals/${planted.oddStatus}/finish`, { status: 7 });
      paidOut = await submittedWithdrawal(player, '300');
      await finished(paidOut, 1, 'succeeded');
      await service.sandboxControl('POST', `/withdrawals/${paidOut}/finish`, { status: 5 });
      bounced = await submittedWithdrawal(player, '400');
      await finished(bounced, 5, 'failed');
      // A postback whose signature is wrong.
      const forged = await service.request('POST', '/paykassma/postback', { signature: 'f'.repeat(40), access_key: 'x', direction: 'ingoing', additional_data: [] }, { key: null });
      expect(forged.status).toBe(401);
      credited = await creditedDeposit(player, '640');
      notListed = await creditedDeposit(player, '320');
      await eventually(async () => {
        const report = await service.get('/v1/reports/exceptions', finance);
        return report.body.counts.unknown_withdrawal_status >= 1 && report.body.counts.postback_quarantined >= 1 && report.body.counts.unmatched_deposit >= 1 ? true : undefined;
      }, 15_000, 'exceptions projected');
    });

    async function exceptionsAt(offsetMinutes: number) {
      if (offsetMinutes === 0) return (await service.get('/v1/reports/exceptions', finance)).body;
      // Only Date is faked: the service (same process) judges "too long" at a later now, nothing else changes.
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
      jest.setSystemTime(Date.now() + offsetMinutes * 60_000);
      try {
        return (await service.get('/v1/reports/exceptions', finance)).body;
      } finally {
        jest.useRealTimers();
      }
    }

    it('reports every category, each event-raised line linking to its stream', async () => {
      const report = await exceptionsAt(0);
      const of = (category: string) => report.items.filter((i: { category: string }) => i.category === category);
      expect(of('amount_mismatch')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ reference: planted.amountMismatch, stream: `deposit-default.${planted.amountMismatch}`, amount: '450.00', links: expect.objectContaining({ audit: `/v1/audit/deposits/${planted.amountMismatch}/events` }) }),
        ]),
      );
      expect(of('unmatched_deposit')[0]).toMatchObject({ stream: expect.stringMatching(/^suspense-default\./), amount: '250.00', links: expect.objectContaining({ assign: expect.stringMatching(/^\/v1\/suspense\/.+\/assign$/) }) });
      expect(of('unknown_withdrawal_status')[0]).toMatchObject({ reference: planted.oddStatus, walletType: 'easypaisa', detail: expect.objectContaining({ providerStatus: 7 }) });
      expect(of('postback_quarantined')).toEqual([expect.objectContaining({ reference: paidOut, stream: `withdrawal-default.${paidOut}`, links: expect.objectContaining({ audit: `/v1/audit/withdrawals/${paidOut}/events` }) })]);
      expect(of('rejected_signature')).toEqual([expect.objectContaining({ stream: null, detail: expect.objectContaining({ inboxId: expect.any(String) }) })]);
      // Not yet too long.
      expect(report.counts.deposit_awaiting_confirmation).toBe(0);
      expect(report.counts.withdrawal_without_result).toBe(0);
    });

    it('reports waits longer than the thresholds once they are longer', async () => {
      const sixMinutesOn = await exceptionsAt(6);
      expect(sixMinutesOn.items.filter((i: { category: string }) => i.category === 'deposit_awaiting_confirmation').map((i: { reference: string }) => i.reference)).toEqual([planted.stuckDeposit]);
      expect(sixMinutesOn.counts.withdrawal_without_result).toBe(0);
      const elevenMinutesOn = await exceptionsAt(11);
      // The one with an undocumented status 7 has no result either: that status moved nothing.
      expect(elevenMinutesOn.items.filter((i: { category: string }) => i.category === 'withdrawal_without_result')).toEqual([
        expect.objectContaining({ reference: planted.openWithdrawal, stream: `withdrawal-default.${planted.openWithdrawal}`, amount: '100.00', walletType: 'easypaisa' }),
        expect.objectContaining({ reference: planted.oddStatus, amount: '200.00' }),
      ]);
    });

    it('imports a statement with one discrepancy of each kind, matches nothing falsely, and the same file twice changes nothing', async () => {
      const manila = DateTime.now().setZone('Asia/Manila').toFormat('yyyy-MM-dd HH:mm:ss');
      const csv = [
        'direction,wallet_type,transaction_id,withdrawal_id,amount,currency,status,datetime',
        `ingoing,paytm,${credited.transactionId},,640.00,INR,success,${manila}`, // 2 matched
        `ingoing,paytm,${shortPaid.transactionId},,500,INR,success,${manila}`, // 3 amount: ledger credited 450
        `ingoing,paytm,${planted.stuckKey},,100,INR,success,${manila}`, // 4 status: ledger awaiting confirmation
        `ingoing,paytm,59999999993,,75,INR,success,${manila}`, // 5 missing in the ledger
        `outgoing,easypaisa,,${paidOut},300,PKR,1,${manila}`, // 6 matched
        `outgoing,easypaisa,,${bounced},400,PKR,fail,${manila}`, // 7 matched
        `outgoing,easypaisa,,${planted.openWithdrawal},100,PKR,1,${manila}`, // 8 status: ledger submitted
        `ingoing,paytm,${credited.transactionId}9,,abc,INR,success,${manila}`, // 9 malformed
      ].join('\n');
      const form = (): FormData => {
        const body = new FormData();
        body.set('file', new Blob([csv], { type: 'text/csv' }), 'statement.csv');
        return body;
      };
      const first = await service.post('/v1/reconciliation/statements', form(), finance);
      expect(first.status).toBe(201);
      const result = first.body;
      expect(result.matched.map((m: { line: number }) => m.line)).toEqual([2, 6, 7]);
      expect(result.amountMismatches.map((m: { line: number; ledger: { amount: string } }) => [m.line, m.ledger.amount])).toEqual([[3, '450.00']]);
      expect(result.statusMismatches.map((m: { line: number; ledger: { status: string } }) => [m.line, m.ledger.status])).toEqual([
        [4, 'awaiting_confirmation'],
        [8, 'submitted'],
      ]);
      expect(result.missingInLedger.map((m: { line: number }) => m.line)).toEqual([5]);
      expect(result.malformed).toEqual([{ line: 9, message: expect.stringContaining('not a decimal') }]);
      const missingAtProvider = result.missingAtProvider.map((m: { ledger: { id: string } }) => m.ledger.id);
      expect(missingAtProvider).toContain(notListed.id);
      for (const listed of [credited.id, shortPaid.id, paidOut, bounced]) expect(missingAtProvider).not.toContain(listed);

      const again = await service.post('/v1/reconciliation/statements', form(), finance);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...result, replayed: true });
      const dir = mkdtempSync(join(tmpdir(), 'statement-'));
      writeFileSync(join(dir, 'statement.csv'), csv);
      const fromCli = await service.withCli((cli) => cli.get(ImportStatementCommand).run(join(dir, 'statement.csv'), {}, quiet));
      expect(fromCli.result).toEqual({ ...result, replayed: true });
      const stored: { n: number }[] = await service.dataSource.query('SELECT count(*)::int AS n FROM statement_imports');
      expect(stored).toEqual([{ n: 1 }]);
    });

    it('verify finds nothing, then catches a balance changed behind its back; /ready and the exceptions report show it', async () => {
      await service.settled();
      const clean = await service.withCli((cli) => cli.get(VerifyCommand).run({}, quiet));
      expect(clean.exitCode).toBe(0);
      await service.dataSource.query(`UPDATE wallet_balances SET available_minor = available_minor + 1 WHERE label = (SELECT label FROM wallet_balances ORDER BY label LIMIT 1)`);
      const drifted = await service.withCli((cli) => cli.get(VerifyCommand).run({}, quiet));
      expect(drifted.exitCode).toBe(1);
      expect(drifted.result.runs.map((run) => [run.merchant, run.driftedTables])).toEqual([['default', ['wallet_balances']]]);
      expect(lines.join('\n')).toContain('DRIFT at default in wallet_balances');
      const report = await exceptionsAt(0);
      expect(report.items.filter((i: { category: string }) => i.category === 'ledger_drift')).toEqual([
        expect.objectContaining({ reference: drifted.result.runs[0].id, detail: expect.objectContaining({ driftedTables: ['wallet_balances'] }) }),
      ]);
      const ready = await service.get('/ready', { key: null });
      expect(ready.body.checks.ledgerVerify).toMatchObject({ lastRun: { id: drifted.result.runs[0].id, ok: false } });
      // The repair: rebuild the read model from the events, then verify agrees again.
      await service.server.app.get(ProjectionRunner).rebuild('read-model.wallet-balances', { timeoutMs: 20_000 });
      expect((await service.withCli((cli) => cli.get(VerifyCommand).run({}, quiet))).exitCode).toBe(0);
    });
  });
});
