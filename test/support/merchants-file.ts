import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A merchants file with `default` and `brand-b`, both on the built-in sandbox (each its own). */
export function twoMerchantsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kassa-merchants-e2e-')), 'merchants.json');
  writeFileSync(path, JSON.stringify({ merchants: [{ id: 'default', paykassma: {} }, { id: 'brand-b', paykassma: { timeZone: 'Asia/Karachi' } }] }));
  return path;
}
