// Read models: migrations, projections (kept by the event store's ProjectionRunner) and queries.

export { READ_MODEL_MIGRATIONS } from './migrations';
export { READ_MODEL_PROJECTIONS } from './projections';

// shared/
export type { SqlRunner } from './shared/sql-runner';
export { hasUnsafeText } from './shared/safe-text';
export { isCalendarDateTime, MAX_YEAR, MIN_YEAR, parseOffsetInstant } from './shared/calendar';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, InvalidPageRequestError, type Page, type PageRequest } from './shared/page';

// deposits/
export { CreateDeposits1760002000100 } from './deposits/deposits.migration';
export { DEPOSITS_PROJECTION_NAME, depositsProjection } from './deposits/deposits.projection';
export { depositViewFromEvents, loadDepositView } from './deposits/deposit-from-events';
export { DepositQueries, type DepositFilter } from './deposits/deposits.query';
export type { DepositView } from './deposits/deposit.view';

// withdrawals/
export { CreateWithdrawals1760002000200 } from './withdrawals/withdrawals.migration';
export { WITHDRAWALS_PROJECTION_NAME, withdrawalsProjection } from './withdrawals/withdrawals.projection';
export { loadWithdrawalView, withdrawalViewFromEvents } from './withdrawals/withdrawal-from-events';
export { WithdrawalQueries, type WithdrawalFilter } from './withdrawals/withdrawals.query';
export type { WithdrawalView } from './withdrawals/withdrawal.view';

// balances/
export { CreateWalletBalances1760002000300 } from './balances/wallet-balances.migration';
export { WALLET_BALANCES_PROJECTION_NAME, walletBalancesProjection } from './balances/wallet-balances.projection';
export { BalanceQueries } from './balances/balances.query';
export type { BalanceLine, PlayerBalances } from './balances/balances.view';

// journal/
export { CreateLedgerEntries1760002000400 } from './journal/ledger-entries.migration';
export { JOURNAL_PROJECTION_NAME, journalProjection } from './journal/journal.projection';
export { EntryQueries, type EntryFilter } from './journal/entries.query';
export type { LedgerEntryView } from './journal/ledger-entry.view';
export type { AccountKind } from './journal/ledger-entry-row';

// exceptions/
export { CreateLedgerExceptions1760002000500 } from './exceptions/ledger-exceptions.migration';
export { EXCEPTIONS_PROJECTION_NAME, exceptionsProjection } from './exceptions/exceptions.projection';
export type { ExceptionDetail, ExceptionKind } from './exceptions/ledger-exception-row';

// suspense/
export { CreateSuspenseItems1760008300200 } from './suspense/suspense-items.migration';
export { SUSPENSE_ITEMS_PROJECTION_NAME, suspenseItemsProjection } from './suspense/suspense-items.projection';
export { suspenseItemViewFromEvents } from './suspense/suspense-item-from-events';
export { SuspenseItemQueries } from './suspense/suspense-items.query';
export { SUSPENSE_ITEM_STATUSES, type SuspenseItemStatus } from './suspense/suspense-item-row';
export type { SuspenseItemView } from './suspense/suspense-item.view';

// inbox/: not a projection, written by the postback endpoint
export { CreatePostbackInbox1760002000600 } from './inbox/postback-inbox.migration';
export { PostbackInboxRepository, type InboxFilter, type ProcessedInboxEntry } from './inbox/postback-inbox.repository';
export type { InboxEntry, NewInboxEntry, OutcomeDetail, PostbackOutcome } from './inbox/postback-inbox.entry';

// webhook-events/: the webhook events of every merchant (issue 14), written once each by one projection
export { CreateWebhookEvents1760008100000 } from './webhook-events/webhook-events.migration';
export { WEBHOOK_EVENTS_PROJECTION_NAME, webhookEventsProjection } from './webhook-events/webhook-events.projection';
export { webhookEventId, type StoredWebhookEvent, type WebhookEventPayload } from './webhook-events/webhook-event';
export {
  lastWebhookEventSeq,
  readWebhookEventsAfter,
  UnknownFeedCursorError,
  WebhookEventQueries,
  type WebhookFeedPage,
  type WebhookFeedRequest,
} from './webhook-events/webhook-events.query';

// finance: audit trail, reports, statement reconciliation, verify
export * from './finance';

// Webhooks: the merchants' endpoints (rows written by the ledger's webhook-endpoint commands).
export { WebhookEndpointQueries } from './webhooks/webhook-endpoints.query';
export type { WebhookEndpointView } from './webhooks/webhook-endpoint.view';
export { WebhookDeliveryQueries } from './webhooks/webhook-deliveries.query';
export type { WebhookAttemptView, WebhookDeliveryView } from './webhooks/webhook-delivery.view';
