import { Waker } from './waker';

const elapsed = async (fn: () => Promise<void>): Promise<number> => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

describe('Waker: the sleep of a catch-up loop', () => {
  it('sleeps the full interval when nobody wakes it', async () => {
    const waker = new Waker(50);
    expect(await elapsed(() => waker.sleep(80))).toBeGreaterThanOrEqual(75);
  });

  it('coalesces appends: a wake right after a pass waits out the rest of the coalescing window', async () => {
    const waker = new Waker(120);
    waker.passStarted();
    const slept = elapsed(() => waker.sleep(5_000));
    waker.wake();
    waker.wake();
    const ms = await slept;
    expect(ms).toBeGreaterThanOrEqual(100);
    expect(ms).toBeLessThan(1_000);
  });

  it('a wake long after the last pass ends the sleep at once', async () => {
    const waker = new Waker(50);
    waker.passStarted();
    await new Promise((r) => setTimeout(r, 80));
    const slept = elapsed(() => waker.sleep(5_000));
    waker.wake();
    expect(await slept).toBeLessThan(40);
  });

  it('wakeNow (a caller waiting for catch-up, or stop) never waits for the window', async () => {
    const waker = new Waker(10_000);
    waker.passStarted();
    const slept = elapsed(() => waker.sleep(5_000));
    waker.wakeNow();
    expect(await slept).toBeLessThan(40);
  });

  it('keeps a wake that arrives during a pass for the next sleep, so no append is slept through', async () => {
    const waker = new Waker(30);
    waker.passStarted();
    waker.wake(); // while "reading": nobody sleeps yet
    const ms = await elapsed(() => waker.sleep(5_000));
    expect(ms).toBeLessThan(1_000);
    // Used up: the next sleep is a full one again.
    expect(await elapsed(() => waker.sleep(60))).toBeGreaterThanOrEqual(55);
  });

  it('a soft wake never extends a sleep beyond its own interval', async () => {
    const waker = new Waker(10_000);
    waker.passStarted();
    const slept = elapsed(() => waker.sleep(60));
    waker.wake();
    const ms = await slept;
    expect(ms).toBeGreaterThanOrEqual(55);
    expect(ms).toBeLessThan(1_000);
  });
});
