import type { DepositStatus } from '@kassa/ledger';
import { getById, listByCreatedAt } from '../shared/list-by-created-at';
import type { Page, PageRequest } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import { DEPOSIT_COLUMNS, type DepositRow } from './deposit-row';
import { toDepositView, type DepositView } from './deposit.view';

export interface DepositFilter {
  readonly label?: string;
  readonly status?: DepositStatus;
}

/** `GET /v1/deposits/{id}` and `GET /v1/deposits?label=&status=`, newest first. Always per tenant. */
export class DepositQueries {
  constructor(private readonly sql: SqlRunner) {}

  async get(tenantId: string, depositId: string): Promise<DepositView | null> {
    const row = await getById<DepositRow>(this.sql, 'deposits', DEPOSIT_COLUMNS, tenantId, depositId);
    return row === null ? null : toDepositView(row);
  }

  async list(tenantId: string, filter: DepositFilter = {}, page: PageRequest = {}): Promise<Page<DepositView>> {
    return listByCreatedAt<DepositRow, DepositView>(
      this.sql,
      { table: 'deposits', columns: DEPOSIT_COLUMNS, tenantId, filters: { label: filter.label, status: filter.status }, page },
      toDepositView,
    );
  }
}
