import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { SandboxControlError } from '../control-error';
import { FAULT_KINDS, type FaultInjector, type FaultKind } from '../fault-injector';
import type { PostbackSender } from '../postback-sender';
import type { SandboxDeposits } from '../sandbox-deposits';
import type { SandboxWithdrawals } from '../sandbox-withdrawals';

type Handler = (req: Request) => unknown;

/** Runs a control action; SandboxControlError becomes its status with {error}. */
function action(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      res.json(handler(req));
    } catch (error) {
      if (error instanceof SandboxControlError) res.status(error.httpStatus).json({ error: error.message });
      else next(error);
    }
  };
}

const body = (req: Request): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {});
const param = (req: Request, name: string): string => String(req.params[name]);

/** Operator and test controls under /sandbox-control (see SANDBOX.md). Never mount in production. */
export function controlRoutes(deposits: SandboxDeposits, withdrawals: SandboxWithdrawals, faults: FaultInjector, sender: PostbackSender): Router {
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  for (const prefix of ['/possible-transactions', '/deposits']) {
    router.post(`${prefix}/:id/approve`, action((req) => deposits.approve(param(req, 'id'), body(req))));
    router.post(`${prefix}/:id/reject`, action((req) => deposits.reject(param(req, 'id'))));
  }
  router.post('/deposits/:id/postback', action((req) => deposits.postback(param(req, 'id'), body(req))));
  router.get('/deposits', action(() => ({ data: deposits.list() })));

  router.post('/withdrawals/:id/finish', action((req) => withdrawals.finish(param(req, 'id'), body(req))));
  router.get('/withdrawals', action(() => ({ data: withdrawals.list() })));
  router.post('/balances', action((req) => withdrawals.setBalance(body(req)['currency'], body(req)['amount'])));

  router.post(
    '/faults',
    action((req) => {
      const { path, kind, count } = body(req);
      if (typeof path !== 'string' || path === '') throw new SandboxControlError(400, 'path is required, e.g. /api/v1/transaction/activate');
      if (!FAULT_KINDS.includes(kind as FaultKind)) throw new SandboxControlError(400, `kind must be one of ${FAULT_KINDS.map((k) => `'${k}'`).join(', ')}`);
      const times = count === undefined ? 1 : count;
      if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw new SandboxControlError(400, 'count must be a positive integer');
      return faults.add(path, kind as FaultKind, times);
    }),
  );
  router.delete('/faults', action(() => (faults.clear(), { data: [] })));
  router.get('/faults', action(() => ({ data: faults.list() })));

  router.get(
    '/postbacks',
    action(() => ({
      data: sender.list().map((d) => ({ id: d.id, kind: d.kind, key: d.key, duplicateOf: d.duplicateOf, state: d.state, attempts: d.attempts, body: d.body })),
    })),
  );
  return router;
}
