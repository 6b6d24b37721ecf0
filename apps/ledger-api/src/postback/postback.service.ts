import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore } from '@kassa/event-store';
import { applyDepositPostback, CLOCK, type Clock, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings, type RequestContext } from '@kassa/ledger';
import { parsePostback, PostbackFormatError, type ParsedPostback, type PostbackRecord, verifyPostbackSignature } from '@kassa/paykassma';
import { CONFIG } from '@kassa/infrastructure';
import { type Config, GroupedWrites, KassaMetrics } from '@kassa/platform';
import { type NewInboxEntry, type PostbackOutcome, PostbackInboxRepository, type ProcessedInboxEntry } from '@kassa/read-models';
import { type RecordResult, WithdrawalPostbackApplier } from './withdrawal-postback.applier';

export interface PostbackAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const ACK: PostbackAnswer = { status: 200, body: { status: 'ok' } };

/** The body's unsigned `direction` as a metric label: anything but the two documented values is `unknown`. */
function directionLabel(direction: string | null): string {
  return direction === 'ingoing' || direction === 'outgoing' ? direction : 'unknown';
}

/** The most severe outcome of the records names the postback's outcome in the inbox. */
const SEVERITY: readonly PostbackOutcome[] = ['duplicate', 'applied', 'unrecognized_status', 'quarantined'];

/**
 * The provider's postbacks: verified, each signed record applied, then kept raw in the inbox with
 * what became of it. `200 {"status":"ok"}` only after every record's events and the inbox row are
 * committed (duplicates included). A crash before that loses nothing acknowledged: the provider
 * sends the postback again, and it is recorded then.
 */
@Injectable()
export class PostbackService {
  private readonly logger = new Logger('postback');
  /** Inbox rows of concurrent postbacks share a statement and a commit (each answer still waits for its own). */
  private readonly inboxWrites: GroupedWrites<{ entry: NewInboxEntry; processed: ProcessedInboxEntry }>;
  private readonly keys: { accessKey: string; privateKey: string };
  private readonly timeZone: string;

  constructor(
    @Inject(CONFIG) config: Config,
    inbox: PostbackInboxRepository,
    private readonly metrics: KassaMetrics,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
    private readonly withdrawals: WithdrawalPostbackApplier,
  ) {
    this.inboxWrites = new GroupedWrites(async (rows) => void (await inbox.insertMany(rows)));
    this.keys = { accessKey: config.paykassma.postbackAccessKey, privateKey: config.paykassma.postbackPrivateKey };
    this.timeZone = config.paykassma.timeZone;
  }

  /** `requestId` (the HTTP request's X-Request-Id) becomes the correlation id of the events; else the postback id. */
  async receive(rawBody: string, contentType: string | null, remoteAddr: string | null, requestId: string | null = null): Promise<PostbackAnswer> {
    const postbackId = randomUUID();
    const receivedAt = this.clock.now().toISOString();
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const direction = typeof (body as { direction?: unknown })?.direction === 'string' ? String((body as { direction: string }).direction) : null;
    const entry: NewInboxEntry = { id: postbackId, tenantId: this.settings.tenantId, receivedAt, rawBody, contentType, remoteAddr, signatureValid: null, direction };

    if (body === undefined) return this.refuse(entry, 'malformed', { reason: 'body is not JSON' }, 400, 'the body is not JSON');
    const signature = verifyPostbackSignature(body, this.keys);
    if (!signature.valid) {
      this.logger.warn({ merchant: this.settings.tenantId, postbackId, reason: signature.reason, remoteAddr }, 'postback signature rejected');
      return this.refuse({ ...entry, signatureValid: false }, 'rejected_signature', { reason: signature.reason }, 401, 'the signature is not valid');
    }
    const signed = { ...entry, signatureValid: true };
    let postback: ParsedPostback;
    try {
      postback = parsePostback(body, rawBody, { timeZone: this.timeZone });
    } catch (error) {
      if (!(error instanceof PostbackFormatError)) throw error;
      return this.refuse(signed, 'malformed', { reason: error.message }, 400, error.message);
    }

    const context: RequestContext = { actor: 'paykassma', correlationId: requestId ?? postbackId };
    const results: RecordResult[] = [];
    try {
      for (const record of postback.records) {
        results.push(postback.direction === 'ingoing'
          ? await this.applyDeposit(postback, record, postbackId, receivedAt, context)
          : await this.withdrawals.apply(record, postbackId, receivedAt, context));
      }
      const outcome = results.map((r) => r.outcome).reduce((worst, next) => (SEVERITY.indexOf(next) > SEVERITY.indexOf(worst) ? next : worst), 'duplicate' as PostbackOutcome);
      this.reportUnusual(postbackId, postback.direction, results);
      await this.record(signed, outcome, { records: results.map((r) => ({ outcome: r.outcome, ...r.detail })) });
    } catch (error) {
      this.logger.error({ merchant: this.settings.tenantId, err: error, postbackId }, 'postback processing failed; the provider will send it again');
      await this.record(signed, 'failed', { error: (error as Error).message }).catch(() => undefined);
      return { status: 500, body: { status: 'error' } };
    }
    return ACK;
  }

  private async applyDeposit(postback: ParsedPostback, record: PostbackRecord, postbackId: string, receivedAt: string, context: RequestContext): Promise<RecordResult> {
    if (!record.transactionId) return { outcome: 'quarantined', detail: { reason: 'deposit record without transaction_id' } };
    const result = await applyDepositPostback({ store: this.store, clock: this.clock, tenantId: this.settings.tenantId }, {
      postbackId,
      walletType: record.walletType,
      transactionId: record.transactionId,
      amountMinor: record.amount.amountMinor,
      currency: record.currencyCode,
      stockpilingId: record.stockpilingId,
      activatedDatetime: record.activatedDatetime,
      exchangerIdentifier: record.exchangerIdentifier,
      // converted_amount is per postback and unsigned: attributable to a record only when it is alone.
      convertedUsd: postback.records.length === 1 ? postback.convertedAmount.USD ?? null : null,
      pluginCustomOrderId: record.pluginCustomOrderId,
      unsignedLabel: postback.label,
      receivedAt,
    }, context);
    const outcome: PostbackOutcome = result.outcome === 'unassignable' ? 'quarantined' : result.outcome;
    return {
      outcome,
      detail: {
        depositId: result.depositId,
        transactionId: record.transactionId,
        unmatched: result.unmatched,
        ...(result.outcome === 'unassignable' ? { reason: 'unmatched_without_label' } : {}),
      },
    };
  }

  private async refuse(entry: NewInboxEntry, outcome: PostbackOutcome, detail: Record<string, unknown>, status: number, message: string): Promise<PostbackAnswer> {
    await this.record(entry, outcome, detail);
    return { status, body: { status: 'error', message } };
  }

  /** Quarantined records and unknown withdrawal statuses are for finance to look at: one warning each. */
  private reportUnusual(postbackId: string, direction: string, results: readonly RecordResult[]): void {
    for (const result of results) {
      if (result.outcome !== 'quarantined' && result.outcome !== 'unrecognized_status') continue;
      this.logger.warn({ merchant: this.settings.tenantId, postbackId, direction, outcome: result.outcome, ...result.detail },
        result.outcome === 'quarantined' ? 'postback record quarantined: not applied' : 'withdrawal postback with an unknown status: recorded, nothing moved');
    }
  }

  private async record(entry: NewInboxEntry, outcome: PostbackOutcome, detail: Record<string, unknown>): Promise<void> {
    this.metrics.postbacks.inc({ merchant: entry.tenantId, direction: directionLabel(entry.direction), outcome });
    await this.inboxWrites.write({ entry, processed: { outcome, detail, processedAt: this.clock.now().toISOString() } });
  }
}
