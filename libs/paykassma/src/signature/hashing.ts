import { createHash, timingSafeEqual } from 'node:crypto';

/** Lowercase hex digests over UTF-8, as PHP's md5()/sha1() produce them. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/**
 * Compares two secrets-derived strings without leaking where they differ. Different lengths are
 * simply unequal (timingSafeEqual itself throws on them, and length is not secret here).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
