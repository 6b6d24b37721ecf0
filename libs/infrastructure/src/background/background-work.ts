import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ProcessManagerRunner, ProjectionRunner, type SubscriptionStatus } from '@kassa/event-store';
import { WebhookDeliveryWorker, WithdrawalSubmitter } from '@kassa/ledger';
import { SubscriptionStatusSource } from '../metrics/subscription-status-source';

export const BACKGROUND_WORK_OPTIONS = Symbol('BACKGROUND_WORK_OPTIONS');

export interface BackgroundWorkOptions {
  /** The service runs its subscriptions from start-up; the CLI starts only what a command needs. */
  readonly startOnBootstrap: boolean;
}

/**
 * The durable work beside the requests: the projections, the process managers, the withdrawal
 * submitter and webhook delivery. Started when the application has bootstrapped; stopped at a checkpoint before the
 * HTTP server and the infrastructure close (BeforeApplicationShutdown runs before both).
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly projections: ProjectionRunner,
    private readonly processManagers: ProcessManagerRunner,
    private readonly submitter: WithdrawalSubmitter,
    private readonly webhooks: WebhookDeliveryWorker,
    @Inject(BACKGROUND_WORK_OPTIONS) private readonly options: BackgroundWorkOptions,
    subscriptions: SubscriptionStatusSource,
  ) {
    subscriptions.plug(() => this.status());
  }

  onApplicationBootstrap(): void {
    if (!this.options.startOnBootstrap) return;
    this.projections.start();
    this.processManagers.start();
    this.submitter.start();
    this.webhooks.start();
  }

  /** Stopping what never started is a no-op, so a CLI command's own runner is stopped here too. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.webhooks.stop();
    await this.submitter.stop();
    await this.processManagers.stop();
    await this.projections.stop();
  }

  async status(): Promise<SubscriptionStatus[]> {
    return [...(await this.projections.status()), ...(await this.processManagers.status())];
  }

  /** For tests and tools: resolves when every projection and process manager has caught up. */
  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    await this.projections.waitUntilCaughtUp(timeoutMs);
    await this.processManagers.waitUntilCaughtUp(timeoutMs);
    // The process managers' appends (wallet postings) are projected too.
    await this.projections.waitUntilCaughtUp(timeoutMs);
    // The webhook events those projections wrote, turned into deliveries.
    await this.webhooks.fanOut.waitUntilCaughtUp(timeoutMs);
  }
}
