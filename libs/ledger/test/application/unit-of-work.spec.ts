import { randomUUID } from 'node:crypto';
import type { PostgresEventStore } from '@kassa/event-store';
import { SequentialEventStore } from '../../../event-store/src/testing/sequential-event-store';
import { readWholeStream } from '../../src/application/execute-command';
import { inOneUnit } from '../../src/application/unit-of-work';
import type { Decider } from '../../src/shared/decider';
import { openTwoProcessStores, type TwoProcessStores } from './two-process-stores';

/** A small account: credits, and debits refused beyond the balance. */
type AccountEvent = { type: 'Credited' | 'Debited'; data: { amount: number } };
type AccountCommand = { type: 'Credit' | 'Debit'; data: { amount: number } };

const account: Decider<AccountCommand, AccountEvent, number> = {
  initialState: () => 0,
  decide(command, balance) {
    if (command.type === 'Debit' && command.data.amount > balance) throw new Error('insufficient');
    return [{ type: command.type === 'Credit' ? 'Credited' : 'Debited', data: command.data }];
  },
  evolve: (balance, event) => balance + (event.type === 'Credited' ? event.data.amount : -event.data.amount),
};

const options = { metadata: { tenantId: 't1' }, now: () => '2026-01-01T00:00:00.000Z' };
const credit = (amount: number): AccountCommand => ({ type: 'Credit', data: { amount } });
const debit = (amount: number): AccountCommand => ({ type: 'Debit', data: { amount } });

describe('A unit of work: decisions on several streams that commit together', () => {
  let stores: TwoProcessStores;
  let here: PostgresEventStore;
  let elsewhere: PostgresEventStore;

  beforeAll(async () => {
    stores = await openTwoProcessStores('unit_of_work', 8);
    ({ here, elsewhere } = stores);
  });
  afterAll(() => stores.close());

  const fresh = () => `acct-${randomUUID()}`;
  const balanceOf = async (streamId: string) => (await readWholeStream(here, streamId)).reduce((sum, e) => sum + (e.type === 'Credited' ? 1 : -1) * Number(e.data.amount), 0);

  it('decides twice on one stream within the unit as one append', async () => {
    const streamId = fresh();
    await inOneUnit(here, async (unit) => {
      await unit.execute(account, streamId, credit(5), options);
      const { state } = await unit.execute(account, streamId, debit(3), options);
      expect(state).toBe(2);
    });
    const stored = await readWholeStream(here, streamId);
    expect(stored.map((e) => [e.type, e.streamVersion])).toEqual([['Credited', 0], ['Debited', 1]]);
    expect(new Set(stored.map((e) => e.position.commit)).size).toBe(1);
  });

  it('runs the whole unit again when another writer got to one of its streams first, and never half-applies it', async () => {
    const order = fresh();
    const wallet = fresh();
    await inOneUnit(here, (unit) => unit.execute(account, wallet, credit(1), options).then(() => undefined));
    await inOneUnit(elsewhere, (unit) => unit.execute(account, wallet, credit(10), options).then(() => undefined)); // here does not know
    let attempts = 0;
    await inOneUnit(here, async (unit) => {
      attempts += 1;
      await unit.execute(account, order, credit(7), options);
      await unit.execute(account, wallet, credit(7), options);
    });
    expect(attempts).toBe(2);
    expect(await readWholeStream(here, order)).toHaveLength(1);
    expect(await balanceOf(wallet)).toBe(18);
  });

  it('decides again on a fresh read when a remembered state refuses (a balance credited by another process)', async () => {
    const wallet = fresh();
    await inOneUnit(here, (unit) => unit.execute(account, wallet, credit(1), options).then(() => undefined));
    await inOneUnit(elsewhere, (unit) => unit.execute(account, wallet, credit(100), options).then(() => undefined));
    await inOneUnit(here, (unit) => unit.execute(account, wallet, debit(50), options).then(() => undefined));
    expect(await balanceOf(wallet)).toBe(51);
    await expect(inOneUnit(here, (unit) => unit.execute(account, wallet, debit(52), options))).rejects.toThrow('insufficient');
  });

  it('20 concurrent units on one shared stream: every one applied exactly once', async () => {
    const wallet = fresh();
    const orders = Array.from({ length: 20 }, fresh);
    await Promise.all(orders.map((order, i) => inOneUnit(i % 2 === 0 ? here : elsewhere, async (unit) => {
      await unit.execute(account, order, credit(i + 1), options);
      await unit.execute(account, wallet, credit(i + 1), options);
    })));
    expect(await balanceOf(wallet)).toBe(210);
    for (const order of orders) expect(await readWholeStream(here, order)).toHaveLength(1);
  });

  it('on a store that appends one by one, the streams go in the order they were first decided on', async () => {
    const appended: string[] = [];
    const sequential = new SequentialEventStore(here, (append) => void appended.push(append.streamId));
    const [first, second] = [fresh(), fresh()];
    await inOneUnit(sequential, async (unit) => {
      await unit.execute(account, first, credit(1), options);
      await unit.execute(account, second, credit(1), options);
      await unit.execute(account, first, credit(1), options);
    });
    expect(appended).toEqual([first, second]);
  });
});
