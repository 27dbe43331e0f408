import { Alarm } from './alarm';

describe('Alarm', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sleeps until the time is up', async () => {
    const alarm = new Alarm();
    let woke = false;
    const sleeping = alarm.sleep(1000).then(() => (woke = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('is cut short by a wake-up', async () => {
    const alarm = new Alarm();
    let woke = false;
    const sleeping = alarm.sleep(60_000).then(() => (woke = true));
    alarm.wake();
    await sleeping;
    expect(woke).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('skips the sleep after a wake-up during the round, until the next round resets it', async () => {
    const alarm = new Alarm();
    alarm.reset();
    alarm.wake();
    await alarm.sleep(60_000); // resolves at once
    alarm.reset();
    let woke = false;
    const sleeping = alarm.sleep(60_000).then(() => (woke = true));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(woke).toBe(false);
    alarm.stop();
    await sleeping;
    expect(alarm.stopping).toBe(true);
    await alarm.sleep(60_000); // stopped: never sleeps again
  });
});
