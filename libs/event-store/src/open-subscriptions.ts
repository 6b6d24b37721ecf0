import type { Subscription } from './event-store.port';

/**
 * The live subscriptions of one store, so that close() can stop them all. A subscription leaves the
 * set when it is stopped or fails for good.
 */
export class OpenSubscriptions {
  private readonly open = new Set<Subscription>();

  track(subscription: Subscription): Subscription {
    this.open.add(subscription);
    const forget = (): void => {
      this.open.delete(subscription);
    };
    subscription.failed.catch(forget);
    return {
      failed: subscription.failed,
      stop: async () => {
        await subscription.stop();
        forget();
      },
    };
  }

  /** Stops every open subscription, waiting for in-flight handlers. */
  async stopAll(): Promise<void> {
    const running = [...this.open];
    this.open.clear();
    await Promise.all(running.map((subscription) => subscription.stop()));
  }
}
