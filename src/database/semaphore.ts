/**
 * At most `limit` holders at once; the others wait in turn, each at most its own time, and are
 * told when their time ran out (they hold nothing then).
 */
export class Semaphore {
  private held = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(private readonly limit: number) {}

  /** Running holders now. */
  get active(): number {
    return this.held;
  }

  /** Waiting callers now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A turn: resolves to its release (call once, when done), or to undefined when no turn came
   * within `waitMs`.
   */
  acquire(waitMs: number): Promise<(() => void) | undefined> {
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    if (waitMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(undefined);
      }, waitMs);
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The turn passes straight to the next in line: the count stays.
      if (next) next.grant();
      else this.held--;
    };
  }
}
