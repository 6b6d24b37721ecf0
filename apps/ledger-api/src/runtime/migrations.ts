import type { MigrationClass } from '@kassa/platform';

/** Every migration of every library, in the order they must run. */
export const ALL_MIGRATIONS: readonly MigrationClass[] = [];
