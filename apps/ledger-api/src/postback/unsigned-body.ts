import { createHash } from 'node:crypto';

/** How much of a body that fails the signature check the inbox keeps: enough to recognise it. */
export const UNSIGNED_BODY_KEPT_BYTES = 1024;

export interface BoundedBody {
  /**
   * The first UNSIGNED_BODY_KEPT_BYTES bytes (never a split character), or the whole body when shorter;
   * a NUL, which PostgreSQL text cannot hold, is kept as U+FFFD (the digest covers the exact bytes).
   */
  readonly kept: string;
  /** What identifies the whole body: its digest and size, for the inbox row's detail. */
  readonly digest: { readonly bodySha256: string; readonly bodyBytes: number; readonly truncated: boolean };
}

/**
 * A postback whose signature fails (or that is not even JSON) proves nothing, and anyone can send
 * one: keeping it whole would let unsigned traffic fill the inbox. The row keeps the start of the
 * body and the SHA-256 of all of it, so a body seen elsewhere can still be matched to the row.
 */
export function boundUnsignedBody(rawBody: string): BoundedBody {
  const bytes = Buffer.from(rawBody, 'utf8');
  const digest = { bodySha256: createHash('sha256').update(bytes).digest('hex'), bodyBytes: bytes.length, truncated: bytes.length > UNSIGNED_BODY_KEPT_BYTES };
  if (!digest.truncated) return { kept: storable(rawBody), digest };
  let end = UNSIGNED_BODY_KEPT_BYTES;
  // Back up to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
  return { kept: storable(bytes.subarray(0, end).toString('utf8')), digest };
}

function storable(text: string): string {
  return text.replace(/\u0000/g, '\uFFFD');
}
