import { createHash } from 'node:crypto';
import { boundUnsignedBody, UNSIGNED_BODY_KEPT_BYTES } from './unsigned-body';

describe('boundUnsignedBody', () => {
  it('keeps a short body whole', () => {
    expect(boundUnsignedBody('{"a":1}').kept).toBe('{"a":1}');
  });

  it('keeps a NUL as U+FFFD (PostgreSQL text cannot hold it) while the digest covers the exact bytes', () => {
    const bounded = boundUnsignedBody('a\u0000b');
    expect(bounded.kept).toBe('a\uFFFDb');
    expect(bounded.digest.bodySha256).toBe(createHash('sha256').update(Buffer.from('a\u0000b', 'utf8')).digest('hex'));
  });

  it('cuts a long body at a character boundary', () => {
    const body = 'é'.repeat(UNSIGNED_BODY_KEPT_BYTES);
    const bounded = boundUnsignedBody(body);
    expect(bounded.digest.truncated).toBe(true);
    expect(Buffer.byteLength(bounded.kept, 'utf8')).toBeLessThanOrEqual(UNSIGNED_BODY_KEPT_BYTES);
    expect(bounded.kept).toBe('é'.repeat(UNSIGNED_BODY_KEPT_BYTES / 2));
  });
});
