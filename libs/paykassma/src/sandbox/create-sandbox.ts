import { Router, type NextFunction, type Request, type Response } from 'express';
import { assertTimeZone, DEFAULT_PROVIDER_TIME_ZONE } from '../postback/provider-time';
import { defaultWithdrawalSigner } from '../signature/withdrawal-signer';
import { SandboxControlError } from './control-error';
import { FaultInjector, type Fault, type FaultKind } from './fault-injector';
import { PostbackSender, type PostbackDelivery } from './postback-sender';
import { controlRoutes } from './routes/control-routes';
import { providerRoutes } from './routes/provider-routes';
import { SandboxContext } from './sandbox-context';
import { SandboxDeposits } from './sandbox-deposits';
import type { PaykassmaSandboxOptions } from './sandbox-options';
import { SandboxWithdrawals } from './sandbox-withdrawals';

/** The same operations as the /sandbox-control HTTP calls, for code and tests. */
export interface SandboxControl {
  approveDeposit(customTransactionId: string, input?: { amount?: string; duplicates?: number }): unknown;
  rejectDeposit(customTransactionId: string): unknown;
  sendDepositPostback(customTransactionId: string, input?: { amount?: string; duplicates?: number; walletType?: string; label?: string; transactionId?: string }): unknown;
  finishWithdrawal(withdrawalId: string, input: { status: number; duplicates?: number }): unknown;
  injectFault(path: string, kind: FaultKind, count?: number): Fault;
  clearFaults(): void;
  /** Provider-side balance for the insufficient-balance answer; null = unlimited (default). */
  setBalance(currency: string, amount: string | null): unknown;
  deposits(): unknown[];
  withdrawals(): unknown[];
  postbacks(): readonly PostbackDelivery[];
  /** Resolves once every postback has been acknowledged or given up. */
  postbacksSettled(): Promise<void>;
}

export interface PaykassmaSandbox {
  /** Mount under any prefix; that prefix + this router is the client's apiUrl. */
  readonly router: Router;
  readonly control: SandboxControl;
  /** Stops retries, aborts in-flight postbacks and drops held (timed-out) requests. */
  close(): Promise<void>;
}

/**
 * A stand-in for Paykassma with deterministic outcomes (SANDBOX.md). Provider paths are served as
 * the provider serves them; operator calls live under /sandbox-control.
 */
export function createPaykassmaSandbox(options: PaykassmaSandboxOptions): PaykassmaSandbox {
  const timeZone = options.timeZone ?? DEFAULT_PROVIDER_TIME_ZONE;
  assertTimeZone(timeZone);
  const now = options.now ?? (() => new Date());
  const postbackUrl = options.postbackUrl;
  const sender = new PostbackSender({
    url: typeof postbackUrl === 'function' ? postbackUrl : () => postbackUrl,
    retryBaseMs: options.postbackRetryBaseMs ?? 1000,
    maxAttempts: options.postbackMaxAttempts ?? 8,
    timeoutMs: options.postbackTimeoutMs ?? 10_000,
    now,
  });
  const ctx = new SandboxContext(
    { accessKey: options.accessKey, privateKey: options.privateKey },
    timeZone,
    now,
    sender,
    options.withdrawalKey,
    options.withdrawalSigner ?? defaultWithdrawalSigner,
  );
  const deposits = new SandboxDeposits(ctx);
  const withdrawals = new SandboxWithdrawals(ctx);
  const faults = new FaultInjector();

  const router = Router();
  router.use('/sandbox-control', controlRoutes(deposits, withdrawals, faults, sender));
  router.use(providerRoutes(options.pluginApiSecret, deposits, withdrawals, faults));
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error instanceof SandboxControlError ? error.httpStatus : 500;
    res.status(status).json({ error: error instanceof Error ? error.message : 'sandbox error' });
  });

  const control: SandboxControl = {
    approveDeposit: (id, input) => deposits.approve(id, input),
    rejectDeposit: (id) => deposits.reject(id),
    sendDepositPostback: (id, input) => deposits.postback(id, input),
    finishWithdrawal: (id, input) => withdrawals.finish(id, input),
    injectFault: (path, kind, count = 1) => faults.add(path, kind, count),
    clearFaults: () => faults.clear(),
    setBalance: (currency, amount) => withdrawals.setBalance(currency, amount),
    deposits: () => deposits.list(),
    withdrawals: () => withdrawals.list(),
    postbacks: () => sender.list(),
    postbacksSettled: () => sender.whenIdle(),
  };

  return {
    router,
    control,
    async close() {
      sender.close();
      faults.close();
      await sender.whenIdle();
    },
  };
}
