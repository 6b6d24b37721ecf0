import type { MigrationInterface } from 'typeorm';
import { CreateWalletBalances1760002000300 } from './balances/wallet-balances.migration';
import { CreateDeposits1760002000100 } from './deposits/deposits.migration';
import { CreateLedgerExceptions1760002000500 } from './exceptions/ledger-exceptions.migration';
import { CreatePostbackInbox1760002000600 } from './inbox/postback-inbox.migration';
import { CreateLedgerEntries1760002000400 } from './journal/ledger-entries.migration';
import { CreateWithdrawals1760002000200 } from './withdrawals/withdrawals.migration';
import { AddWithdrawalParking1760007100200 } from './withdrawals/withdrawals-parked.migration';
import { LedgerExceptionsOptionalCurrency1760007100300 } from './exceptions/ledger-exceptions-currency.migration';
import { CreateWebhookEvents1760008100000 } from './webhook-events/webhook-events.migration';
import { LedgerEntriesSuspenseAccount1760008300100 } from './journal/ledger-entries-suspense.migration';
import { CreateSuspenseItems1760008300200 } from './suspense/suspense-items.migration';

/** Pass to openDatabase(url, migrations) after the event store's and the subscriptions' migrations. */
export const READ_MODEL_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  CreateDeposits1760002000100,
  CreateWithdrawals1760002000200,
  CreateWalletBalances1760002000300,
  CreateLedgerEntries1760002000400,
  CreateLedgerExceptions1760002000500,
  CreatePostbackInbox1760002000600,
  AddWithdrawalParking1760007100200,
  LedgerExceptionsOptionalCurrency1760007100300,
  CreateWebhookEvents1760008100000,
  LedgerEntriesSuspenseAccount1760008300100,
  CreateSuspenseItems1760008300200,
];
