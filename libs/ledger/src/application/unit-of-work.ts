import { randomUUID } from 'node:crypto';
import { type AlongsideRow, type AppendManyOptions, DuplicateEventIdError, type EventStore, type NewEvent, type TransactionSql, WrongExpectedVersionError } from '@kassa/event-store';
import { type Decider, type DomainEvent, fold } from '../shared/decider';
import { type ExecuteOptions, loadState } from './execute-command';
import { StateCache } from './state-cache';
import { StreamTurns } from './stream-turns';

/**
 * Bound on attempts of one unit. Every failed attempt means another writer committed to one of its
 * streams first, so some writer always makes progress; 50 postbacks racing for one wallet need at
 * most 50 attempts for the last of them.
 */
const MAX_UNIT_ATTEMPTS = 100;

interface StagedStream {
  readonly decider: Decider<unknown, DomainEvent, unknown>;
  /** The version the decisions were taken on (null: no stream): the append's expected version. */
  readonly version: number | null;
  state: unknown;
  readonly events: NewEvent[];
}

export interface UnitExecuteOptions extends ExecuteOptions {
  /**
   * A stream many writers touch at once (a player's wallet): take turns on it within this process
   * (StreamTurns) before deciding, so that concurrent units do not all decide on the same version.
   */
  readonly takeTurns?: boolean;
}

/**
 * Decisions on several streams that commit together: each command is decided on its stream's state
 * (remembered, or read) plus what this unit already decided there, and commit() appends every
 * stream with the version its decisions were taken on, in one appendMany. On an atomic store the
 * unit is all or nothing; on a sequential one it is appended in the order the streams were first
 * decided on, and whatever follows a crash is repaired from the events already stored.
 */
export class UnitOfWork {
  private readonly staged = new Map<string, StagedStream>();
  private readonly turns: (() => void)[] = [];

  constructor(
    private readonly store: EventStore,
    /** A later attempt: read every stream, trust nothing remembered. */
    private readonly readEverything: boolean,
  ) {}

  /** Decides one command into the unit: the state after it, and the events it decided (not yet stored). */
  async execute<TCommand, TEvent extends DomainEvent, TState>(
    decider: Decider<TCommand, TEvent, TState>,
    streamId: string,
    /** The command, or a choice of command by the current state (null: nothing to do). */
    command: TCommand | ((state: TState) => TCommand | null),
    options: UnitExecuteOptions,
  ): Promise<{ state: TState; decided: TEvent[] }> {
    let staged = this.staged.get(streamId);
    if (staged === undefined) {
      if (options.takeTurns) await this.takeTurn(streamId);
      const guess = this.guess<TState>(decider, streamId, options);
      if (guess) {
        // A refusal or nothing to do proves nothing on a state that was not read: read and decide again.
        const decided = tryDecide(decider, command, guess.state, options.now());
        if (decided !== null && decided.length > 0) return this.stage(decider, streamId, guess, decided, options);
      }
      const loaded = await loadState(this.store, decider, streamId);
      staged = this.track(decider, streamId, loaded);
    }
    const state = staged.state as TState;
    const chosen = typeof command === 'function' ? (command as (state: TState) => TCommand | null)(state) : command;
    const decided = chosen === null ? [] : decider.decide(chosen, state, options.now());
    return this.stage(decider, streamId, staged, decided, options);
  }

  /**
   * Appends what was decided (nothing to append: nothing is written). `alongside` is for atomic
   * stores only: more writes inside the events' transaction (see AppendManyOptions). Throws WrongExpectedVersionError when
   * another writer got to one of the streams first.
   */
  async commit(alongside: AppendManyOptions = {}): Promise<boolean> {
    const pending = [...this.staged].filter(([, staged]) => staged.events.length > 0);
    if (pending.length === 0) return false;
    const results = await this.store.appendMany(
      pending.map(([streamId, staged]) => ({ streamId, events: staged.events, expected: staged.version === null ? 'no_stream' : staged.version })),
      alongside,
    );
    const cache = StateCache.of(this.store);
    pending.forEach(([streamId, staged], index) => cache.set(staged.decider, streamId, results[index].nextVersion, staged.state));
    return true;
  }

  /** Ends the unit's turns on its streams (after its commit, or its failure). */
  release(): void {
    for (const release of this.turns.splice(0)) release();
  }

  private async takeTurn(streamId: string): Promise<void> {
    const turns = StreamTurns.of(this.store);
    if (this.turns.length === 0) {
      this.turns.push(await turns.take(streamId));
      return;
    }
    const turn = turns.takeIfFree(streamId);
    if (turn) this.turns.push(turn);
  }

  /** The state to decide on without reading: remembered by this process, or assumed new. */
  private guess<TState>(decider: object, streamId: string, options: UnitExecuteOptions): { state: TState; version: number | null } | undefined {
    if (this.readEverything) return undefined;
    const remembered = StateCache.of(this.store).get<TState>(decider, streamId);
    if (remembered) return remembered;
    return options.assumeNew ? { state: (decider as Decider<unknown, unknown, TState>).initialState(), version: null } : undefined;
  }

  private track(decider: object, streamId: string, from: { state: unknown; version: number | null }): StagedStream {
    const staged: StagedStream = { decider: decider as StagedStream['decider'], version: from.version, state: from.state, events: [] };
    this.staged.set(streamId, staged);
    return staged;
  }

  private stage<TCommand, TEvent extends DomainEvent, TState>(
    decider: Decider<TCommand, TEvent, TState>,
    streamId: string,
    base: StagedStream | { state: TState; version: number | null },
    decided: TEvent[],
    options: ExecuteOptions,
  ): { state: TState; decided: TEvent[] } {
    const staged = 'events' in base ? base : this.track(decider, streamId, base);
    const offset = staged.events.length;
    staged.state = fold(decider, decided, staged.state as TState);
    staged.events.push(...decided.map((event, index) => ({
      id: options.eventId?.(offset + index, event) ?? randomUUID(),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: options.metadata,
    })));
    return { state: staged.state as TState, decided };
  }
}

function tryDecide<TCommand, TEvent, TState>(
  decider: Decider<TCommand, TEvent, TState>,
  command: TCommand | ((state: TState) => TCommand | null),
  state: TState,
  now: string,
): TEvent[] | null {
  try {
    const chosen = typeof command === 'function' ? (command as (state: TState) => TCommand | null)(state) : command;
    return chosen === null ? [] : decider.decide(chosen, state, now);
  } catch {
    return null;
  }
}

/**
 * Runs `work` in a unit and commits it; when another writer got to one of its streams first, runs
 * it again on freshly read streams (bounded). `work` must only decide, never write elsewhere: it may
 * run several times. Answers what the committed attempt's `work` answered.
 */
export async function inOneUnit<T>(
  store: EventStore,
  work: (unit: UnitOfWork) => Promise<T>,
  commit: (unit: UnitOfWork, result: T) => Promise<unknown> = (unit) => unit.commit(),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const unit = new UnitOfWork(store, attempt > 1);
    try {
      const result = await work(unit);
      await commit(unit, result);
      return result;
    } catch (error) {
      // A deterministic id already stored at another version: its effect is there (written by the
      // repair path meanwhile); reading the streams again decides nothing for it.
      const raced = error instanceof WrongExpectedVersionError || error instanceof DuplicateEventIdError;
      if (!raced || attempt >= MAX_UNIT_ATTEMPTS) throw error;
    } finally {
      unit.release();
    }
  }
}

/**
 * Something recorded with what a unit decided (the raw postback and its outcome in the inbox): in
 * the events' own transaction where the store has one, otherwise in its own commit right after them.
 */
export interface OutcomeRecorder<T> {
  recordWith(sql: TransactionSql, outcome: T): Promise<void>;
  /**
   * Optional, instead of recordWith: the record as one row of a kind, so that concurrent units
   * committed together (a group commit) write all their rows in one statement.
   */
  rowWith?(outcome: T): AlongsideRow;
  record(outcome: T): Promise<void>;
}

/** Commits the unit with the record of its outcome: one transaction on an atomic store. */
export async function commitRecording<T>(store: EventStore, unit: UnitOfWork, recorder: OutcomeRecorder<T> | undefined, outcome: T): Promise<void> {
  if (recorder === undefined) {
    await unit.commit();
    return;
  }
  const alongside: AppendManyOptions = recorder.rowWith ? { alongsideRow: recorder.rowWith(outcome) } : { alongside: (sql) => recorder.recordWith(sql, outcome) };
  const appended = store.multiStreamAppend === 'atomic' ? await unit.commit(alongside) : await unit.commit();
  const recordedWithEvents = appended && store.multiStreamAppend === 'atomic';
  if (!recordedWithEvents) await recorder.record(outcome);
}
