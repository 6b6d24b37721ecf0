import { cpus } from 'node:os';
import type { CeilingResult } from './ceiling';
import type { DepositFlowResult } from './deposit-flow';
import type { HttpFloorResult } from './http-floor';
import type { PostbackLoadResult } from './postback-load';
import type { RebuildResult } from './rebuild';
import type { StartTimeResult } from './start-time';
import type { CpuUsage } from './support/cpu-meter';
import type { MachineInfo } from './support/machine';
import type { PeerResult } from './peer';

export interface ServiceResult {
  readonly httpFloor: HttpFloorResult;
  readonly load: PostbackLoadResult;
  readonly postbackCpu: CpuUsage;
  readonly flow: DepositFlowResult | null;
  readonly flowCpu: CpuUsage | null;
  /** Of the service process while deposits were opened and postbacks sent (load 2). */
  readonly memory: { readonly peakRssMb: number; readonly hwmMb: number; readonly samples: number };
  /** `node main.js` with DATABASE_URL on the already running server, to GET /health 200. */
  readonly startOnRunningDatabaseMs: number;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: MachineInfo;
  readonly settings: Record<string, unknown>;
  readonly complete: boolean;
  readonly ceiling?: CeilingResult;
  readonly peer?: PeerResult;
  readonly service?: ServiceResult;
  readonly startup?: StartTimeResult;
  readonly rebuild?: RebuildResult;
  readonly targets: readonly Target[];
  readonly verified: boolean;
}

export interface Target {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

/** The HTTP floor the issue started from (GET /health, Express + Nest, c=32 on this machine): 2,942/s. */
export const HTTP_FLOOR_BASELINE_PER_SECOND = 2_942;

/** The issue's targets, each a ratio or a bound within this one run (the machine is noisy). */
export function targetsOf(r: Omit<BenchResults, 'targets' | 'verified' | 'complete'>): Target[] {
  const targets: Target[] = [];
  if (r.ceiling && r.service) {
    const rate = r.service.load.postbacks.perSecond;
    const quarter = r.ceiling.connections32.rowsPerSecond / 4;
    targets.push({ name: 'postback ingestion, c=32', target: `≥ 25% of the 32-connection commit ceiling (${fmt(Math.round(quarter))}/s)`, measured: `${fmt(rate)}/s = ${ratio(rate, r.ceiling.connections32.rowsPerSecond)} of ${fmt(r.ceiling.connections32.rowsPerSecond)}/s`, pass: rate >= quarter });
  }
  if (r.service) {
    const { load, flow, httpFloor, memory } = r.service;
    const p99 = load.postbacks.latency.p99Ms;
    targets.push({ name: 'postback p99, c=32', target: '≤ 50 ms', measured: `${p99} ms`, pass: p99 <= 50 });
    const { checked, visible } = load.creditsAtAck;
    const acked = load.postbacks.count - load.postbacks.failures;
    targets.push({ name: 'every acknowledged credit in the balance at its ack', target: `${fmt(acked)} of ${fmt(acked)} checked and found`, measured: `${fmt(visible)} found of ${fmt(checked)} checked`, pass: checked === acked && visible === checked && load.postbacks.failures === 0 });
    if (flow) {
      targets.push({ name: `full deposit flow, c=${flow.concurrency}`, target: '≥ 200 flows/s', measured: `${fmt(flow.perSecond)}/s`, pass: flow.perSecond >= 200 && flow.settle.ok });
      targets.push({ name: 'full deposit flow p99', target: '≤ 150 ms', measured: `${flow.latency.p99Ms} ms`, pass: flow.latency.p99Ms <= 150 });
    }
    const rm = load.readModels;
    targets.push({ name: 'all read models caught up after the last ack', target: '≤ 2,000 ms', measured: rm.ok ? `${fmt(rm.afterMs)} ms (${rm.subscriptions} subscriptions)` : `not within ${fmt(rm.afterMs)} ms: ${rm.behind.join(', ')}`, pass: rm.ok && rm.afterMs <= 2_000 });
    const floorWanted = 2.5 * HTTP_FLOOR_BASELINE_PER_SECOND;
    targets.push({ name: 'HTTP floor (GET /health, c=32)', target: `≥ 2.5 × ${fmt(HTTP_FLOOR_BASELINE_PER_SECOND)}/s = ${fmt(floorWanted)}/s`, measured: `${fmt(httpFloor.perSecond)}/s (${(httpFloor.perSecond / HTTP_FLOOR_BASELINE_PER_SECOND).toFixed(2)}×)`, pass: httpFloor.perSecond >= floorWanted });
    targets.push({ name: 'service peak RSS under the postback load', target: '≤ 300 MB', measured: `${memory.hwmMb} MB`, pass: memory.hwmMb <= 300 });
  }
  if (r.rebuild) {
    targets.push({
      name: 'rebuild of every read model',
      target: '≥ 20,000 events/s, peak RSS ≤ 300 MB',
      measured: `${fmt(r.rebuild.consumedPerSecond)} consumed/s (${fmt(r.rebuild.storeEventsPerSecond)} store events/s), ${fmt(r.rebuild.peakRssMb)} MB`,
      pass: r.rebuild.consumedPerSecond >= 20_000 && r.rebuild.peakRssMb <= 300 && r.rebuild.verified.ok,
    });
  }
  if (r.startup) {
    const { npmRestartMs, npmStartFreshCloneMs } = r.startup;
    targets.push({ name: 'npm start, restart → first 200', target: '≤ 2,000 ms', measured: `${fmt(npmRestartMs)} ms`, pass: npmRestartMs <= 2_000 });
    targets.push({ name: 'npm start, fresh clone → first 200', target: '≤ 20,000 ms', measured: `${fmt(npmStartFreshCloneMs)} ms`, pass: npmStartFreshCloneMs <= 20_000 });
  }
  return targets;
}

function ratio(a: number, b: number): string {
  return b > 0 ? `${((100 * a) / b).toFixed(0)}%` : 'n/a';
}

function fmt(n: number): string {
  return n.toLocaleString('en');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Another process using more than a tenth of the busy CPU makes the phase's numbers suspect. */
function noisy(cpu: CpuUsage | null | undefined): boolean {
  return !!cpu && cpu.otherSeconds > 1 && cpu.otherSeconds > 0.1 * cpu.machineBusySeconds;
}

function cpuLine(cpu: CpuUsage | null | undefined): string {
  if (!cpu) return '';
  const named = Object.entries(cpu.processSeconds).map(([name, s]) => `${name} ${s}`).join(', ');
  return `CPU-s over ${cpu.wallSeconds} s wall: machine ${cpu.machineBusySeconds} (of ${round2(cpu.wallSeconds * cpus().length)}), ${named ? `${named}, ` : ''}bench client ${cpu.benchSeconds}, PostgreSQL ${cpu.postgresSeconds}, other processes ${cpu.otherSeconds}`;
}

/** Where a postback's cost goes: CPU-ms of the service and of PostgreSQL (background work included). */
function perPostbackCpu(cpu: CpuUsage, count: number): string {
  const ms = (seconds: number) => (Math.round((100_000 * seconds) / count) / 100).toFixed(2);
  return `service ${ms(cpu.processSeconds.service ?? 0)} ms + PostgreSQL ${ms(cpu.postgresSeconds)} ms + bench client ${ms(cpu.benchSeconds)} ms (all background work included)`;
}

/** The table printed at the end and pasted into the README's performance section. */
export function renderTable(r: BenchResults): string {
  const rows: [string, string][] = [];
  const add = (what: string, value: string) => rows.push([what, value]);
  if (r.ceiling) {
    add('ceiling: single-row commits, 1 connection', `${fmt(r.ceiling.singleConnection.rowsPerSecond)} rows/s`);
    add('ceiling: single-row commits, 32 connections', `${fmt(r.ceiling.connections32.rowsPerSecond)} rows/s`);
    add('ceiling: 100-row batches, 32 connections', `${fmt(r.ceiling.batches100.rowsPerSecond)} rows/s`);
  }
  if (r.peer) {
    const unit = (v: PeerResult['oursAtomic'], commits: string) => `${fmt(v.unitsPerSecond)} units/s (${commits}), p50 ${v.latency.p50Ms} ms, p99 ${v.latency.p99Ms} ms${v.projectedRows === v.units ? '' : ` (ONLY ${fmt(v.projectedRows)} ROWS PROJECTED)`}`;
    const { emmett, oursAtomic, oursStreamByStream } = r.peer;
    add(`peer unit (2 appends, 1 projected row; ${fmt(emmett.units)}, c=${emmett.concurrency}): Emmett ${emmett.version}`, unit(emmett, '2 commits each'));
    add('  the same units: our store, stream by stream', unit(oursStreamByStream, '2 commits each'));
    add('  the same units: our store, one appendMany', unit(oursAtomic, '1 transaction each, grouped under load'));
  }
  if (r.service) {
    const { httpFloor, load, flow, memory } = r.service;
    add(`HTTP floor (GET /health, no database, c=${httpFloor.concurrency})`, `${fmt(httpFloor.perSecond)}/s, p99 ${httpFloor.latency.p99Ms} ms, ${httpFloor.serviceCpuMsPerRequest} service CPU-ms per request`);
    add(`open deposits (POST /v1/deposits, c=${load.postbacks.concurrency})`, `${fmt(load.openDeposits.perSecond)}/s, p50 ${load.openDeposits.latency.p50Ms} ms, p99 ${load.openDeposits.latency.p99Ms} ms`);
    add(`postbacks (${fmt(load.postbacks.count)} signed, c=${load.postbacks.concurrency})`, `${fmt(load.postbacks.perSecond)}/s${r.ceiling ? ` = ${ratio(load.postbacks.perSecond, r.ceiling.connections32.rowsPerSecond)} of ceiling` : ''}`);
    add('postbacks: CPU per postback', perPostbackCpu(r.service.postbackCpu, load.postbacks.count));
    if (load.statementCount) add('postbacks: statements per postback', `${load.statementCount.perPostback} (every statement the server ran, BEGIN and COMMIT included)`);
    add('postback latency', `p50 ${load.postbacks.latency.p50Ms} ms, p95 ${load.postbacks.latency.p95Ms} ms, p99 ${load.postbacks.latency.p99Ms} ms, max ${load.postbacks.latency.maxMs} ms`);
    add('postbacks: wallet credits committed at their ack', `${fmt(load.creditsAtAck.visible)} of ${fmt(load.creditsAtAck.checked)} acknowledged${load.creditsAtAck.visible === load.creditsAtAck.checked ? ' (all)' : ' (NOT ALL)'}`);
    add('postbacks: every projection and process manager caught up', load.readModels.ok ? `${fmt(load.readModels.afterMs)} ms after the last ack (${load.readModels.subscriptions} subscriptions)` : `NOT within ${fmt(load.readModels.afterMs)} ms: ${load.readModels.behind.join(', ')}`);
    add('postbacks: credits settled (read models, wallets)', `${load.settle.ok ? 'all' : 'NOT ALL'} ${fmt(load.settle.creditedDeposits)} credited, ${fmt(load.settle.settledAfterMs)} ms after the last ack; ${fmt(load.settle.walletCreditsAtStart)} wallet credits at the last ack, then ${load.settle.walletCreditsPerSecondAfter}/s`);
    if (flow) {
      add(`full deposit flow (${fmt(flow.count)}, c=${flow.concurrency})`, `${fmt(flow.perSecond)} flows/s, p50 ${flow.latency.p50Ms} ms, p99 ${flow.latency.p99Ms} ms${flow.settle.ok ? '' : ' (NOT ALL CREDITED)'}`);
    }
    add('service memory under load 2', `peak RSS ${memory.hwmMb} MB (RSS idle ${load.rssTimelineMb.idle}, after opening ${load.rssTimelineMb.afterOpen}, after postbacks ${load.rssTimelineMb.afterPostbacks} MB)`);
    add('service start on a running database', `${fmt(Math.round(r.service.startOnRunningDatabaseMs))} ms`);
  }
  if (r.startup) {
    add('npm start, fresh clone, empty data dir → first 200', `${fmt(r.startup.npmStartFreshCloneMs)} ms (full build + initdb + start)`);
    add('npm start again (restart, sources unchanged) → first 200', `${fmt(r.startup.npmRestartMs)} ms (no build)`);
    add('node start, empty data dir → first 200', `${fmt(r.startup.nodeStartEmptyMs)} ms (initdb + start)`);
    add('node restart, existing data dir → first 200', `${fmt(r.startup.nodeRestartMs)} ms`);
  }
  if (r.rebuild) {
    const rb = r.rebuild;
    add('events generated through the deciders', `${fmt(rb.generation.events)} in ${rb.generation.seconds} s (${fmt(rb.generation.eventsPerSecond)}/s, ${fmt(rb.generation.appends)} appends)`);
    add('rebuild of every read model', `${fmt(rb.consumedPerSecond)} consumed events/s (${fmt(rb.consumedEvents)} in ${rb.seconds} s); ${fmt(rb.storeEventsPerSecond)} store events/s; peak RSS ${fmt(rb.peakRssMb)} MB${rb.verified.ok ? '' : ' (VERIFY FAILED)'}`);
    for (const p of rb.projections) add(`  ${p.name}`, `${fmt(p.events)} events, caught up after ${p.caughtUpAfterSeconds} s (${fmt(p.eventsPerSecond)}/s)`);
  }
  const width = Math.max(...rows.map(([what]) => what.length));
  const lines = [
    `kassa-ledger bench, ${r.date}, ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryMb} MB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}`,
    '',
    `| ${'measurement'.padEnd(width)} | result |`,
    `|${'-'.repeat(width + 2)}|--------|`,
    ...rows.map(([what, value]) => `| ${what.padEnd(width)} | ${value} |`),
    '',
    '| target | wanted | measured | |',
    '|---|---|---|---|',
    ...r.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.pass ? 'met' : '**not met**'} |`),
  ];
  if (r.service) lines.push('', `http floor: ${cpuLine(r.service.httpFloor.cpu)}`, `postbacks: ${cpuLine(r.service.postbackCpu)}`);
  if (r.service?.flowCpu) lines.push(`full flow: ${cpuLine(r.service.flowCpu)}`);
  if (r.rebuild) lines.push(`rebuild:   ${cpuLine(r.rebuild.cpu)}`);
  if ([r.service?.httpFloor.cpu, r.service?.postbackCpu, r.service?.flowCpu, r.rebuild?.cpu].some(noisy)) {
    lines.push('', 'WARNING: other processes used more than 10% of the CPU during a phase: the machine was not quiet, run again.');
  }
  if (!r.verified) lines.push('', 'WARNING: a money check failed (see results.json): the numbers above are not a result.');
  if (!r.complete) lines.push('', 'Quick run (counts below a full run\'s or phases skipped): not a result for the README.');
  return lines.join('\n');
}
