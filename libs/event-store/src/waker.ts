/**
 * The sleep between passes of a catch-up loop, and the two ways to cut it short:
 *  - `wake()`: something was appended. Passes are coalesced: a loop woken by a stream of appends
 *    runs at most one pass per `coalesceMs` and reads what they wrote in one batch, instead of one
 *    pass per append. On PGlite (one connection shared with the HTTP requests) a pass per append
 *    per loop was most of the work while claims were submitted, by the programme-year profile.
 *  - `wakeNow()`: someone waits (caughtUp) or the loop stops: the pass runs at once.
 * A wake that arrives while a pass runs is kept for the next sleep, so no append is slept through.
 */
export class Waker {
  private wakeUp?: (hard: boolean) => void;
  private pending: 'soft' | 'hard' | undefined;
  private lastPass = -Infinity;

  constructor(private readonly coalesceMs = 100) {}

  /** Call at the start of each pass. */
  passStarted(): void {
    this.lastPass = performance.now();
  }

  wake(): void {
    this.signal(false);
  }

  wakeNow(): void {
    this.signal(true);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const deadline = performance.now() + ms;
      const finish = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      timer = setTimeout(finish, ms);
      this.wakeUp = (hard) => {
        const now = performance.now();
        const wait = hard ? 0 : Math.min(deadline, this.lastPass + this.coalesceMs) - now;
        if (wait <= 0) return finish();
        clearTimeout(timer);
        timer = setTimeout(finish, wait);
      };
      const pending = this.pending;
      this.pending = undefined;
      if (pending) this.wakeUp(pending === 'hard');
    });
  }

  private signal(hard: boolean): void {
    if (this.wakeUp) return this.wakeUp(hard);
    if (hard || !this.pending) this.pending = hard ? 'hard' : 'soft';
  }
}
