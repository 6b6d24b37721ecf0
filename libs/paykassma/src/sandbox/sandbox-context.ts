import type { PostbackKeys } from '../signature/postback-signature';
import type { WithdrawalSigner } from '../signature/withdrawal-signer';
import type { PostbackContext } from './postback-builder';
import type { PostbackSender } from './postback-sender';

/** What the deposit and withdrawal desks share. */
export class SandboxContext {
  private stockpilingSeq = 1000;

  constructor(
    readonly keys: PostbackKeys,
    readonly timeZone: string,
    readonly now: () => Date,
    readonly sender: PostbackSender,
    readonly withdrawalKey: string,
    readonly withdrawalSigner: WithdrawalSigner,
  ) {}

  postbackContext(): PostbackContext {
    return { keys: this.keys, timeZone: this.timeZone, now: this.now() };
  }

  nextStockpilingId(): number {
    return ++this.stockpilingSeq;
  }
}
