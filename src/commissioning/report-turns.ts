import { ReportsBusyError } from '../database/reporting-database';

/** A report waits at most about this long for its turn while the instance is busy. */
export const MAX_TURN_WAIT_MS = 2_000;

/**
 * Reports yield to buying: while the instance is busy, the commissioners' reports take turns,
 * one every `yieldMs`, in the order asked, so that a dashboard or a client asking reports again
 * and again cannot take the time purchases need; a quiet instance answers them at once. At most
 * MAX_TURN_WAIT_MS of turns wait: a report asked beyond that is refused (REPORTS_BUSY).
 * `yieldMs` 0: reports never wait.
 */
export class ReportTurns {
  private readonly waiting: (() => void)[] = [];
  private readonly maxWaiting: number;
  private nextTurnAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly yieldMs: number,
    private readonly busy: () => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.maxWaiting = yieldMs > 0 ? Math.max(1, Math.floor(MAX_TURN_WAIT_MS / yieldMs)) : 0;
  }

  /** Reports waiting for their turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Undefined when the report may go now; otherwise a promise of its turn, rejected with
   * ReportsBusyError when too many are waiting already.
   */
  turn(): Promise<void> | undefined {
    if (this.yieldMs <= 0) return undefined;
    if (this.waiting.length === 0) {
      if (!this.busy()) return undefined;
      const now = this.now();
      if (now >= this.nextTurnAt) {
        this.nextTurnAt = now + this.yieldMs;
        return undefined;
      }
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new ReportsBusyError());
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** Lets every waiting report go (the instance is stopping). */
  releaseAll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const go of this.waiting.splice(0)) go();
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (!this.busy()) {
          // Quiet again: everyone waiting goes.
          for (const go of this.waiting.splice(0)) go();
          return;
        }
        this.nextTurnAt = this.now() + this.yieldMs;
        this.waiting.shift()?.();
        this.schedule();
      },
      Math.max(0, this.nextTurnAt - this.now()),
    );
  }
}
