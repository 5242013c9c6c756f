import { Decider, DomainEvent, fold } from './event';
import { DomainError } from './domain-error';

/**
 * given([events]).when(command).then([events]) / .thenThrows(code): the decider's rules read
 * as tests. Pure: no store, no clock (time travels inside the command).
 */
export function specFor<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (given: readonly E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, fold(decider, given));
      return {
        then: (expected: Partial<E>[] | ((events: E[]) => void)) => {
          const events = run();
          if (typeof expected === 'function') expected(events);
          else expect(events).toMatchObject(expected);
          return events;
        },
        thenThrows: (code: string, kind?: DomainError['kind']) => {
          let caught: unknown;
          try {
            run();
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
          if (kind) expect((caught as DomainError).kind).toBe(kind);
          return caught as DomainError;
        },
      };
    },
  });
}
