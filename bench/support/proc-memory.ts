import { readFileSync, writeFileSync } from 'node:fs';

/** VmRSS (now) and VmHWM (peak so far) of a process, in MB; null once it is gone. */
export function readMemory(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(/^\s*(\d+)/.exec(status.split(`${key}:`)[1] ?? '')?.[1] ?? 0);
    return { rssMb: Math.round(kb('VmRSS') / 1024), hwmMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/**
 * Starts this process's peak (VmHWM) afresh from its present RSS (Linux: clear_refs 5), so a later
 * readMemory(process.pid).hwmMb is the peak of what came after, not of an earlier phase.
 */
export function resetOwnPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

/** Samples a process's resident memory every intervalMs until stopped; keeps the peak. */
export class MemorySampler {
  private peakRssMb = 0;
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** RSS now, for a timeline (idle, after a phase…). */
  now(): number {
    return readMemory(this.pid)?.rssMb ?? 0;
  }

  stop(): { peakRssMb: number; hwmMb: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakRssMb: this.peakRssMb, hwmMb: readMemory(this.pid)?.hwmMb ?? 0, samples: this.samples };
  }

  private sample(): void {
    const memory = readMemory(this.pid);
    if (!memory) return;
    this.samples += 1;
    this.peakRssMb = Math.max(this.peakRssMb, memory.rssMb);
  }
}
