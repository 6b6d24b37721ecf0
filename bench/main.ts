import 'reflect-metadata';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startEmbeddedPostgres } from '@kassa/platform';
import { measureCeiling } from './ceiling';
import { runDepositFlows } from './deposit-flow';
import { measureHttpFloor } from './http-floor';
import { measurePeer } from './peer';
import { updateReadme } from './readme-section';
import { runPostbackLoad } from './postback-load';
import { measureRebuild } from './rebuild';
import { type BenchResults, renderTable, type ServiceResult, targetsOf } from './report';
import { BENCH_API_KEY, REPO_ROOT, ServiceProcess } from './service-process';
import { FULL_RUN, loadBenchSettings, PHASES, type BenchSettings } from './settings';
import { measureStartTime } from './start-time';
import { CpuMeter, watchPostgres } from './support/cpu-meter';
import { HttpClient } from './support/http-client';
import { describeMachine } from './support/machine';
import { restartWithStatements } from './support/pg-statements';
import { MemorySampler } from './support/proc-memory';

/**
 * `npm run bench`: one embedded PostgreSQL in a temp dir; the raw ceiling; the service as a child
 * process under postback load and full deposit flows; start-up times; a rebuild of every read model
 * from a store generated through the domain. Prints the table, writes bench/results.json.
 */
function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function serviceRun(settings: BenchSettings, databaseUrl: string, runId: string): Promise<ServiceResult> {
  const nodeFlags = [
    ...settings.serviceNodeFlags,
    ...(settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`, '--cpu-prof-name=service.cpuprofile'] : []),
  ];
  const service = ServiceProcess.launch({ port: await freePort(), databaseUrl, nodeFlags });
  try {
    const startOnRunningDatabaseMs = await service.waitUntilHealthy();
    const api = new HttpClient(service.baseUrl, Math.max(settings.postbackConcurrency, settings.flowConcurrency), { authorization: `Bearer ${BENCH_API_KEY}` });
    try {
      log(`service pid ${service.pid} up in ${Math.round(startOnRunningDatabaseMs)} ms; the HTTP floor, then ${settings.postbacks} deposits opened, then postbacks…`);
      const httpFloor = await measureHttpFloor(api, settings.postbacks, settings.postbackConcurrency, service.pid);
      log(`http floor (GET /health): ${httpFloor.perSecond}/s, ${httpFloor.serviceCpuMsPerRequest} service CPU-ms per request`);
      const memory = new MemorySampler(service.pid);
      const load = await runPostbackLoad(api, databaseUrl, settings.postbacks, settings.postbackConcurrency, runId, service.pid, settings.pgStatements, () => memory.now());
      const memoryUsed = memory.stop();
      log(`postbacks: ${load.postbacks.perSecond}/s, p99 ${load.postbacks.latency.p99Ms} ms; wallet credits at their ack ${load.creditsAtAck.visible}/${load.creditsAtAck.checked}; settled ${load.settle.ok}${load.statementCount ? `; ${load.statementCount.perPostback} statements per postback` : ''}; full flows…`);
      const flowMeter = new CpuMeter({ service: service.pid });
      const flow = await runDepositFlows(api, databaseUrl, settings.flows, settings.flowConcurrency, runId);
      const flowCpu = flowMeter.stop();
      log(`flows: ${flow.perSecond}/s, p99 ${flow.latency.p99Ms} ms`);
      return { httpFloor, load, postbackCpu: load.cpu, flow, flowCpu, memory: memoryUsed, startOnRunningDatabaseMs };
    } finally {
      api.close();
    }
  } finally {
    await service.stop();
  }
}

async function main(): Promise<void> {
  const settings = loadBenchSettings();
  const runId = Date.now().toString(36);
  if (settings.profileDir) mkdirSync(settings.profileDir, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'kassa-bench-'));
  chmodSync(root, 0o755); // as root the server runs as `postgres`, who must reach the cluster inside
  log(`embedded PostgreSQL in ${root}`);
  let database = await startEmbeddedPostgres(join(root, 'postgres'));
  if (settings.pgStatements) database = await restartWithStatements(database, join(root, 'postgres'));
  watchPostgres(join(root, 'postgres', 'pg', 'postmaster.pid'));
  const partial: Omit<BenchResults, 'targets' | 'verified' | 'complete'> = {
    date: new Date().toISOString(),
    machine: await describeMachine(database.url),
    settings: { ...settings, only: [...settings.only] },
  };
  let results: Omit<BenchResults, 'targets' | 'verified' | 'complete'> = partial;
  try {
    if (settings.only.has('ceiling')) {
      log('ceiling: raw PostgreSQL inserts…');
      await database.createDatabase('bench_ceiling');
      results = { ...results, ceiling: await measureCeiling(database.urlFor('bench_ceiling'), settings.ceilingRows) };
    }
    if (settings.only.has('peer')) {
      log(`peer: ${settings.peerUnits} units (2 appends, 1 projected row) through Emmett's PostgreSQL event store, then ours…`);
      await database.createDatabase('bench_peer_emmett');
      await database.createDatabase('bench_peer_ours');
      const peer = await measurePeer(database.urlFor('bench_peer_emmett'), database.urlFor('bench_peer_ours'), settings.peerUnits, 32, runId);
      log(`peer: Emmett ${peer.emmett.unitsPerSecond} units/s (p99 ${peer.emmett.latency.p99Ms} ms); ours ${peer.oursStreamByStream.unitsPerSecond}/s stream by stream, ${peer.oursAtomic.unitsPerSecond}/s atomic`);
      results = { ...results, peer };
    }
    if (settings.only.has('service')) {
      await database.createDatabase('bench_service');
      results = { ...results, service: await serviceRun(settings, database.urlFor('bench_service'), runId) };
    }
    if (settings.only.has('startup')) {
      log('start-up times: npm start from a fresh clone and again, node alone on an empty and an existing data dir…');
      results = { ...results, startup: await measureStartTime() };
    }
    if (settings.only.has('rebuild')) {
      await database.createDatabase('bench_rebuild');
      results = { ...results, rebuild: await measureRebuild(database.urlFor('bench_rebuild'), settings.events, runId, settings.profileDir, log, settings.pgStatements) };
    }
  } finally {
    await database.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }

  const complete = PHASES.every((p) => settings.only.has(p)) && settings.postbacks >= FULL_RUN.postbacks && settings.flows >= FULL_RUN.flows
    && settings.events >= FULL_RUN.events && settings.ceilingRows >= FULL_RUN.ceilingRows && settings.peerUnits >= FULL_RUN.peerUnits;
  const peerOk = !results.peer || [results.peer.emmett, results.peer.oursAtomic, results.peer.oursStreamByStream].every((v) => v.projectedRows === v.units);
  const verified = (results.service ? results.service.load.settle.ok && results.service.load.postbacks.failures === 0 && results.service.load.creditsAtAck.visible === results.service.load.creditsAtAck.checked && (results.service.flow?.settle.ok ?? true) : true)
    && (results.rebuild ? results.rebuild.verified.ok : true) && peerOk;
  const final: BenchResults = { ...results, complete, targets: targetsOf(results), verified };
  // Only a full run is the result: a quick or partial one goes to a file of its own.
  const file = resolve(process.env.BENCH_RESULTS ?? join(REPO_ROOT, 'bench', complete ? 'results.json' : 'results.partial.json'));
  writeFileSync(file, `${JSON.stringify(final, null, 2)}\n`);
  const table = renderTable(final);
  const readme = join(REPO_ROOT, 'README.md');
  const readmeNote = complete ? (updateReadme(readme, table) ? `, ${readme}` : ` (README markers not found: ${readme} not updated)`) : ' (not a full run: README not updated)';
  process.stdout.write(`${table}\n\nwritten: ${file}${readmeNote}\n`);
  if (!verified) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
