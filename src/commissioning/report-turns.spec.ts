import { ReportsBusyError } from '../database/reporting-database';
import { MAX_TURN_WAIT_MS, ReportTurns } from './report-turns';

describe('ReportTurns', () => {
  let busy: boolean;
  let now: number;
  const turns = (yieldMs: number) =>
    new ReportTurns(
      yieldMs,
      () => busy,
      () => now,
    );

  beforeEach(() => {
    jest.useFakeTimers();
    busy = false;
    now = 1_000_000;
  });
  afterEach(() => jest.useRealTimers());

  /** Moves the clock and the timers on together. */
  const pass = async (ms: number) => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('lets every report go at once while the instance is quiet', () => {
    const t = turns(20);
    for (let i = 0; i < 100; i += 1) expect(t.turn()).toBeUndefined();
  });

  it('never makes a report wait when REPORT_YIELD_MS is 0, busy or not', () => {
    busy = true;
    const t = turns(0);
    for (let i = 0; i < 100; i += 1) expect(t.turn()).toBeUndefined();
  });

  it('while busy, lets one report go every yieldMs, in the order asked', async () => {
    busy = true;
    const t = turns(20);
    expect(t.turn()).toBeUndefined();
    const went: number[] = [];
    for (let n = 1; n <= 3; n += 1) void t.turn()!.then(() => went.push(n));
    expect(t.queued).toBe(3);
    await pass(19);
    expect(went).toEqual([]);
    await pass(1);
    expect(went).toEqual([1]);
    await pass(20);
    expect(went).toEqual([1, 2]);
    await pass(20);
    expect(went).toEqual([1, 2, 3]);
    expect(t.queued).toBe(0);
    // Its turn's time has come again: the next goes at once.
    await pass(20);
    expect(t.turn()).toBeUndefined();
  });

  it('refuses a report beyond MAX_TURN_WAIT_MS of turns waiting (REPORTS_BUSY)', async () => {
    busy = true;
    const t = turns(500);
    const places = MAX_TURN_WAIT_MS / 500;
    expect(t.turn()).toBeUndefined();
    const waiting = Array.from({ length: places }, () => t.turn());
    expect(waiting.every((w) => w instanceof Promise)).toBe(true);
    await expect(t.turn()).rejects.toBeInstanceOf(ReportsBusyError);
    await pass(500);
    // One went: one place again.
    const next = t.turn();
    expect(next).toBeInstanceOf(Promise);
    await expect(t.turn()).rejects.toBeInstanceOf(ReportsBusyError);
    t.releaseAll();
    await Promise.all([...waiting, next]);
  });

  it('lets everyone waiting go when the instance is quiet again', async () => {
    busy = true;
    const t = turns(100);
    expect(t.turn()).toBeUndefined();
    let went = 0;
    for (let n = 0; n < 5; n += 1) void t.turn()!.then(() => (went += 1));
    await pass(100);
    expect(went).toBe(1);
    busy = false;
    await pass(100);
    expect(went).toBe(5);
    expect(t.queued).toBe(0);
  });
});
