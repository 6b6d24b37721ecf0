import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AlongsideRowWriter, TransactionSql } from '@kassa/event-store';
import {
  ApplyDepositPostbackCommand,
  CLOCK,
  type Clock,
  type DepositPostbackResult,
  type OutcomeRecorder,
  type RequestContext,
  type VerifiedDepositRecord,
} from '@kassa/ledger';
import { parsePostback, PostbackFormatError, type ParsedPostback, verifyPostbackSignature } from '@kassa/paykassma';
import { CONFIG } from '@kassa/infrastructure';
import { type Config, GroupedWrites, KassaMetrics, type MerchantConfig } from '@kassa/platform';
import { hasUnsafeText, type NewInboxEntry, type PostbackOutcome, PostbackInboxRepository, type ProcessedInboxEntry } from '@kassa/read-models';
import { boundUnsignedBody } from './unsigned-body';
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
 * The provider's postbacks: verified, then applied by a command (ApplyDepositPostbackCommand or
 * ApplyWithdrawalPostbackCommand) that commits every record's events, the wallet's side included,
 * and the raw postback in the inbox with what became of it: one PostgreSQL transaction on the
 * PostgreSQL store. `200 {"status":"ok"}` only after that commit (duplicates included), so the
 * balance already shows what the postback moved. A crash before that loses nothing acknowledged:
 * the provider sends the postback again, and it is recorded then.
 */
@Injectable()
export class PostbackService {
  private readonly logger = new Logger('postback');
  /**
   * Inbox rows written on their own (refusals, duplicates, failures, and every row on a store without
   * transactions) share a statement and a commit among concurrent postbacks; each answer still waits for its own.
   */
  private readonly inboxWrites: GroupedWrites<{ entry: NewInboxEntry; processed: ProcessedInboxEntry }>;
  private readonly merchants: ReadonlyMap<string, MerchantConfig>;

  constructor(
    @Inject(CONFIG) config: Config,
    inbox: PostbackInboxRepository,
    private readonly metrics: KassaMetrics,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly withdrawals: WithdrawalPostbackApplier,
  ) {
    this.inboxWrites = new GroupedWrites(async (rows) => void (await inbox.insertMany(rows)));
    this.merchants = new Map(config.merchants.map((merchant) => [merchant.id, merchant]));
  }

  /** Whether postbacks for this merchant id are taken (an unknown one answers 404, nothing written). */
  serves(merchantId: string): boolean {
    return this.merchants.has(merchantId);
  }

  /**
   * A postback to the merchant's URL: checked with that merchant's keys only, so a body signed for
   * another merchant is refused (401) and nothing is applied. `requestId` (the HTTP request's
   * X-Request-Id) becomes the correlation id of the events; else the postback id.
   */
  async receive(merchantId: string, rawBody: string, contentType: string | null, remoteAddr: string | null, requestId: string | null = null): Promise<PostbackAnswer> {
    const merchant = this.merchants.get(merchantId);
    if (!merchant) throw new Error(`postbacks for the unknown merchant "${merchantId}" must be refused by the controller`);
    const postbackId = randomUUID();
    const receivedAt = this.clock.now().toISOString();
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const sentDirection = (body as { direction?: unknown } | undefined)?.direction;
    // Kept as sent for the exceptions report, unless PostgreSQL text cannot hold it (a NUL, a lone surrogate).
    const direction = typeof sentDirection === 'string' && !hasUnsafeText(sentDirection) ? sentDirection : null;
    const entry: NewInboxEntry = { id: postbackId, tenantId: merchant.id, receivedAt, rawBody, contentType, remoteAddr, signatureValid: null, direction };

    // Unsigned bodies are kept bounded (their start and digest): anyone can send them.
    const unsigned = () => boundUnsignedBody(rawBody);
    if (body === undefined) {
      const { kept, digest } = unsigned();
      return this.refuse({ ...entry, rawBody: kept }, 'malformed', { reason: 'body is not JSON', ...digest }, 400, 'the body is not JSON');
    }
    const signature = verifyPostbackSignature(body, { accessKey: merchant.paykassma.postbackAccessKey, privateKey: merchant.paykassma.postbackPrivateKey });
    if (!signature.valid) {
      this.logger.warn({ merchant: merchant.id, postbackId, reason: signature.reason, remoteAddr }, 'postback signature rejected');
      const { kept, digest } = unsigned();
      return this.refuse({ ...entry, rawBody: kept, signatureValid: false }, 'rejected_signature', { reason: signature.reason, ...digest }, 401, 'the signature is not valid');
    }
    const signed = { ...entry, signatureValid: true };
    let postback: ParsedPostback;
    try {
      postback = parsePostback(body, rawBody, { timeZone: merchant.paykassma.timeZone });
    } catch (error) {
      if (!(error instanceof PostbackFormatError)) throw error;
      return this.refuse(signed, 'malformed', { reason: error.message }, 400, error.message);
    }

    const context: RequestContext = { merchantId: merchant.id, actor: 'paykassma', correlationId: requestId ?? postbackId };
    try {
      const results = postback.direction === 'ingoing'
        ? await this.applyDeposits(postback, signed, postbackId, receivedAt, context)
        : await this.withdrawals.apply(postback.records, signed, postbackId, receivedAt, context, (entry, describe) => this.inboxRecorder(entry, describe));
      this.reportUnusual(merchant.id, postbackId, postback.direction, results);
      this.metrics.postbacks.inc({ merchant: signed.tenantId, direction: directionLabel(signed.direction), outcome: worstOutcome(results) });
    } catch (error) {
      this.logger.error({ merchant: merchant.id, err: error, postbackId }, 'postback processing failed; the provider will send it again');
      await this.record(signed, 'failed', { error: (error as Error).message }).catch(() => undefined);
      return { status: 500, body: { status: 'error' } };
    }
    return ACK;
  }

  /** Every deposit record with its claim, deposit and wallet events and the inbox row: committed before the ack. */
  private async applyDeposits(postback: ParsedPostback, entry: NewInboxEntry, postbackId: string, receivedAt: string, context: RequestContext): Promise<RecordResult[]> {
    // A record without transaction_id cannot be matched to anything: quarantined, nothing written.
    const slots = postback.records.map((record): VerifiedDepositRecord | RecordResult => (record.transactionId
      ? {
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
      }
      : { outcome: 'quarantined', detail: { reason: 'deposit record without transaction_id' } }));
    const verified = slots.filter((slot): slot is VerifiedDepositRecord => 'transactionId' in slot);
    const describe = (results: readonly DepositPostbackResult[]): RecordResult[] => {
      let next = 0;
      return slots.map((slot) => ('transactionId' in slot ? depositRecordResult(slot, results[next++]) : slot));
    };
    return describe(await this.commands.execute(new ApplyDepositPostbackCommand(verified, context, this.inboxRecorder(entry, describe))));
  }

  /**
   * The inbox row of a processed postback: in the events' transaction where the store has one, else
   * grouped. (Counted in the metrics once the command has committed, by receive().)
   */
  private inboxRecorder<T>(entry: NewInboxEntry, describe: (outcomes: T) => RecordResult[]): OutcomeRecorder<T> {
    const processed = (outcomes: T): ProcessedInboxEntry => {
      const results = describe(outcomes);
      return { outcome: worstOutcome(results), detail: { records: results.map((r) => ({ outcome: r.outcome, ...r.detail })) }, processedAt: this.clock.now().toISOString() };
    };
    return {
      recordWith: async (sql, outcomes) => void (await new PostbackInboxRepository(transactionRunner(sql)).insert(entry, processed(outcomes))),
      rowWith: (outcomes) => ({ writer: INBOX_ROWS, row: { entry, processed: processed(outcomes) } }),
      record: (outcomes) => this.inboxWrites.write({ entry, processed: processed(outcomes) }),
    };
  }

  private async refuse(entry: NewInboxEntry, outcome: PostbackOutcome, detail: Record<string, unknown>, status: number, message: string): Promise<PostbackAnswer> {
    await this.record(entry, outcome, detail);
    return { status, body: { status: 'error', message } };
  }

  /** Quarantined records and unknown withdrawal statuses are for finance to look at: one warning each. */
  private reportUnusual(merchantId: string, postbackId: string, direction: string, results: readonly RecordResult[]): void {
    for (const result of results) {
      if (result.outcome !== 'quarantined' && result.outcome !== 'unrecognized_status') continue;
      this.logger.warn({ merchant: merchantId, postbackId, direction, outcome: result.outcome, ...result.detail },
        result.outcome === 'quarantined' ? 'postback record quarantined: not applied' : 'withdrawal postback with an unknown status: recorded, nothing moved');
    }
  }

  /** A postback that was not applied (refused, failed): its inbox row on its own, and its count. */
  private async record(entry: NewInboxEntry, outcome: PostbackOutcome, detail: Record<string, unknown>): Promise<void> {
    this.metrics.postbacks.inc({ merchant: entry.tenantId, direction: directionLabel(entry.direction), outcome });
    await this.inboxWrites.write({ entry, processed: { outcome, detail, processedAt: this.clock.now().toISOString() } });
  }
}

/** The most severe outcome of the records names the postback's outcome. */
function worstOutcome(results: readonly RecordResult[]): PostbackOutcome {
  return results.map((r) => r.outcome).reduce((worst, next) => (SEVERITY.indexOf(next) > SEVERITY.indexOf(worst) ? next : worst), 'duplicate' as PostbackOutcome);
}

function depositRecordResult(record: VerifiedDepositRecord, result: DepositPostbackResult): RecordResult {
  const outcome: PostbackOutcome = result.outcome === 'unassignable' ? 'quarantined' : result.outcome;
  return {
    outcome,
    detail: {
      depositId: result.depositId,
      transactionId: record.transactionId,
      unmatched: result.unmatched,
      ...(result.suspenseItemId !== undefined ? { suspenseItemId: result.suspenseItemId } : {}),
      ...(result.outcome === 'unassignable' ? { reason: result.reason ?? 'unmatched_without_label' } : {}),
    },
  };
}

/** Inbox rows of postbacks committed together (a group commit): one statement for all of them. */
const INBOX_ROWS: AlongsideRowWriter<{ entry: NewInboxEntry; processed: ProcessedInboxEntry }> = {
  writeAll: async (sql, rows) => void (await new PostbackInboxRepository(transactionRunner(sql)).insertMany(rows)),
};

/** The inbox repository's way of running SQL, on the events' transaction. */
function transactionRunner(sql: TransactionSql) {
  return { query: async <T>(text: string, parameters?: unknown[]): Promise<T> => (await sql.query(text, parameters)).rows as T };
}
