import { CpuMeter, type CpuUsage } from './support/cpu-meter';
import type { HttpClient } from './support/http-client';
import { runPool } from './support/run-pool';
import { type LatencySummary, nowMs, perSecond, summarize } from './support/stats';

export interface HttpFloorResult {
  readonly count: number;
  readonly concurrency: number;
  readonly perSecond: number;
  readonly latency: LatencySummary;
  /** Service CPU per request: what the HTTP stack alone (Nest, Express, logging) costs. */
  readonly serviceCpuMsPerRequest: number;
  readonly cpu: CpuUsage;
  /** Monotonic ms (process.hrtime) of the phase, to cut a CPU profile to it. */
  readonly window: { readonly fromMs: number; readonly toMs: number };
}

/**
 * GET /health (no database, no authentication) at the postbacks' concurrency: the most requests per
 * second this service's HTTP stack answers on this machine, whatever the ledger does. A bound on
 * postback ingestion that no database work can lift.
 */
export async function measureHttpFloor(api: HttpClient, count: number, concurrency: number, servicePid: number): Promise<HttpFloorResult> {
  const latencies = new Float64Array(count);
  const meter = new CpuMeter({ service: servicePid });
  const started = nowMs();
  await runPool(count, concurrency, async (i) => {
    const sent = nowMs();
    const answer = await api.send('GET', '/health');
    latencies[i] = nowMs() - sent;
    if (answer.status !== 200) throw new Error(`GET /health answered ${answer.status}`);
  });
  const finished = nowMs();
  const elapsedMs = finished - started;
  const cpu = meter.stop();
  return {
    count,
    concurrency,
    perSecond: perSecond(count, elapsedMs),
    latency: summarize(latencies),
    serviceCpuMsPerRequest: Math.round((100_000 * (cpu.processSeconds.service ?? 0)) / count) / 100,
    cpu,
    window: { fromMs: started, toMs: finished },
  };
}
