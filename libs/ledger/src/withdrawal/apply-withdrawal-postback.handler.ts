import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings, type RequestContext } from '../application/ledger-context';
import { commitRecording, inOneUnit, type OutcomeRecorder } from '../application/unit-of-work';
import { decideWithdrawalPostback, type WithdrawalPostbackOutcome, type WithdrawalPostbackRecord } from './apply-withdrawal-postback';

/** The signed withdrawal records of one outgoing postback, and what records its outcome (the inbox row). */
export class ApplyWithdrawalPostbackCommand {
  constructor(
    readonly records: readonly WithdrawalPostbackRecord[],
    readonly context: RequestContext,
    readonly recorder?: OutcomeRecorder<readonly WithdrawalPostbackOutcome[]>,
  ) {}
}

/**
 * Applies a withdrawal postback: each record's result and, for status 1 or 5, the settlement or
 * release of the hold, committed with the recorder's row in one transaction on PostgreSQL; on
 * EventStoreDB stream by stream, then the row. Resolves after the commit, so the caller may acknowledge.
 */
@CommandHandler(ApplyWithdrawalPostbackCommand)
export class ApplyWithdrawalPostbackHandler implements ICommandHandler<ApplyWithdrawalPostbackCommand, WithdrawalPostbackOutcome[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  execute({ records, context, recorder }: ApplyWithdrawalPostbackCommand): Promise<WithdrawalPostbackOutcome[]> {
    const deps = { store: this.store, clock: this.clock, tenantId: this.settings.tenantId };
    return inOneUnit(
      this.store,
      async (unit) => {
        const outcomes: WithdrawalPostbackOutcome[] = [];
        for (const record of records) outcomes.push(await decideWithdrawalPostback(unit, deps, record, context));
        return outcomes;
      },
      (unit, outcomes) => commitRecording(this.store, unit, recorder, outcomes),
    );
  }
}
