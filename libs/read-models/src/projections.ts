import { walletBalancesProjection } from './balances/wallet-balances.projection';
import { depositsProjection } from './deposits/deposits.projection';
import { exceptionsProjection } from './exceptions/exceptions.projection';
import { journalProjection } from './journal/journal.projection';
import type { Projection } from './shared/projection';
import { suspenseItemsProjection } from './suspense/suspense-items.projection';
import { webhookEventsProjection } from './webhook-events/webhook-events.projection';
import { withdrawalsProjection } from './withdrawals/withdrawals.projection';

/** Every read model kept from events; hand them to one ProjectionRunner. (postback_inbox is not one.) */
export const READ_MODEL_PROJECTIONS: readonly Projection[] = [
  depositsProjection,
  withdrawalsProjection,
  walletBalancesProjection,
  journalProjection,
  exceptionsProjection,
  suspenseItemsProjection,
  webhookEventsProjection,
];
