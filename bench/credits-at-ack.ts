import { Pool } from 'pg';
import { walletStreamId } from '@kassa/ledger';

/** The service's merchant when TENANT_ID is not set (the bench does not set it). */
const TENANT_ID = 'default';

export interface CreditsAtAck {
  /** Acknowledged postbacks whose wallet credit was checked right after the ack. */
  readonly checked: number;
  /** Of those, the ones whose wallet credit was already committed: must be all of them. */
  readonly visible: number;
}

/**
 * Right after each postback's 200, one look at the event store: is the FundsCredited of that
 * deposit already in the player's wallet stream? It is what the balance endpoint reads, so a credit
 * found here is one the player can spend at the ack. The look is by stream id (indexed), on a pool
 * of its own, and is awaited before that request's slot sends its next postback.
 */
export class CreditsAtAckCounter {
  private readonly pool: Pool;
  private checked = 0;
  private visible = 0;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 4 });
  }

  async check(label: string, currency: string, depositId: string): Promise<void> {
    const { rows } = await this.pool.query<{ found: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND type = 'FundsCredited' AND data->>'depositId' = $2) AS found",
      [walletStreamId({ tenantId: TENANT_ID, label, currency }), depositId],
    );
    this.checked += 1;
    if (rows[0].found) this.visible += 1;
  }

  /** Checks made so far: each is one statement on the server, which a count of the service's statements leaves out. */
  get checkedSoFar(): number {
    return this.checked;
  }

  async close(): Promise<CreditsAtAck> {
    await this.pool.end();
    return { checked: this.checked, visible: this.visible };
  }
}
