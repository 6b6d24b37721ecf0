/** What one bench run measures and how much; every count can be lowered for a quick run. */
export interface BenchSettings {
  /** Signed deposit postbacks sent in the ingestion phase (≥ 20,000 for a result). */
  readonly postbacks: number;
  /** Concurrent postback requests. */
  readonly postbackConcurrency: number;
  /** Full deposit flows through the sandbox. */
  readonly flows: number;
  readonly flowConcurrency: number;
  /** Events generated through the deciders before the rebuild (≥ 1,000,000 for a result). */
  readonly events: number;
  /** Rows per ceiling measurement (1 connection uses a fifth of it). */
  readonly ceilingRows: number;
  /** Phases to run: ceiling, service, startup, rebuild (all by default). */
  readonly only: ReadonlySet<string>;
  /** When set: CPU profiles of the service (child) and of the rebuild are written here. */
  readonly profileDir: string | null;
  /** BENCH_PG_STATEMENTS=1: pg_stat_statements top statements of the postback phase and of the rebuild. */
  readonly pgStatements: boolean;
  /** BENCH_SERVICE_NODE_FLAGS: extra node flags for the service process (space-separated), e.g. --max-old-space-size=200. */
  readonly serviceNodeFlags: readonly string[];
}

export const PHASES = ['ceiling', 'service', 'startup', 'rebuild'] as const;

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
  return {
    postbacks: count(env, 'BENCH_POSTBACKS', 20_000),
    postbackConcurrency: count(env, 'BENCH_CONCURRENCY', 32),
    flows: count(env, 'BENCH_FLOWS', 1_000),
    flowConcurrency: count(env, 'BENCH_FLOW_CONCURRENCY', 16),
    events: count(env, 'BENCH_EVENTS', 1_000_000),
    ceilingRows: count(env, 'BENCH_CEILING_ROWS', 20_000),
    only: new Set(only.length > 0 ? only : PHASES),
    profileDir: env.BENCH_PROFILE_DIR ? env.BENCH_PROFILE_DIR : null,
    pgStatements: env.BENCH_PG_STATEMENTS === '1',
    // The service runs with the heap limit npm start gives it, unless told otherwise.
    serviceNodeFlags: (env.BENCH_SERVICE_NODE_FLAGS ?? '--max-old-space-size=192').split(' ').filter(Boolean),
  };
}
