import { FactorCode } from '../reference/factor-code';
import { desiredOutcomeFailures } from './referral-purchase.service';

const housed = {
  id: 'a',
  factor: FactorCode.ACCOMMODATION,
  description: 'Secures suitable accommodation',
  retiredOn: null,
};
const tenancy = { ...housed, id: 'b', description: 'Keeps an existing tenancy' };
const retired = { ...housed, id: 'c', description: 'Old wording', retiredOn: '2026-01-01' };
const job = { id: 'd', factor: FactorCode.ETE, description: 'Finds paid work', retiredOn: null };

describe('desiredOutcomeFailures', () => {
  it('accepts current outcomes covering every target factor', () => {
    expect(
      desiredOutcomeFailures(
        { targetFactors: [FactorCode.ACCOMMODATION], desiredOutcomes: ['a', 'b'] },
        [housed, tenancy],
      ),
    ).toEqual([]);
  });

  it('refuses retired, unknown and off-target outcomes, and a target factor left without one', () => {
    expect(
      desiredOutcomeFailures(
        {
          targetFactors: [FactorCode.ACCOMMODATION, FactorCode.DRUGS],
          desiredOutcomes: ['c', 'x', 'd', 'a'],
        },
        [retired, job, housed],
      ),
    ).toEqual([
      { field: 'input.desiredOutcomes.0', message: '"Old wording" is retired' },
      { field: 'input.desiredOutcomes.1', message: 'x is not a desired outcome' },
      {
        field: 'input.desiredOutcomes.2',
        message: '"Finds paid work" belongs to ETE, not a target factor',
      },
      { field: 'input.desiredOutcomes', message: 'Name at least one desired outcome for DRUGS' },
    ]);
  });
});
