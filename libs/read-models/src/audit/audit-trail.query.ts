import { comparePositions, type EventStore, type RecordedEvent } from '@kassa/event-store';
import { depositStreamId, readWholeStream, suspenseStreamId, walletStreamId, withdrawalStreamId } from '@kassa/ledger';
import type { SqlRunner } from '../shared/sql-runner';
import { toAuditEventView, type AuditTrail } from './audit-event.view';

/**
 * Audit reads the event store itself, never a read model: it is the history the read models are
 * derived from. A player's history is their wallet stream in each currency; the currencies are the
 * catalogue's plus any a read model has seen (so a currency dropped from the catalogue still shows).
 */
export class AuditTrailQueries {
  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlRunner,
    /** Every currency of the wallet catalogue. */
    private readonly catalogueCurrencies: readonly string[],
  ) {}

  /** Null when the stream does not exist. */
  async deposit(tenantId: string, depositId: string): Promise<AuditTrail | null> {
    return this.single(depositStreamId(tenantId, depositId));
  }

  async withdrawal(tenantId: string, withdrawalId: string): Promise<AuditTrail | null> {
    return this.single(withdrawalStreamId(tenantId, withdrawalId));
  }

  async suspenseItem(tenantId: string, itemId: string): Promise<AuditTrail | null> {
    return this.single(suspenseStreamId(tenantId, itemId));
  }

  /** All wallet streams of the player (or the one in `currency`), merged in store order; null when there is none. */
  async player(tenantId: string, label: string, currency?: string): Promise<AuditTrail | null> {
    const currencies = currency !== undefined ? [currency] : await this.currenciesOf(tenantId, label);
    const streams = currencies.map((c) => walletStreamId({ tenantId, label, currency: c }));
    const perStream = await Promise.all(streams.map((streamId) => readWholeStream(this.store, streamId)));
    const found = streams.filter((_, i) => perStream[i].length > 0);
    if (found.length === 0) return null;
    const events = perStream.flat().sort(byPosition);
    return { streams: found, events: events.map(toAuditEventView) };
  }

  private async single(streamId: string): Promise<AuditTrail | null> {
    const events = await readWholeStream(this.store, streamId);
    return events.length === 0 ? null : { streams: [streamId], events: events.map(toAuditEventView) };
  }

  private async currenciesOf(tenantId: string, label: string): Promise<string[]> {
    const rows = await this.sql.query<{ currency: string }[]>('SELECT DISTINCT currency FROM wallet_balances WHERE tenant_id = $1 AND label = $2', [tenantId, label]);
    return [...new Set([...this.catalogueCurrencies, ...rows.map((row) => row.currency)])].sort();
  }
}

function byPosition(a: RecordedEvent, b: RecordedEvent): number {
  return comparePositions(a.position, b.position);
}
