import { ISO_UTC_MICROS_FORMAT } from '../shared/column-types';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { pageLimit, toPage, type Page, type PageRequest } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import { toLedgerEntryView, type LedgerEntryView, type PlayerEntryRow } from './ledger-entry.view';

export interface EntryFilter {
  readonly currency?: string;
}

/**
 * Newest first by (at, stream_id, stream_version, account): the natural key, so a cursor stays valid
 * across a rebuild (surrogate ids may not), and postings of one moment keep their stream order.
 */
export class EntryQueries {
  constructor(private readonly sql: SqlRunner) {}

  async list(tenantId: string, label: string, filter: EntryFilter = {}, page: PageRequest = {}): Promise<Page<LedgerEntryView>> {
    const limit = pageLimit(page.limit);
    const parameters: unknown[] = [tenantId, label];
    const conditions = ['tenant_id = $1', 'label = $2'];
    if (filter.currency !== undefined) {
      parameters.push(filter.currency);
      conditions.push(`currency = $${parameters.length}`);
    }
    if (page.cursor !== undefined && page.cursor !== null) {
      const key = decodeCursor(page.cursor, ['timestamp', 'string', 'integer', 'string']);
      const first = parameters.length + 1;
      parameters.push(...key);
      conditions.push(`(at, stream_id, stream_version, account) < ($${first}::timestamptz, $${first + 1}::text, $${first + 2}::integer, $${first + 3}::text)`);
    }
    parameters.push(limit + 1);
    const rows = await this.sql.query<PlayerEntryRow[]>(
      `SELECT entry_id, account, account_kind, currency, amount_minor::text AS amount_minor, event_type, reference, wallet_type,
              to_char(at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS at, stream_id, stream_version
       FROM ledger_entries -- ORDER BY qualifies "at": the output column of that name is text
       WHERE ${conditions.join(' AND ')}
       ORDER BY ledger_entries.at DESC, stream_id DESC, stream_version DESC, account DESC
       LIMIT $${parameters.length}`,
      parameters,
    );
    return toPage(rows, limit, toLedgerEntryView, (row) => encodeCursor([row.at, row.stream_id, row.stream_version, row.account]));
  }
}
