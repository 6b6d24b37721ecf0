import type { WithdrawalStatus } from '@kassa/ledger';
import { getById, listByCreatedAt } from '../shared/list-by-created-at';
import type { Page, PageRequest } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import { WITHDRAWAL_COLUMNS, type WithdrawalRow } from './withdrawal-row';
import { toWithdrawalView, type WithdrawalView } from './withdrawal.view';

export interface WithdrawalFilter {
  readonly label?: string;
  readonly status?: WithdrawalStatus;
}

/** `GET /v1/withdrawals/{id}` and `GET /v1/withdrawals?label=&status=`, newest first. Always per tenant. */
export class WithdrawalQueries {
  constructor(private readonly sql: SqlRunner) {}

  async get(tenantId: string, withdrawalId: string): Promise<WithdrawalView | null> {
    const row = await getById<WithdrawalRow>(this.sql, 'withdrawals', WITHDRAWAL_COLUMNS, tenantId, withdrawalId);
    return row === null ? null : toWithdrawalView(row);
  }

  async list(tenantId: string, filter: WithdrawalFilter = {}, page: PageRequest = {}): Promise<Page<WithdrawalView>> {
    return listByCreatedAt<WithdrawalRow, WithdrawalView>(
      this.sql,
      { table: 'withdrawals', columns: WITHDRAWAL_COLUMNS, tenantId, filters: { label: filter.label, status: filter.status }, page },
      toWithdrawalView,
    );
  }
}
