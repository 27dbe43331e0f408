import { buyFieldErrors, buyFormErrors, readBuyAnswers, referralInput } from './buy-form';

describe('the buy form', () => {
  const complete = {
    crn: ' x123456 ',
    sex: 'FEMALE',
    age: '29',
    riskLevel: 'LOW',
    supervisionType: 'LICENCE',
    targetFactors: ['ACCOMMODATION', 'FINANCE'],
    desiredOutcomes: 'd1',
    complexity: 'HIGH',
    units: '6',
    notes: '',
  };

  it('reads complete answers into the API input (units only when the price has them)', () => {
    const answers = readBuyAnswers(complete);
    expect(buyFormErrors(answers, true)).toEqual([]);
    expect(referralInput('i1', answers, true)).toEqual({
      interventionId: 'i1',
      crn: 'X123456',
      person: { sex: 'FEMALE', age: 29, riskLevel: 'LOW', supervisionType: 'LICENCE' },
      targetFactors: ['ACCOMMODATION', 'FINANCE'],
      desiredOutcomes: ['d1'],
      complexity: 'HIGH',
      units: 6,
      notes: null,
    });
    expect(referralInput('i1', answers, false).units).toBe(1);
  });

  it('names each answer left out or not a number, and asks for units only when priced by them', () => {
    const answers = readBuyAnswers({ age: 'thirty', sex: 'OTHER', units: 'six' });
    expect(buyFormErrors(answers, true).map((e) => e.field)).toEqual([
      'crn',
      'sex',
      'age',
      'riskLevel',
      'supervisionType',
      'targetFactors',
      'desiredOutcomes',
      'complexity',
      'units',
    ]);
    expect(buyFormErrors(answers, false).map((e) => e.field)).not.toContain('units');
  });

  it("puts the API's field paths on the form's fields, and the rest on the first", () => {
    expect(
      buyFieldErrors(
        [
          { field: 'input.person.age', message: 'age: admits 18 and over' },
          { field: 'input.units', message: 'too many' },
          { field: 'input.pccAreaCode', message: 'unknown' },
        ],
        'refused',
      ),
    ).toEqual([
      { field: 'age', message: 'age: admits 18 and over' },
      { field: 'units', message: 'too many' },
      { field: 'crn', message: 'unknown' },
    ]);
    expect(buyFieldErrors([], 'refused')).toEqual([{ field: 'crn', message: 'refused' }]);
  });
});
