import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { loadState } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings } from '../application/ledger-context';
import { formatMinor, knownCurrencies, walletStreamId } from '@kassa/kernel';
import { walletDecider } from './wallet.decider';

/** `GET /v1/players/{label}/balances` without asOf. */
export class GetCurrentBalancesQuery {
  constructor(readonly label: string) {}
}

export interface CurrentBalances {
  readonly label: string;
  /** When the balances were read (ISO-8601 UTC). */
  readonly asOf: string;
  /** One line per currency the player has a wallet in, by currency. */
  readonly balances: { currency: string; available: string; held: string; total: string }[];
}

/**
 * A player's balances from the wallet streams themselves, not from a projection: every answer that
 * announced a wallet change (a postback's ack, a withdrawal's 201) came after the change was
 * committed, so a read that follows it sees it. Each wallet's folded state is remembered by the
 * process and brought up to date with the events after its version (usually none: one short read
 * per currency), so the answer is current as of the read.
 */
@QueryHandler(GetCurrentBalancesQuery)
export class GetCurrentBalancesHandler implements IQueryHandler<GetCurrentBalancesQuery, CurrentBalances> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  async execute({ label }: GetCurrentBalancesQuery): Promise<CurrentBalances> {
    const asOf = this.clock.now().toISOString();
    const tenantId = this.settings.tenantId;
    const wallets = await Promise.all(knownCurrencies().map((currency) => loadState(this.store, walletDecider, walletStreamId({ tenantId, label, currency }))));
    const balances = wallets.flatMap(({ state }) => {
      if (state.status !== 'open') return [];
      const { currency, availableMinor, heldMinor } = state;
      return [{ currency, available: formatMinor(availableMinor, currency), held: formatMinor(heldMinor, currency), total: formatMinor(availableMinor + heldMinor, currency) }];
    });
    balances.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
    return { label, asOf, balances };
  }
}
