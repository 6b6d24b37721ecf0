import { DepositQueries } from '../deposits/deposits.query';
import { EntryQueries } from '../journal/entries.query';
import { LedgerDriver } from '../testing/ledger-driver';
import { openReadModelFixture, type ReadModelFixture } from '../testing/read-model-fixture';
import { TestClock } from '../testing/test-clock';
import { encodeCursor } from './cursor';
import { DEFAULT_PAGE_LIMIT, InvalidPageRequestError, MAX_PAGE_LIMIT, type Page, type PageRequest } from './page';

const TENANT = 'merchant-1';
const OTHER_TENANT = 'merchant-2';
const DEPOSITS = 250;
const HOLDS = 125;

/** Follows nextCursor to the end; a bound on pages so that a cursor that never ends fails the test. */
async function allPages<T>(fetch: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= 1_000; pages += 1) {
    const page: Page<T> = await fetch({ limit, cursor });
    expect(page.data.length).toBeLessThanOrEqual(limit);
    items.push(...page.data);
    if (page.nextCursor === null) return { items, pages };
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('Cursor pagination', () => {
  let fixture: ReadModelFixture;
  let deposits: DepositQueries;
  /** Deposit ids newest first, as the list must give them: created_at DESC, then id DESC among equals. */
  let expectedOrder: string[];

  beforeAll(async () => {
    fixture = await openReadModelFixture('rm_pagination');
    deposits = new DepositQueries(fixture.dataSource);
    const driver = new LedgerDriver(fixture.store, new TestClock(), TENANT);
    const created: { id: string; at: string }[] = [];
    for (let n = 0; n < DEPOSITS; n += 1) {
      // Ten deposits share each instant, so the id must break ties for every page boundary.
      if (n % 10 === 0) driver.clock.advance();
      const id = `dep-${String((n * 37) % DEPOSITS).padStart(3, '0')}`;
      await driver.openDeposit({ depositId: id, walletType: 'paytm', currency: 'INR', label: n % 2 === 0 ? 'even' : 'odd' });
      created.push({ id, at: driver.clock.now() });
    }
    expectedOrder = created.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1)).map((d) => d.id);

    // One player of another merchant with 1 + 2 × HOLDS postings of their own.
    const holder = new LedgerDriver(fixture.store, driver.clock, OTHER_TENANT);
    await holder.openDeposit({ depositId: 'dep-funds', walletType: 'paytm', currency: 'INR', label: 'holder' });
    await holder.depositPostback('dep-funds', { walletType: 'paytm', currency: 'INR', transactionId: '123456789012', amountMinor: 1_000_000n });
    for (let n = 0; n < HOLDS; n += 1) {
      if (n % 4 === 0) driver.clock.advance(1);
      await holder.requestWithdrawal({ withdrawalId: `wd-${n}`, walletType: 'paytm', currency: 'INR', label: 'holder', amountMinor: 100n, accountNumber: '1234567890' });
    }
    await fixture.caughtUp(60_000);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it.each([1, 7, 50, 200])('returns each of 250 deposits exactly once, newest first, %i per page', async (limit) => {
    const { items, pages } = await allPages((page) => deposits.list(TENANT, {}, page), limit);
    expect(items.map((d) => d.id)).toEqual(expectedOrder);
    expect(pages).toBe(Math.ceil(DEPOSITS / limit));
  });

  it('pages through a filtered list the same way', async () => {
    const { items } = await allPages((page) => deposits.list(TENANT, { label: 'odd', status: 'created' }, page), 13);
    expect(items).toHaveLength(DEPOSITS / 2);
    expect(new Set(items.map((d) => d.id)).size).toBe(DEPOSITS / 2);
    expect(items.every((d) => d.label === 'odd')).toBe(true);
    expect((await deposits.list(TENANT, { status: 'credited' })).data).toEqual([]);
    expect((await deposits.list(OTHER_TENANT, { status: 'credited' })).data.map((d) => d.id)).toEqual(['dep-funds']);
  });

  it('answers 50 by default and refuses a limit above 200 or a cursor it did not give out', async () => {
    const first = await deposits.list(TENANT);
    expect(first.data).toHaveLength(DEFAULT_PAGE_LIMIT);
    expect(first.nextCursor).not.toBeNull();
    await expect(deposits.list(TENANT, {}, { limit: MAX_PAGE_LIMIT + 1 })).rejects.toMatchObject({ field: 'limit' });
    await expect(deposits.list(TENANT, {}, { limit: 0 })).rejects.toBeInstanceOf(InvalidPageRequestError);
    await expect(deposits.list(TENANT, {}, { cursor: 'garbage!' })).rejects.toMatchObject({ field: 'cursor' });
    await expect(deposits.list(TENANT, {}, { cursor: encodeCursor(['yesterday', 'dep-1']) })).rejects.toMatchObject({ field: 'cursor' });
  });

  it('returns each of the player entries exactly once, newest first', async () => {
    const entries = new EntryQueries(fixture.dataSource);
    const { items } = await allPages((page) => entries.list(OTHER_TENANT, 'holder', {}, page), 9);
    expect(items).toHaveLength(1 + 2 * HOLDS);
    expect(new Set(items.map((e) => `${e.entryId}|${e.account}`)).size).toBe(items.length);
    const times = items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(items[items.length - 1]).toMatchObject({ eventType: 'FundsCredited', amount: '+10000.00' });
    const onePage = await entries.list(OTHER_TENANT, 'holder', {}, { limit: 200 });
    expect(onePage.data).toEqual(items.slice(0, 200));
  });
});
