import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface CpuSnapshot {
  readonly machineBusyTicks: number;
  readonly machineTotalTicks: number;
  readonly processTicks: Map<number, number>;
  readonly postgresTicks: Map<number, number>;
  readonly selfMicros: number;
  readonly atMs: number;
}

/** CPU seconds spent during a phase: the whole machine, the named processes and this process. */
export interface CpuUsage {
  readonly wallSeconds: number;
  /** Busy CPU-seconds on all cores (2 cores give at most 2 × wall). */
  readonly machineBusySeconds: number;
  readonly processSeconds: Record<string, number>;
  readonly benchSeconds: number;
  /** The bench's PostgreSQL server: the postmaster, its live children, and the children it reaped meanwhile. */
  readonly postgresSeconds: number;
  /** machine − all of the above: anything else running on the machine (should be near 0 for a result). */
  readonly otherSeconds: number;
}

let postmasterPid: number | null = null;

/** From here on every meter also counts the PostgreSQL server whose postmaster.pid this is. */
export function watchPostgres(postmasterPidFile: string): void {
  postmasterPid = Number(readFileSync(postmasterPidFile, 'utf8').split('\n')[0]);
}

function statFields(pid: string | number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Ticks of the postmaster and of every process whose parent it is. */
function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  if (postmasterPid === null) return ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (!fields) continue;
    const pid = Number(entry);
    // The postmaster's cutime/cstime hold its reaped children: backends and parallel workers that exited.
    if (pid === postmasterPid) ticks.set(pid, Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
    else if (Number(fields[1]) === postmasterPid) ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

function processTicks(pid: number): number {
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : 0; // utime + stime
}

export class CpuMeter {
  private readonly start: CpuSnapshot;

  constructor(private readonly processes: Record<string, number> = {}) {
    this.start = this.snapshot();
  }

  stop(): CpuUsage {
    const end = this.snapshot();
    const processSeconds: Record<string, number> = {};
    let named = 0;
    for (const [name, pid] of Object.entries(this.processes)) {
      const seconds = ((end.processTicks.get(pid) ?? 0) - (this.start.processTicks.get(pid) ?? 0)) / TICKS_PER_SECOND;
      processSeconds[name] = round(seconds);
      named += seconds;
    }
    const machineBusySeconds = (end.machineBusyTicks - this.start.machineBusyTicks) / TICKS_PER_SECOND;
    const benchSeconds = (end.selfMicros - this.start.selfMicros) / 1e6;
    // Totals, not per pid: a backend that exited moved its ticks into the postmaster's cutime/cstime.
    const sum = (ticks: Map<number, number>) => [...ticks.values()].reduce((a, b) => a + b, 0);
    const postgresSeconds = (sum(end.postgresTicks) - sum(this.start.postgresTicks)) / TICKS_PER_SECOND;
    return {
      wallSeconds: round((end.atMs - this.start.atMs) / 1000),
      machineBusySeconds: round(machineBusySeconds),
      processSeconds,
      benchSeconds: round(benchSeconds),
      postgresSeconds: round(postgresSeconds),
      otherSeconds: round(Math.max(0, machineBusySeconds - named - benchSeconds - postgresSeconds)),
    };
  }

  private snapshot(): CpuSnapshot {
    const machine = machineTicks();
    const usage = process.cpuUsage();
    return {
      machineBusyTicks: machine.busy,
      machineTotalTicks: machine.total,
      processTicks: new Map(Object.values(this.processes).map((pid) => [pid, processTicks(pid)])),
      postgresTicks: postgresTicks(),
      selfMicros: usage.user + usage.system,
      atMs: Date.now(),
    };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
