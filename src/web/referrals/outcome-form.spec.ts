import type { FactorCode } from '../graphql-types';
import { outcomeFieldOf, outcomeValues, parseJudgement, readOutcomeForm } from './outcome-form';

describe('the outcome form', () => {
  const targets = [
    { code: 'ACCOMMODATION', name: 'Accommodation' },
    { code: 'FINANCE', name: 'Finance' },
  ] as const satisfies { code: FactorCode; name: string }[];

  it('reads every judgement into the API input', () => {
    const form = readOutcomeForm(
      {
        'factor-ACCOMMODATION': 'yes',
        'factor-FINANCE': 'no',
        riskOfHarmFocus: 'NO',
        informationForReview: 'NOT_APPLICABLE',
        notes: ' fine ',
      },
      targets,
    );
    expect(form.errors).toEqual([]);
    expect(form.input).toEqual({
      factorJudgements: [
        { factor: 'ACCOMMODATION', sufficient: true },
        { factor: 'FINANCE', sufficient: false },
      ],
      riskOfHarmFocus: 'NO',
      informationForReview: 'NOT_APPLICABLE',
      notes: 'fine',
    });
  });

  it('names each judgement not answered, and sends nothing', () => {
    const form = readOutcomeForm({ 'factor-FINANCE': 'maybe', riskOfHarmFocus: 'yes' }, targets);
    expect(form.input).toBeUndefined();
    expect(form.errors.map((e) => e.field)).toEqual([
      'factor-ACCOMMODATION',
      'factor-FINANCE',
      'riskOfHarmFocus',
      'informationForReview',
    ]);
    expect(parseJudgement(undefined)).toBeUndefined();
  });

  it('fills the form from a recorded outcome, and places the API field paths', () => {
    expect(
      outcomeValues({
        notes: null,
        factorJudgements: [{ factor: 'FINANCE', sufficient: false }],
        riskOfHarmFocus: 'YES',
        informationForReview: 'NOT_APPLICABLE',
      }),
    ).toEqual({
      notes: '',
      'factor-FINANCE': 'no',
      riskOfHarmFocus: 'YES',
      informationForReview: 'NOT_APPLICABLE',
    });
    const codes = targets.map((t) => t.code);
    expect(outcomeFieldOf('input.factorJudgements.1.sufficient', codes)).toBe('factor-FINANCE');
    expect(outcomeFieldOf('input.notes', codes)).toBe('notes');
    expect(outcomeFieldOf('input.factorJudgements', codes)).toBe('factor-ACCOMMODATION');
  });
});
