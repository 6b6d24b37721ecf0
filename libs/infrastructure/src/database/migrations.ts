import { POSTGRES_EVENT_STORE_MIGRATIONS, SUBSCRIPTION_MIGRATIONS } from '@kassa/event-store';
import { CreateWebhookDeliveries1760008200200, CreateWebhookEndpoints1760008200100, WITHDRAWAL_SUBMISSION_MIGRATIONS } from '@kassa/ledger';
import { CreateIdempotencyTable1760001000000, type MigrationClass } from '@kassa/platform';
import { FINANCE_MIGRATIONS, READ_MODEL_MIGRATIONS } from '@kassa/read-models';

/** Every migration of every library; TypeORM runs them in the order of their timestamps. */
export const ALL_MIGRATIONS: readonly MigrationClass[] = [
  ...POSTGRES_EVENT_STORE_MIGRATIONS,
  ...SUBSCRIPTION_MIGRATIONS,
  CreateIdempotencyTable1760001000000,
  ...READ_MODEL_MIGRATIONS,
  ...FINANCE_MIGRATIONS,
  ...WITHDRAWAL_SUBMISSION_MIGRATIONS,
  CreateWebhookEndpoints1760008200100,
  CreateWebhookDeliveries1760008200200,
];
