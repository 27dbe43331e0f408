import { readSearchForm, searchQueryString } from './search-form';

const FACTORS = ['ACCOMMODATION', 'DRUGS'];

describe('readSearchForm', () => {
  it('turns the form into the API filter in its own names', () => {
    const form = readSearchForm(
      {
        factors: ['ACCOMMODATION', 'NOT_A_FACTOR'],
        pccAreaCode: 'west-yorkshire',
        sex: 'FEMALE',
        age: '34',
        riskLevel: 'HIGH',
        supervisionType: 'LICENCE',
        availableOnly: 'yes',
        startWithinDays: '14',
        eveningSessions: 'yes',
        deliveryModes: 'GROUP',
        sort: 'PRICE',
      },
      FACTORS,
    );
    expect(form.errors).toEqual([]);
    expect(form.filter).toEqual({
      factors: ['ACCOMMODATION'],
      pccAreaCode: 'west-yorkshire',
      person: { sex: 'FEMALE', age: 34, riskLevel: 'HIGH', supervisionType: 'LICENCE' },
      availableOnly: true,
      startWithinDays: 14,
      eveningSessions: true,
      deliveryModes: ['GROUP'],
    });
    expect(form.sort).toBe('PRICE');
    expect(form.submitted).toBe(true);
  });

  it('searches near a postcode instead of an area, in miles', () => {
    const form = readSearchForm(
      { postcode: 'ls1 4ap', radiusMiles: '25', pccAreaCode: 'west-yorkshire' },
      FACTORS,
    );
    expect(form.near).toEqual({ postcode: 'LS1 4AP', radiusKm: 25 * 1.609344 });
    expect(form.filter.pccAreaCode).toBeUndefined();
  });

  it('names each missing detail of a half-described person, and a postcode that is not one', () => {
    const form = readSearchForm({ sex: 'MALE', age: '7', postcode: 'nowhere' }, FACTORS);
    expect(form.errors.map((e) => e.field)).toEqual([
      'postcode',
      'age',
      'riskLevel',
      'supervisionType',
    ]);
    expect(form.filter.person).toBeUndefined();
  });

  it('is not submitted on a first visit', () => {
    expect(readSearchForm({}, FACTORS).submitted).toBe(false);
  });

  it('writes the same search back as a query string', () => {
    const form = readSearchForm(
      {
        factors: ['DRUGS', 'ACCOMMODATION'],
        postcode: 'LS1 4AP',
        radiusMiles: '5',
        accredited: 'yes',
      },
      FACTORS,
    );
    expect(searchQueryString(form.values, { after: 'abc' })).toBe(
      'factors=DRUGS&factors=ACCOMMODATION&postcode=LS1+4AP&radiusMiles=5&accredited=yes&after=abc',
    );
  });
});
