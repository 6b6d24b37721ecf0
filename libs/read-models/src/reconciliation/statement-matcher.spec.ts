import type { LedgerDepositItem, LedgerSide, LedgerWithdrawalItem } from './ledger-items';
import { matchStatement } from './statement-matcher';
import type { StatementLine } from './statement-line';

function line(n: number, direction: 'ingoing' | 'outgoing', reference: string, amountMinor: bigint, status: 'success' | 'fail' = 'success', walletType = 'paytm'): StatementLine {
  return { line: n, direction, walletType, reference, amountMinor, currency: 'INR', status, providerDatetime: '2024-05-02 10:00:00', atUtc: '2024-05-02T02:00:00.000Z' };
}

function deposit(id: string, transactionId: string, amountMinor: bigint, status = 'credited'): LedgerDepositItem {
  return { depositId: id, streamId: `deposit-t.${id}`, status, walletType: 'paytm', transactionId, currency: 'INR', amountMinor, at: status === 'credited' ? '2024-05-02T02:00:00.000Z' : null };
}

function withdrawal(id: string, amountMinor: bigint, status: string): LedgerWithdrawalItem {
  return { withdrawalId: id, streamId: `withdrawal-t.${id}`, status, walletType: 'paytm', currency: 'INR', amountMinor, at: '2024-05-02T03:00:00.000Z' };
}

describe('Statement matcher', () => {
  const ok = deposit('d-ok', '100000000001', 50000n);
  const short = deposit('d-short', '100000000002', 50000n);
  const waiting = deposit('d-wait', '100000000003', 50000n, 'awaiting_confirmation');
  const silent = deposit('d-silent', '100000000004', 70000n);
  const paid = withdrawal('w-paid', 40000n, 'succeeded');
  const stillOpen = withdrawal('w-open', 40000n, 'submitted');
  const failed = withdrawal('w-failed', 40000n, 'failed');
  const silentW = withdrawal('w-silent', 10000n, 'succeeded');
  const ledger: LedgerSide = {
    depositsByLine: [ok, short, waiting],
    withdrawalsByLine: [paid, stillOpen, failed],
    depositsInPeriod: [ok, short, silent],
    withdrawalsInPeriod: [paid, failed, silentW],
  };
  const outcome = matchStatement(
    [
      line(2, 'ingoing', '100000000001', 50000n),
      line(3, 'ingoing', '100000000002', 45000n),
      line(4, 'ingoing', '100000000003', 50000n),
      line(5, 'ingoing', '999999999999', 10000n),
      line(6, 'outgoing', 'w-paid', 40000n, 'success'),
      line(7, 'outgoing', 'w-open', 40000n, 'success'),
      line(8, 'outgoing', 'w-failed', 40000n, 'success'),
      line(9, 'outgoing', 'w-unknown', 40000n, 'fail'),
      line(10, 'outgoing', 'w-paid', 40000n, 'success', 'easypaisa'),
    ],
    ledger,
  );

  it('matches only lines whose item agrees on amount, currency and status', () => {
    expect(outcome.matched.map((m) => [m.line, m.ledger.id])).toEqual([
      [2, 'd-ok'],
      [6, 'w-paid'],
    ]);
  });

  it('reports amount and status differences, each line in every list it fails', () => {
    expect(outcome.amountMismatches.map((m) => [m.line, m.amount, m.ledger.amount])).toEqual([[3, '450.00', '500.00']]);
    expect(outcome.statusMismatches.map((m) => [m.line, m.status, m.ledger.status])).toEqual([
      [4, 'success', 'awaiting_confirmation'],
      [7, 'success', 'submitted'],
      [8, 'success', 'failed'],
    ]);
  });

  it('reports lines the ledger does not know, including a known id under another wallet type', () => {
    expect(outcome.missingInLedger.map((m) => m.line)).toEqual([5, 9, 10]);
  });

  it('reports ledger items of the period that no line names', () => {
    expect(outcome.missingAtProvider.map((m) => [m.direction, m.ledger.id, m.ledger.audit])).toEqual([
      ['ingoing', 'd-silent', '/v1/audit/deposits/d-silent/events'],
      ['outgoing', 'w-silent', '/v1/audit/withdrawals/w-silent/events'],
    ]);
  });
});
