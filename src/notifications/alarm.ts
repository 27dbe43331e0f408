/**
 * What a dispatcher sleeps on between rounds: a sleep that a wake-up (a change committed, the
 * service stopping) cuts short, and that is skipped when a wake-up came during the round, since
 * the last `reset`. Shared by the webhook and email dispatchers.
 */
export class Alarm {
  private woken = false;
  private stopped = false;
  private wakeUp?: () => void;

  /** Whether `stop` was called: the dispatcher's loop ends. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** A round starts: it sees every change committed before now. */
  reset(): void {
    this.woken = false;
  }

  /** Something is due now: ends a sleep, or skips the next one. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Ends the current sleep and every later one. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  /** Waits `ms`, unless woken since the last `reset`, stopped, or `ms` is 0. */
  sleep(ms: number): Promise<void> {
    if (this.stopped || this.woken || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
