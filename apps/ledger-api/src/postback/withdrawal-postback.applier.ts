import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@kassa/event-store';
import { applyWithdrawalPostback, CLOCK, type Clock, EVENT_STORE, type RequestContext } from '@kassa/ledger';
import type { PostbackRecord } from '@kassa/paykassma';
import type { PostbackOutcome } from '@kassa/read-models';

export interface RecordResult {
  readonly outcome: PostbackOutcome;
  readonly detail: Record<string, unknown>;
}

/** One signed `additional_data` element of an outgoing (withdrawal) postback. */
@Injectable()
export class WithdrawalPostbackApplier {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(merchantId: string, record: PostbackRecord, postbackId: string, receivedAt: string, context: RequestContext): Promise<RecordResult> {
    const status = typeof record.withdrawalStatus === 'number' ? record.withdrawalStatus : Number.NaN;
    if (!record.withdrawalId) return { outcome: 'quarantined', detail: { reason: 'withdrawal record without withdrawal_id' } };
    const outcome = await applyWithdrawalPostback(this.store, { tenantId: merchantId }, this.clock, {
      postbackId,
      withdrawalId: record.withdrawalId,
      status: Number.isInteger(status) ? status : -1,
      amountMinor: record.amount.amountMinor,
      currency: record.currencyCode,
      comment: record.comment,
      receivedAt,
    }, context);
    const detail = { withdrawalId: record.withdrawalId, withdrawalStatus: record.withdrawalStatus };
    // A result for a withdrawal we never requested moves nothing; the inbox keeps it for finance.
    if (outcome === 'unknown_withdrawal') return { outcome: 'quarantined', detail: { ...detail, reason: 'unknown_withdrawal' } };
    return { outcome, detail };
  }
}
