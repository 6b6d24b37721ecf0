import type { NextFunction, Request, Response } from 'express';

export type FaultKind = 'timeout' | 'http500' | 'http500-fail';

export const FAULT_KINDS: readonly FaultKind[] = ['timeout', 'http500', 'http500-fail'];

export interface Fault {
  /** Provider path relative to the sandbox mount, e.g. /api/v1/transaction/activate (prefix match on '/'). */
  readonly path: string;
  readonly kind: FaultKind;
  /** How many matching requests it affects. */
  remaining: number;
}

/**
 * Test faults for the provider endpoints. 'timeout' never answers (the caller's timeout fires; the
 * request is NOT processed), 'http500' answers 500 with an HTML body, also unprocessed;
 * 'http500-fail' answers 500 with a `{"status":"fail"}` body (a crashed backend behind a proxy that
 * writes the provider's own error shape): a client must still treat it as an unknown outcome.
 */
export class FaultInjector {
  private faults: Fault[] = [];
  private readonly held = new Set<Response>();

  add(path: string, kind: FaultKind, count: number): Fault {
    const fault: Fault = { path: path.startsWith('/') ? path : `/${path}`, kind, remaining: count };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly Fault[] {
    return this.faults.filter((f) => f.remaining > 0);
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const fault = this.faults.find((f) => f.remaining > 0 && (req.path === f.path || req.path.startsWith(`${f.path}/`)));
      if (!fault) return next();
      fault.remaining--;
      if (fault.kind === 'http500') {
        res.status(500).type('text/html').send('<html><body><h1>500 Server Error</h1></body></html>');
        return;
      }
      if (fault.kind === 'http500-fail') {
        res.status(500).json({ status: 'fail', message: 'Server Error' });
        return;
      }
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
    };
  }

  /** Drops every held (timed-out) connection so servers can close. */
  close(): void {
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
  }
}
