/**
 * What the infrastructure opened (embedded database, pools, event store), closed in the reverse
 * order of opening: last opened, first closed. Start-up opens each resource after the ones it
 * needs, so this closes each one before the ones it needs. It is handed in from outside the Nest
 * container so that a start-up that fails half way (a migration, a port) still closes what it opened.
 */
export class OpenResources {
  private readonly closers: { readonly name: string; readonly close: () => Promise<unknown> }[] = [];

  opened(name: string, close: () => Promise<unknown>): void {
    this.closers.push({ name, close });
  }

  /** Closes everything still open; a second call finds nothing left. The first failure is rethrown after the rest are closed. */
  async closeAll(): Promise<void> {
    let failure: unknown;
    for (let closer = this.closers.pop(); closer !== undefined; closer = this.closers.pop()) {
      try {
        await closer.close();
      } catch (error) {
        failure ??= new Error(`closing ${closer.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    if (failure !== undefined) throw failure;
  }
}
