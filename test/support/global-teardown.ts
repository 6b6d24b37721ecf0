import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../libs/platform/src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __embeddedPostgres?: EmbeddedDatabase; __embeddedPostgresDir?: string };
  await state.__embeddedPostgres?.stop();
  if (state.__embeddedPostgresDir) rmSync(state.__embeddedPostgresDir, { recursive: true, force: true });
}
