/** What became of a received postback. 'received' until the endpoint has processed it. */
export type PostbackOutcome =
  | 'received'
  /** Its event(s) were appended: a credit, a withdrawal result. */
  | 'applied'
  /** Same as one applied before: acknowledged, nothing appended. */
  | 'duplicate'
  /** Signed but conflicting: a PostbackQuarantined event was appended. */
  | 'quarantined'
  /** A withdrawal status other than 1 or 5: recorded, nothing moved. */
  | 'unrecognized_status'
  | 'rejected_signature'
  /** Not a postback we can read (bad JSON, missing fields). */
  | 'malformed'
  /** Processing threw; the provider will retry (no 200 was sent). */
  | 'failed';

export type OutcomeDetail = Readonly<Record<string, unknown>>;

export interface NewInboxEntry {
  /** Chosen by the endpoint (a UUID): events caused by this postback name it as their postbackId. */
  readonly id: string;
  readonly tenantId: string;
  /** ISO-8601 UTC, from the endpoint's clock. */
  readonly receivedAt: string;
  readonly rawBody: string;
  readonly contentType: string | null;
  readonly remoteAddr: string | null;
  /** Null until checked. */
  readonly signatureValid: boolean | null;
  /** 'ingoing' (deposit) or 'outgoing' (withdrawal), when the body says. */
  readonly direction: string | null;
}

export interface InboxEntry extends NewInboxEntry {
  readonly outcome: PostbackOutcome;
  readonly outcomeDetail: OutcomeDetail | null;
  readonly processedAt: string | null;
}

export interface InboxRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly received_at: string;
  readonly raw_body: string;
  readonly content_type: string | null;
  readonly remote_addr: string | null;
  readonly signature_valid: boolean | null;
  readonly direction: string | null;
  readonly outcome: PostbackOutcome;
  readonly outcome_detail: OutcomeDetail | null;
  readonly processed_at: string | null;
}
