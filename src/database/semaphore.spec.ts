import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('lets `limit` holders in at once and the next in line in when one leaves', async () => {
    const turns = new Semaphore(2);
    const first = await turns.acquire(0);
    const second = await turns.acquire(0);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(await turns.acquire(0)).toBeUndefined();

    const third = turns.acquire(60_000);
    expect(turns.queued).toBe(1);
    first!();
    first!(); // a second release of the same turn changes nothing
    const release = await third;
    expect(release).toBeDefined();
    expect(turns.active).toBe(2);
    expect(turns.queued).toBe(0);
    second!();
    release!();
    expect(turns.active).toBe(0);
  });

  it('tells a caller who waited past its time that no turn came, and forgets it', async () => {
    jest.useFakeTimers();
    try {
      const turns = new Semaphore(1);
      const held = await turns.acquire(0);
      const late = turns.acquire(100);
      jest.advanceTimersByTime(100);
      expect(await late).toBeUndefined();
      expect(turns.queued).toBe(0);
      held!();
      expect(turns.active).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('serves waiting callers in the order they came', async () => {
    const turns = new Semaphore(1);
    const held = await turns.acquire(0);
    const order: string[] = [];
    const a = turns.acquire(60_000).then((r) => (order.push('a'), r));
    const b = turns.acquire(60_000).then((r) => (order.push('b'), r));
    held!();
    (await a)!();
    (await b)!();
    expect(order).toEqual(['a', 'b']);
    expect(turns.active).toBe(0);
  });
});
