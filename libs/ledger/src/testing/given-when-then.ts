import type { Decider } from '../shared/decider';
import { fold } from '../shared/decider';
import { DomainError, type DomainErrorCode } from '../shared/domain-error';

/**
 * Decider specs as given(events).when(command).then(events), in the style of Emmett's DeciderSpecification.
 * Test-only (it uses jest's `expect`), so it is not exported from the library's index.
 */

export const TEST_NOW = '2024-05-01T10:00:00.000Z';

export interface WhenClause<TEvent> {
  /** The events decide returns, exactly; evolving them onto the state must not throw either. */
  then(expected: readonly TEvent[]): void;
  /** decide refuses with a DomainError of this code (and the message, if given, is contained in it). */
  thenThrows(code: DomainErrorCode, messagePart?: string): void;
}

export interface GivenClause<TCommand, TEvent> {
  when(command: TCommand, now?: string): WhenClause<TEvent>;
}

export function given<TCommand, TEvent, TState>(
  decider: Decider<TCommand, TEvent, TState>,
  events: readonly TEvent[] = [],
): GivenClause<TCommand, TEvent> {
  return {
    when(command, now = TEST_NOW) {
      const decide = (): { state: TState; decided: TEvent[] } => {
        const state = fold(decider, events);
        return { state, decided: decider.decide(command, state, now) };
      };
      return {
        then(expected) {
          const { state, decided } = decide();
          expect(decided).toEqual(expected);
          expect(JSON.parse(JSON.stringify(decided))).toEqual(decided); // event data is plain JSON
          fold(decider, decided, state);
        },
        thenThrows(code, messagePart) {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
          if (messagePart !== undefined) expect((thrown as DomainError).message).toContain(messagePart);
        },
      };
    },
  };
}
