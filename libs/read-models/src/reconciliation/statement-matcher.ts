import { formatMinor } from '@kassa/ledger';
import type { LedgerDepositItem, LedgerSide, LedgerWithdrawalItem } from './ledger-items';
import type { AmountMismatch, LedgerRef, LineRef, MatchedLine, MissingAtProvider, StatusMismatch } from './reconciliation-result';
import type { StatementLine } from './statement-line';

export interface MatchOutcome {
  readonly matched: MatchedLine[];
  readonly missingInLedger: LineRef[];
  readonly missingAtProvider: MissingAtProvider[];
  readonly amountMismatches: AmountMismatch[];
  readonly statusMismatches: StatusMismatch[];
}

export type LinesOutcome = Omit<MatchOutcome, 'missingAtProvider'> & {
  /** The streams of the ledger items the lines named: those are not missing at the provider. */
  readonly namedStreams: string[];
};

/**
 * Pure: each line against the ledger item it names. A line is matched only when the item exists and
 * amount, currency and status all agree; otherwise it lands in every list it fails (amount and
 * status can both differ). Ledger items of the period that no line names are missing at the provider.
 *
 * Deposits are named by (wallet type, provider transaction id): the credited postback's, else the
 * player's submitted key1 (found, but not credited: a status mismatch). Withdrawals by
 * (wallet type, withdrawal id); status 1 ↔ succeeded, 5 ↔ failed.
 */
export function matchStatement(lines: readonly StatementLine[], ledger: LedgerSide): MatchOutcome {
  const { namedStreams, ...outcome } = matchLines(lines, ledger);
  return { ...outcome, missingAtProvider: missingAtProvider(ledger, new Set(namedStreams)) };
}

/** The lines' half of the matching: needs only the ledger items the lines name (one batch at a time). */
export function matchLines(lines: readonly StatementLine[], ledger: Pick<LedgerSide, 'depositsByLine' | 'withdrawalsByLine'>): LinesOutcome {
  const deposits = indexDeposits(ledger.depositsByLine);
  const withdrawals = new Map(ledger.withdrawalsByLine.map((w) => [`${w.walletType}|${w.withdrawalId}`, w]));
  const outcome: LinesOutcome = { matched: [], missingInLedger: [], amountMismatches: [], statusMismatches: [], namedStreams: [] };

  for (const line of lines) {
    const key = `${line.walletType}|${line.reference}`;
    const item = line.direction === 'ingoing' ? deposits.get(key) : withdrawals.get(key);
    if (item === undefined) {
      outcome.missingInLedger.push(lineRef(line));
      continue;
    }
    outcome.namedStreams.push(item.streamId);
    const ledgerRef = 'depositId' in item ? depositRef(item) : withdrawalRef(item);
    const amountAgrees = item.amountMinor === line.amountMinor && item.currency === line.currency;
    const statusAgrees = ledgerStatusOf(item) === line.status;
    if (!amountAgrees) outcome.amountMismatches.push({ ...lineRef(line), ledger: ledgerRef });
    if (!statusAgrees) outcome.statusMismatches.push({ ...lineRef(line), ledger: ledgerRef });
    if (amountAgrees && statusAgrees) outcome.matched.push({ ...lineRef(line), ledger: ledgerRef });
  }
  return outcome;
}

/** The period's half: ledger items of the statement's period that no line named (one page at a time). */
export function missingAtProvider(items: Pick<LedgerSide, 'depositsInPeriod' | 'withdrawalsInPeriod'>, named: ReadonlySet<string>): MissingAtProvider[] {
  const missing: MissingAtProvider[] = [];
  for (const deposit of items.depositsInPeriod) {
    if (!named.has(deposit.streamId)) {
      missing.push({ direction: 'ingoing', walletType: deposit.walletType, reference: deposit.transactionId, at: deposit.at, ledger: depositRef(deposit) });
    }
  }
  for (const withdrawal of items.withdrawalsInPeriod) {
    if (!named.has(withdrawal.streamId)) {
      missing.push({ direction: 'outgoing', walletType: withdrawal.walletType, reference: withdrawal.withdrawalId, at: withdrawal.at, ledger: withdrawalRef(withdrawal) });
    }
  }
  return missing;
}

/** Money the ledger received: a credited deposit, or a suspense item (received for no order of ours). */
const RECEIVED = new Set(['credited', 'in_suspense']);

/** Money received wins over a deposit that only submitted the same key1 (a rejected or retried activation). */
function indexDeposits(items: readonly LedgerDepositItem[]): Map<string, LedgerDepositItem> {
  const byKey = new Map<string, LedgerDepositItem>();
  for (const item of items) {
    if (item.transactionId === null) continue;
    const key = `${item.walletType}|${item.transactionId}`;
    const present = byKey.get(key);
    if (present === undefined || (!RECEIVED.has(present.status) && RECEIVED.has(item.status))) byKey.set(key, item);
  }
  return byKey;
}

/** What the provider's status would be for the ledger's: only final outcomes have one. */
function ledgerStatusOf(item: LedgerDepositItem | LedgerWithdrawalItem): 'success' | 'fail' | string {
  if ('depositId' in item) return RECEIVED.has(item.status) ? 'success' : item.status;
  if (item.status === 'succeeded') return 'success';
  if (item.status === 'failed') return 'fail';
  return item.status;
}

function lineRef(line: StatementLine): LineRef {
  return {
    line: line.line,
    direction: line.direction,
    walletType: line.walletType,
    reference: line.reference,
    amount: formatMinor(line.amountMinor, line.currency),
    currency: line.currency,
    status: line.status,
    providerDatetime: line.providerDatetime,
  };
}

function depositRef(item: LedgerDepositItem): LedgerRef {
  return {
    id: item.depositId,
    stream: item.streamId,
    status: item.status,
    amount: item.amountMinor === null ? null : formatMinor(item.amountMinor, item.currency),
    currency: item.currency,
    audit: `/v1/audit/deposits/${encodeURIComponent(item.depositId)}/events`,
  };
}

function withdrawalRef(item: LedgerWithdrawalItem): LedgerRef {
  return {
    id: item.withdrawalId,
    stream: item.streamId,
    status: item.status,
    amount: formatMinor(item.amountMinor, item.currency),
    currency: item.currency,
    audit: `/v1/audit/withdrawals/${encodeURIComponent(item.withdrawalId)}/events`,
  };
}
