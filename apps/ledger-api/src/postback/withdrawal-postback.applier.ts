import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApplyWithdrawalPostbackCommand, type OutcomeRecorder, type RequestContext, type WithdrawalPostbackOutcome, type WithdrawalPostbackRecord } from '@kassa/ledger';
import type { PostbackRecord } from '@kassa/paykassma';
import type { NewInboxEntry, PostbackOutcome } from '@kassa/read-models';

export interface RecordResult {
  readonly outcome: PostbackOutcome;
  readonly detail: Record<string, unknown>;
}

/** Builds the recorder of the inbox row from how the command's outcomes read per record. */
export type InboxRecorderFactory = <T>(entry: NewInboxEntry, describe: (outcomes: T) => RecordResult[]) => OutcomeRecorder<T>;

/** The signed `additional_data` elements of an outgoing (withdrawal) postback, as one command. */
@Injectable()
export class WithdrawalPostbackApplier {
  constructor(private readonly commands: CommandBus) {}

  async apply(records: readonly PostbackRecord[], entry: NewInboxEntry, postbackId: string, receivedAt: string, context: RequestContext, inbox: InboxRecorderFactory): Promise<RecordResult[]> {
    // A record without withdrawal_id cannot be matched to anything: quarantined, nothing written.
    const slots = records.map((record): { record: PostbackRecord; verified: WithdrawalPostbackRecord } | RecordResult => {
      if (!record.withdrawalId) return { outcome: 'quarantined', detail: { reason: 'withdrawal record without withdrawal_id' } };
      const status = typeof record.withdrawalStatus === 'number' ? record.withdrawalStatus : Number.NaN;
      return {
        record,
        verified: {
          postbackId,
          withdrawalId: record.withdrawalId,
          status: Number.isInteger(status) ? status : -1,
          amountMinor: record.amount.amountMinor,
          currency: record.currencyCode,
          comment: record.comment,
          receivedAt,
        },
      };
    });
    const verified = slots.flatMap((slot) => ('verified' in slot ? [slot.verified] : []));
    const describe = (outcomes: readonly WithdrawalPostbackOutcome[]): RecordResult[] => {
      let next = 0;
      return slots.map((slot) => ('verified' in slot ? withdrawalRecordResult(slot.record, outcomes[next++]) : slot));
    };
    return describe(await this.commands.execute(new ApplyWithdrawalPostbackCommand(verified, context, inbox(entry, describe))));
  }
}

function withdrawalRecordResult(record: PostbackRecord, outcome: WithdrawalPostbackOutcome): RecordResult {
  const detail = { withdrawalId: record.withdrawalId, withdrawalStatus: record.withdrawalStatus };
  // A result for a withdrawal we never requested moves nothing; the inbox keeps it for finance.
  if (outcome === 'unknown_withdrawal') return { outcome: 'quarantined', detail: { ...detail, reason: 'unknown_withdrawal' } };
  return { outcome, detail };
}
