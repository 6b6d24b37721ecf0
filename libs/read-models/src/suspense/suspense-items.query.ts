import { listByCreatedAt } from '../shared/list-by-created-at';
import type { Page, PageRequest } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import { SUSPENSE_ITEM_COLUMNS, type SuspenseItemRow, type SuspenseItemStatus } from './suspense-item-row';
import { toSuspenseItemView, type SuspenseItemView } from './suspense-item.view';

/** `GET /v1/suspense?status=`, newest credit first. Always per merchant. */
export class SuspenseItemQueries {
  constructor(private readonly sql: SqlRunner) {}

  list(tenantId: string, filter: { status?: SuspenseItemStatus } = {}, page: PageRequest = {}): Promise<Page<SuspenseItemView>> {
    return listByCreatedAt<SuspenseItemRow, SuspenseItemView>(
      this.sql,
      { table: 'suspense_items', columns: SUSPENSE_ITEM_COLUMNS, tenantId, filters: { status: filter.status }, page },
      toSuspenseItemView,
    );
  }
}
