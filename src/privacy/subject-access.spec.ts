import { camelCase, groupRows } from './subject-access';

describe('the subject access export’s shape', () => {
  it('names columns in camelCase', () => {
    expect(camelCase('further_information')).toBe('furtherInformation');
    expect(camelCase('outcome_payment_max_pence')).toBe('outcomePaymentMaxPence');
    expect(camelCase('crn')).toBe('crn');
  });

  it('groups rows by referral, in the order read, without the referral id', () => {
    const groups = groupRows([
      { referral_id: 'r1', subject: 'a', side: 'PROVIDER' },
      { referral_id: 'r2', subject: 'b', side: 'PURCHASER' },
      { referral_id: 'r1', subject: 'c', side: 'PURCHASER' },
    ]);
    expect(groups.get('r1')).toEqual([
      { subject: 'a', side: 'PROVIDER' },
      { subject: 'c', side: 'PURCHASER' },
    ]);
    expect(groups.get('r2')).toEqual([{ subject: 'b', side: 'PURCHASER' }]);
  });
});
