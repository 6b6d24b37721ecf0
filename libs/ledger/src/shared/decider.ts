/**
 * Emmett-style deciders: `decide` turns a command and the current state into new events (or throws a
 * DomainError); `evolve` folds one event into the state. Both are pure: no clock (the time of the
 * decision comes in as `now`), no ids generated, no I/O.
 */

/** An event as stored: a past-tense type and JSON-serializable data (amounts as minor-unit strings). */
export interface DomainEvent<TType extends string = string, TData extends object = object> {
  readonly type: TType;
  readonly data: TData;
}

/** A command: an imperative type and its data (amounts as bigint minor units). */
export interface Command<TType extends string = string, TData extends object = object> {
  readonly type: TType;
  readonly data: TData;
}

export interface Decider<TCommand, TEvent, TState> {
  /** `now` is the decision time, an ISO-8601 UTC string such as "2024-05-01T10:00:00.000Z". */
  decide(command: TCommand, state: TState, now: string): TEvent[];
  evolve(state: TState, event: TEvent): TState;
  initialState(): TState;
}

/** The state after these events, oldest first: what a command handler does after reading the stream. */
export function fold<TCommand, TEvent, TState>(
  decider: Decider<TCommand, TEvent, TState>,
  events: readonly TEvent[],
  from: TState = decider.initialState(),
): TState {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
