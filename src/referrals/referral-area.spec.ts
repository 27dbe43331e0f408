import { referralArea } from './referral-area';

describe('referralArea', () => {
  const divisionAreas = ['cumbria', 'lancashire', 'merseyside'];

  it('takes the area the purchaser names', () => {
    expect(
      referralArea({ requested: 'kent', venueAreas: ['cumbria'], coverage: [], divisionAreas }),
    ).toBe('kent');
  });

  it('prefers a venue in the buying division, then an area covered there', () => {
    expect(
      referralArea({
        venueAreas: ['west-yorkshire', 'lancashire'],
        coverage: ['cumbria'],
        divisionAreas,
      }),
    ).toBe('lancashire');
    expect(
      referralArea({
        venueAreas: ['west-yorkshire'],
        coverage: ['kent', 'cumbria'],
        divisionAreas,
      }),
    ).toBe('cumbria');
  });

  it('falls back to where the listing is, then to the division', () => {
    expect(
      referralArea({ venueAreas: ['west-yorkshire'], coverage: ['kent'], divisionAreas }),
    ).toBe('west-yorkshire');
    expect(referralArea({ venueAreas: [], coverage: ['kent'], divisionAreas })).toBe('kent');
    expect(referralArea({ venueAreas: [], coverage: [], divisionAreas })).toBe('cumbria');
  });
});
