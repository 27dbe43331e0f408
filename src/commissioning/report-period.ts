import { BadUserInputError } from '../common/errors';

/**
 * The days a report covers, both included: `to` defaults to today, `from` to 1 April of the
 * financial year `to` falls in (commissioners plan by financial year).
 */
export function reportPeriod(
  input: { from?: string; to?: string },
  today: string,
): { from: string; to: string } {
  const to = input.to ?? today;
  const [year, month] = to.split('-').map(Number);
  const from = input.from ?? `${month >= 4 ? year : year - 1}-04-01`;
  if (from > to) {
    throw new BadUserInputError('The period ends before it starts', [
      { field: input.from ? 'from' : 'to', message: `from (${from}) is after to (${to})` },
    ]);
  }
  return { from, to };
}
