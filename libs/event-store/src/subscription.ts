import { Waker } from './waker';
import { Position, ReadAllOptions, RecordedEvent, Subscription, SubscriptionOptions } from './types';

export interface PollableStore {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Where the store hides events behind running transactions (PostgreSQL): a token naming
   * "everything committed by now", and a read that says how far its horizon reached. The
   * subscription is caught up only when a read's horizon has passed the token of the call.
   */
  commitHorizon?(): Promise<bigint>;
  readAllWithHorizon?(
    options: ReadAllOptions,
  ): Promise<{ events: RecordedEvent[]; horizon: bigint; scannedTo?: Position }>;
}

/**
 * A catch-up subscription: reads history from the checkpoint, then continues live. It polls
 * (woken early by `wake()` after local appends or NOTIFY), so a dropped connection only delays
 * delivery: the next successful read resumes from the last handled position.
 */
export class CatchUpSubscription implements Subscription {
  private current: Position | undefined;
  private stopped = false;
  private readonly waker: Waker;
  private waiters: Array<{ resolve: () => void; target?: bigint }> = [];
  private readonly done: Promise<void>;

  constructor(
    private readonly store: PollableStore,
    private readonly options: SubscriptionOptions,
    private readonly pollMs = 200,
    private readonly maxBackoffMs = 5_000,
    coalesceMs = 100,
  ) {
    this.waker = new Waker(coalesceMs);
    this.current = options.after && options.after > 0 ? options.after : undefined;
    this.done = this.run();
  }

  get position(): Position | undefined {
    return this.current;
  }

  /** Something was appended: read soon (passes are coalesced, see Waker). */
  wake(): void {
    this.waker.wake();
  }

  async caughtUp(): Promise<void> {
    const target = this.store.commitHorizon ? await this.store.commitHorizon() : undefined;
    return new Promise((resolve) => {
      this.waiters.push({ resolve, target });
      this.waker.wakeNow();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waker.wakeNow();
    await this.done;
    this.waiters.splice(0).forEach((w) => w.resolve());
  }

  private async run(): Promise<void> {
    let attempt = 0;
    const batchSize = this.options.batchSize ?? 500;
    while (!this.stopped) {
      // Waiters registered before this read are released only by a read that started after them.
      const waiting = this.waiters.splice(0);
      this.waker.passStarted();
      try {
        const options = {
          after: this.current,
          limit: batchSize,
          streamPrefixes: this.options.streamPrefixes,
          types: this.options.types,
        };
        let batch: RecordedEvent[];
        let horizon: bigint | undefined;
        let scannedTo: Position | undefined;
        if (this.store.readAllWithHorizon) {
          ({ events: batch, horizon, scannedTo } = await this.store.readAllWithHorizon(options));
        } else {
          batch = await this.store.readAll(options);
        }
        if (batch.length > 0 && !this.stopped) {
          await this.options.handler(batch);
          this.current = batch[batch.length - 1].position;
        }
        // Past the events the filter skipped: the next read starts there, not at the last match.
        // (Positions are not commit order on PostgreSQL: the store says where, not a comparison.)
        if (scannedTo !== undefined && !this.stopped) this.current = scannedTo;
        attempt = 0;
        if (batch.length < batchSize) {
          const done = waiting.filter(
            (w) => w.target === undefined || (horizon !== undefined && horizon >= w.target),
          );
          done.forEach((w) => w.resolve());
          this.waiters.unshift(...waiting.filter((w) => !done.includes(w)));
          // Waiters still behind a running transaction: look again soon rather than sleep the full interval.
          await this.sleep(this.waiters.length ? Math.min(this.pollMs, 25) : this.pollMs);
        } else {
          this.waiters.unshift(...waiting);
        }
      } catch (error) {
        this.waiters.unshift(...waiting);
        attempt += 1;
        this.options.onError?.(error, attempt);
        await this.sleep(Math.min(this.maxBackoffMs, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.stopped ? Promise.resolve() : this.waker.sleep(ms);
  }
}
