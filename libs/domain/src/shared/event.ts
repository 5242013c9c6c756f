/** Events are plain serialisable objects: a `type` and its `data`. Never class instances. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
  /** Deterministic id where a retry can happen (guarantee 2); the store generates one otherwise. */
  id?: string;
}

export interface Decider<TCommand, TEvent extends DomainEvent, TState> {
  initialState: () => TState;
  evolve: (state: TState, event: TEvent) => TState;
  decide: (command: TCommand, state: TState) => TEvent[];
}

export function fold<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
): TState {
  return events.reduce(decider.evolve, decider.initialState());
}
