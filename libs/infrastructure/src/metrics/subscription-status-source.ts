import type { SubscriptionStatus } from '@kassa/event-store';

/**
 * Where /metrics reads the subscriptions' positions. The metrics exist before the runners (the
 * provider client the withdrawal submitter uses reports into them), so the runners' owner
 * (BackgroundWork) plugs its status in when it is built; until then there is nothing to report.
 */
export class SubscriptionStatusSource {
  private read: () => Promise<readonly SubscriptionStatus[]> = async () => [];

  plug(read: () => Promise<readonly SubscriptionStatus[]>): void {
    this.read = read;
  }

  status(): Promise<readonly SubscriptionStatus[]> {
    return this.read();
  }
}
