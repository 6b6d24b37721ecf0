import { createHash } from 'node:crypto';
import { TestService } from '../support/e2e-app';
import { UNSIGNED_BODY_KEPT_BYTES } from '../../apps/ledger-api/src/postback/unsigned-body';

interface InboxRow {
  raw_body: string;
  outcome: string;
  outcome_detail: { bodySha256: string; bodyBytes: number; truncated: boolean };
}

describe('The inbox keeps unsigned postbacks bounded', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start();
  });
  afterAll(async () => {
    await service?.close();
  });

  async function send(body: string): Promise<{ status: number; row: InboxRow }> {
    const requestId = `unsigned-${Math.random().toString(36).slice(2)}`;
    const response = await fetch(`${service.baseUrl}/paykassma/postback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body });
    const rows: InboxRow[] = await service.dataSource.query(
      'SELECT raw_body, outcome, outcome_detail FROM postback_inbox WHERE outcome_detail->>\'bodySha256\' = $1',
      [createHash('sha256').update(body, 'utf8').digest('hex')],
    );
    expect(rows).toHaveLength(1);
    return { status: response.status, row: rows[0] };
  }

  it('a 95 KB body with a forged signature keeps its first KB and the digest of all of it', async () => {
    // Multi-byte characters straddle the cut: it never splits one.
    const body = JSON.stringify({ direction: 'ingoing', access_key: 'sandbox-postback-access-key', signature: 'forged', label: 'é'.repeat(48_000) });
    const { status, row } = await send(body);
    expect(status).toBe(401);
    expect(row.outcome).toBe('rejected_signature');
    expect(Buffer.byteLength(row.raw_body, 'utf8')).toBeLessThanOrEqual(UNSIGNED_BODY_KEPT_BYTES);
    expect(Buffer.byteLength(row.raw_body, 'utf8')).toBeGreaterThan(UNSIGNED_BODY_KEPT_BYTES - 4);
    expect(body.startsWith(row.raw_body)).toBe(true);
    expect(row.outcome_detail).toMatchObject({ bodyBytes: Buffer.byteLength(body, 'utf8'), truncated: true });
  });

  it('a body that is not JSON is bounded the same way; a short forged body is kept whole', async () => {
    const notJson = `not json ${'x'.repeat(5_000)}`;
    const refused = await send(notJson);
    expect(refused.status).toBe(400);
    expect(refused.row.raw_body).toBe(notJson.slice(0, UNSIGNED_BODY_KEPT_BYTES));

    const short = JSON.stringify({ direction: 'ingoing', signature: 'forged', nonce: Math.random() });
    const kept = await send(short);
    expect(kept.row.raw_body).toBe(short);
    expect(kept.row.outcome_detail.truncated).toBe(false);
  });
});
