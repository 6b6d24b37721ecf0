import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@kassa/platform';
import { createTestDatabase } from '../../../../test/support/test-database';
import { READ_MODEL_MIGRATIONS } from '../migrations';
import { InvalidPageRequestError } from '../shared/page';
import type { NewInboxEntry } from './postback-inbox.entry';
import { PostbackInboxRepository } from './postback-inbox.repository';

const TENANT = 'merchant-1';

function entry(overrides: Partial<NewInboxEntry> = {}): NewInboxEntry {
  return {
    id: randomUUID(),
    tenantId: TENANT,
    receivedAt: '2024-05-01T10:00:00.000Z',
    rawBody: '{"direction":"ingoing","sign":"abc"}',
    contentType: 'application/json',
    remoteAddr: '203.0.113.7',
    signatureValid: null,
    direction: null,
    ...overrides,
  };
}

describe('Postback inbox', () => {
  let drop: () => Promise<void>;
  let dataSource: DataSource;
  let inbox: PostbackInboxRepository;

  beforeAll(async () => {
    const db = await createTestDatabase('rm_inbox');
    drop = db.drop;
    dataSource = await openDatabase(db.url, READ_MODEL_MIGRATIONS);
    inbox = new PostbackInboxRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await drop();
  });

  it('keeps the raw body as received, then what processing came to', async () => {
    const received = entry({ rawBody: '{"amount": 1200.50, "odd":"ä"}' });
    expect(await inbox.insert(received)).toBe(true);
    expect(await inbox.get(TENANT, received.id)).toEqual({ ...received, outcome: 'received', outcomeDetail: null, processedAt: null });

    const marked = await inbox.markOutcome(received.id, 'applied', {
      detail: { depositId: 'dep-1', events: ['PostbackReceived', 'DepositCredited'] },
      processedAt: '2024-05-01T10:00:00.250Z',
      signatureValid: true,
      direction: 'ingoing',
    });
    expect(marked).toBe(true);
    expect(await inbox.get(TENANT, received.id)).toMatchObject({
      rawBody: '{"amount": 1200.50, "odd":"ä"}',
      signatureValid: true,
      direction: 'ingoing',
      outcome: 'applied',
      outcomeDetail: { depositId: 'dep-1', events: ['PostbackReceived', 'DepositCredited'] },
      processedAt: '2024-05-01T10:00:00.250Z',
    });
  });

  it('treats a repeated id as a no-op and an unknown id as nothing to mark', async () => {
    const first = entry();
    expect(await inbox.insert(first)).toBe(true);
    expect(await inbox.insert({ ...first, rawBody: 'something else' })).toBe(false);
    expect((await inbox.get(TENANT, first.id))?.rawBody).toBe(first.rawBody);
    expect(await inbox.markOutcome(randomUUID(), 'duplicate', { processedAt: '2024-05-01T10:00:01.000Z' })).toBe(false);
  });

  it('stores many postbacks in one statement, each with its own outcome, and says which were new', async () => {
    const known = entry();
    await inbox.insert(known);
    const applied = entry({ signatureValid: true, direction: 'ingoing', rawBody: '{"a":"\u2028 ü"}' });
    const malformed = entry({ contentType: null, remoteAddr: null });
    const processed = { outcome: 'applied' as const, detail: { records: [{ depositId: 'dep-9' }] }, processedAt: '2024-05-01T10:00:00.125Z' };
    const stored = await inbox.insertMany([
      { entry: applied, processed },
      { entry: { ...known, rawBody: 'again' } },
      { entry: malformed, processed: { outcome: 'malformed', detail: null, processedAt: '2024-05-01T10:00:00.500Z' } },
    ]);
    expect([...stored].sort()).toEqual([applied.id, malformed.id].sort());
    expect(await inbox.get(TENANT, applied.id)).toEqual({ ...applied, outcome: 'applied', outcomeDetail: processed.detail, processedAt: processed.processedAt });
    expect(await inbox.get(TENANT, malformed.id)).toMatchObject({ contentType: null, remoteAddr: null, outcome: 'malformed', outcomeDetail: null });
    expect((await inbox.get(TENANT, known.id))?.rawBody).toBe(known.rawBody);
  });

  it('lists newest first by outcome and time window, one page after another', async () => {
    const rejected: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      const e = entry({ receivedAt: `2024-06-01T00:00:0${n}.000Z` });
      await inbox.insert(e);
      await inbox.markOutcome(e.id, 'rejected_signature', { processedAt: e.receivedAt, signatureValid: false, detail: { reason: 'signature_mismatch' } });
      rejected.unshift(e.id);
    }
    const filter = { outcome: 'rejected_signature' as const, from: '2024-06-01T00:00:00Z', to: '2024-06-02T00:00:00Z' };
    const first = await inbox.list(TENANT, filter, { limit: 3 });
    const second = await inbox.list(TENANT, filter, { limit: 3, cursor: first.nextCursor });
    expect(first.data.map((e) => e.id)).toEqual(rejected.slice(0, 3));
    expect(second.data.map((e) => e.id)).toEqual(rejected.slice(3));
    expect(second.nextCursor).toBeNull();
    expect((await inbox.list('merchant-2', filter)).data).toEqual([]);
    await expect(inbox.list(TENANT, filter, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidPageRequestError);
  });
});
