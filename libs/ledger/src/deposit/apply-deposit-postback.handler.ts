import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { CLOCK, type Clock, EVENT_STORE, MERCHANTS, type MerchantDirectory, type RequestContext } from '../application/ledger-context';
import { commitRecording, inOneUnit, type OutcomeRecorder } from '../application/unit-of-work';
import { decideDepositPostback, type DepositPostbackResult, type VerifiedDepositRecord } from './apply-deposit-postback';

/** The signed deposit records of one ingoing postback, and what records its outcome (the inbox row). */
export class ApplyDepositPostbackCommand {
  constructor(
    readonly records: readonly VerifiedDepositRecord[],
    readonly context: RequestContext,
    readonly recorder?: OutcomeRecorder<readonly DepositPostbackResult[]>,
  ) {}
}

/**
 * Applies a deposit postback: for each record the claim, the deposit's events and the wallet's
 * credit (or, for an order we never opened, the merchant's suspense item), committed with the recorder's row in one transaction on PostgreSQL (one commit per
 * postback); on EventStoreDB the streams one by one in that order, then the row. Resolves after the
 * commit, so the caller may acknowledge: every credited deposit is in its player's balance by then.
 */
@CommandHandler(ApplyDepositPostbackCommand)
export class ApplyDepositPostbackHandler implements ICommandHandler<ApplyDepositPostbackCommand, DepositPostbackResult[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MERCHANTS) private readonly merchants: MerchantDirectory,
  ) {}

  execute({ records, context, recorder }: ApplyDepositPostbackCommand): Promise<DepositPostbackResult[]> {
    const { tenantId, unmatchedCredits } = this.merchants.get(context.merchantId).settings;
    const deps = { store: this.store, clock: this.clock, tenantId, unmatchedCredits };
    return inOneUnit(
      this.store,
      async (unit) => {
        const results: DepositPostbackResult[] = [];
        for (const record of records) results.push(await decideDepositPostback(unit, deps, record, context));
        return results;
      },
      (unit, results) => commitRecording(this.store, unit, recorder, results),
    );
  }
}
