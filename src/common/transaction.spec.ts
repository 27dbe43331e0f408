import { QueryFailedError } from 'typeorm';
import { ConflictError } from './errors';
import { isRetryableConflict, LostRaceError, retrying } from './transaction';

const pgError = (code: string) =>
  new QueryFailedError('UPDATE x', [], Object.assign(new Error(`failed ${code}`), { code }));

/** A function failing with `errors` in turn, then answering 'done'; counts its calls. */
function failing(...errors: Error[]) {
  const fn = jest.fn(async () => {
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'done';
  });
  return fn;
}

const instant = { sleep: jest.fn(async () => undefined), random: () => 0.5 };

describe('retrying', () => {
  beforeEach(() => instant.sleep.mockClear());

  it('runs the work again after a deadlock: two deadlocks, three calls, the third answer', async () => {
    const work = failing(pgError('40P01'), pgError('40P01'));
    await expect(retrying(work, instant)).resolves.toBe('done');
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('retries a serialisation failure too', async () => {
    const work = failing(pgError('40001'));
    await expect(retrying(work, instant)).resolves.toBe('done');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('retries a race the work itself lost (LostRaceError)', async () => {
    const work = failing(new LostRaceError('the pot was emptied'));
    await expect(retrying(work, instant)).resolves.toBe('done');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('does not retry other errors', async () => {
    for (const error of [
      pgError('23505'),
      pgError('22P02'),
      new ConflictError('no', 'DUPLICATE'),
    ]) {
      const work = failing(error);
      await expect(retrying(work, instant)).rejects.toBe(error);
      expect(work).toHaveBeenCalledTimes(1);
    }
  });

  it('gives up after N retries with CONFLICT, reason TRY_AGAIN', async () => {
    const work = failing(...Array.from({ length: 10 }, () => pgError('40P01')));
    const error = await retrying(work, { ...instant, retries: 2 }).catch((e: unknown) => e);
    expect(work).toHaveBeenCalledTimes(3);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'TRY_AGAIN' });
  });

  it('backs off between attempts, doubling, with jitter', async () => {
    const work = failing(pgError('40P01'), pgError('40P01'), pgError('40P01'));
    await retrying(work, { ...instant, baseDelayMs: 10, random: () => 0 });
    expect(instant.sleep.mock.calls).toEqual([[5], [10], [20]]);
  });
});

describe('isRetryableConflict', () => {
  it('knows deadlocks and serialisation failures only', () => {
    expect(isRetryableConflict(pgError('40P01'))).toBe(true);
    expect(isRetryableConflict(pgError('40001'))).toBe(true);
    expect(isRetryableConflict(pgError('23505'))).toBe(false);
    expect(isRetryableConflict(new Error('x'))).toBe(false);
  });
});
