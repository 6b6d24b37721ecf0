/** What one bench run measures and how much; every count can be lowered for a quick run. */
export interface BenchSettings {
  /** BENCH_QUICK=1: small counts for a quick iteration (a minute or two); never a result. */
  readonly quick: boolean;
  /** Signed deposit postbacks sent in the ingestion phase. */
  readonly postbacks: number;
  /** Concurrent postback requests. */
  readonly postbackConcurrency: number;
  /** Full deposit flows through the sandbox. */
  readonly flows: number;
  readonly flowConcurrency: number;
  /** Events generated through the deciders before the rebuild. */
  readonly events: number;
  /** Rows per ceiling measurement (1 connection uses a fifth of it). */
  readonly ceilingRows: number;
  /** Units of work per store in the peer comparison (Emmett's PostgreSQL event store and ours). */
  readonly peerUnits: number;
  /** Phases to run: ceiling, peer, service, startup, rebuild (all by default). */
  readonly only: ReadonlySet<string>;
  /** When set: CPU profiles of the service (child) and of the rebuild are written here. */
  readonly profileDir: string | null;
  /** BENCH_PG_STATEMENTS=1: pg_stat_statements top statements of the postback phase and of the rebuild. */
  readonly pgStatements: boolean;
  /** BENCH_SERVICE_NODE_FLAGS: extra node flags for the service process (space-separated), e.g. --max-old-space-size=200. */
  readonly serviceNodeFlags: readonly string[];
}

export const PHASES = ['ceiling', 'peer', 'service', 'startup', 'rebuild'] as const;

/**
 * The counts of a full run, chosen to keep it to a few minutes on a quiet two-core machine while
 * every phase still runs long enough (ten seconds or more) for its rate to mean something. A run with
 * all phases and at least these counts is a result (results.json `complete`, the README updated).
 */
export const FULL_RUN = { postbacks: 5_000, flows: 500, events: 200_000, ceilingRows: 20_000, peerUnits: 3_000 } as const;
/** BENCH_QUICK=1: the same phases at a glance (startup skipped unless asked for with BENCH_ONLY). */
const QUICK_RUN = { postbacks: 2_000, flows: 300, events: 50_000, ceilingRows: 5_000, peerUnits: 1_000 } as const;

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return value;
}

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const only = (env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const phase of only) if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`BENCH_ONLY: unknown phase ${phase}; known: ${PHASES.join(', ')}`);
  const quick = env.BENCH_QUICK === '1';
  const counts = quick ? QUICK_RUN : FULL_RUN;
  const defaultPhases = quick ? PHASES.filter((p) => p !== 'startup') : PHASES;
  return {
    quick,
    postbacks: count(env, 'BENCH_POSTBACKS', counts.postbacks),
    postbackConcurrency: count(env, 'BENCH_CONCURRENCY', 32),
    flows: count(env, 'BENCH_FLOWS', counts.flows),
    flowConcurrency: count(env, 'BENCH_FLOW_CONCURRENCY', 16),
    events: count(env, 'BENCH_EVENTS', counts.events),
    ceilingRows: count(env, 'BENCH_CEILING_ROWS', counts.ceilingRows),
    peerUnits: count(env, 'BENCH_PEER_UNITS', counts.peerUnits),
    only: new Set(only.length > 0 ? only : defaultPhases),
    profileDir: env.BENCH_PROFILE_DIR ? env.BENCH_PROFILE_DIR : null,
    pgStatements: env.BENCH_PG_STATEMENTS === '1',
    // The service runs with the heap limit npm start gives it, unless told otherwise.
    serviceNodeFlags: (env.BENCH_SERVICE_NODE_FLAGS ?? '--max-old-space-size=192').split(' ').filter(Boolean),
  };
}
