import { randomUUID } from 'node:crypto';
import type { EventStore, PostgresEventStore } from '@kassa/event-store';
import { executeCommand } from '../../src/application/execute-command';
import type { Decider } from '../../src/shared/decider';
import { openTwoProcessStores, type TwoProcessStores } from './two-process-stores';

/** A small account: credits, debits refused beyond the balance, and a switch that can be turned on once. */
type AccountEvent = { type: 'Credited' | 'Debited'; data: { amount: number } } | { type: 'SwitchedOn'; data: object };
type AccountCommand = { type: 'Credit' | 'Debit'; data: { amount: number } } | { type: 'TurnOn'; data: object };
interface Account { balance: number; on: boolean }

const account: Decider<AccountCommand, AccountEvent, Account> = {
  initialState: () => ({ balance: 0, on: false }),
  decide(command, state) {
    if (command.type === 'TurnOn') return state.on ? [] : [{ type: 'SwitchedOn', data: {} }];
    const { amount } = command.data as { amount: number };
    if (command.type === 'Debit' && amount > state.balance) throw new Error('insufficient');
    return [{ type: command.type === 'Credit' ? 'Credited' : 'Debited', data: { amount } }];
  },
  evolve(state, event) {
    if (event.type === 'SwitchedOn') return { ...state, on: true };
    const { amount } = event.data as { amount: number };
    return { ...state, balance: state.balance + (event.type === 'Credited' ? amount : -amount) };
  },
};

const options = { metadata: { tenantId: 't1' }, now: () => '2026-01-01T00:00:00.000Z' };

/** The store, with its stream reads counted (the remembered state is there to spare them). */
function counted(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === 'readStream') return (...args: unknown[]) => { reads++; return (value as (...a: unknown[]) => unknown).apply(target, args); };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, reads: () => reads };
}

describe('executeCommand with a remembered state', () => {
  let stores: TwoProcessStores;
  let here: PostgresEventStore;
  let elsewhere: PostgresEventStore;

  beforeAll(async () => {
    stores = await openTwoProcessStores('execute_command', 4);
    ({ here, elsewhere } = stores);
  });
  afterAll(() => stores.close());

  it('appends without reading the stream when it remembers the state', async () => {
    const stream = `account-${randomUUID()}`;
    const { store, reads } = counted(here);
    await executeCommand(store, account, stream, { type: 'Credit', data: { amount: 5 } }, options);
    const readsBefore = reads();
    const result = await executeCommand(store, account, stream, { type: 'Credit', data: { amount: 7 } }, options);
    expect(reads()).toBe(readsBefore);
    expect(result.state.balance).toBe(12);
    expect(result.version).toBe(1);
  });

  it('reads and decides again when another process appended meanwhile', async () => {
    const stream = `account-${randomUUID()}`;
    await executeCommand(here, account, stream, { type: 'Credit', data: { amount: 5 } }, options);
    await executeCommand(elsewhere, account, stream, { type: 'Credit', data: { amount: 3 } }, options);
    const result = await executeCommand(here, account, stream, { type: 'Credit', data: { amount: 1 } }, options);
    expect(result.state.balance).toBe(9);
    expect(result.version).toBe(2);
    expect((await here.readStream(stream)).map((event) => event.streamVersion)).toEqual([0, 1, 2]);
  });

  it('does not refuse on a remembered balance that was credited elsewhere since', async () => {
    const stream = `account-${randomUUID()}`;
    await executeCommand(here, account, stream, { type: 'Credit', data: { amount: 1 } }, options);
    await executeCommand(elsewhere, account, stream, { type: 'Credit', data: { amount: 100 } }, options);
    const result = await executeCommand(here, account, stream, { type: 'Debit', data: { amount: 50 } }, options);
    expect(result.state.balance).toBe(51);
  });

  it('still refuses when the current state refuses', async () => {
    const stream = `account-${randomUUID()}`;
    await executeCommand(here, account, stream, { type: 'Credit', data: { amount: 1 } }, options);
    await expect(executeCommand(here, account, stream, { type: 'Debit', data: { amount: 2 } }, options)).rejects.toThrow('insufficient');
  });

  it('does not take "nothing to do" from a remembered state without reading', async () => {
    const stream = `account-${randomUUID()}`;
    await executeCommand(here, account, stream, { type: 'Credit', data: { amount: 1 } }, options);
    await executeCommand(elsewhere, account, stream, { type: 'TurnOn', data: {} }, options);
    // Here still remembers the switch off; choose by state: credit only while the switch is on.
    const result = await executeCommand(here, account, stream, (state): AccountCommand | null => (state.on ? { type: 'Credit', data: { amount: 10 } } : null), options);
    expect(result.appended).toEqual([{ type: 'Credited', data: { amount: 10 } }]);
    expect(result.state).toEqual({ balance: 11, on: true });
  });
});
