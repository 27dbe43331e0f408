import { readSearchForm } from './search-form';
import { findLink, selectedFilters } from './selected-filters';

const names = {
  factors: new Map([
    ['ACCOMMODATION', 'Accommodation'],
    ['DRUGS', 'Drug misuse'],
  ]),
  pccAreas: new Map([['west-yorkshire', 'West Yorkshire']]),
};
const values = (query: Record<string, string | string[]>) =>
  readSearchForm(query, [...names.factors.keys()]).values;

describe('selectedFilters', () => {
  it('is a tag per choice, each linking to the same search without it', () => {
    const search = values({
      factors: ['ACCOMMODATION', 'DRUGS'],
      pccAreaCode: 'west-yorkshire',
      availableOnly: 'yes',
      deliveryModes: ['GROUP', 'ONLINE'],
      providerKinds: 'VOLUNTARY_SECTOR',
      startWithinDays: '14',
      sort: 'PRICE',
    });
    expect(selectedFilters(search, names)).toEqual([
      {
        heading: { text: 'Needs' },
        items: [
          {
            text: 'Accommodation',
            href: '/find?factors=DRUGS&pccAreaCode=west-yorkshire&startWithinDays=14&availableOnly=yes&deliveryModes=GROUP&deliveryModes=ONLINE&providerKinds=VOLUNTARY_SECTOR&sort=PRICE',
          },
          {
            text: 'Drug misuse',
            href: '/find?factors=ACCOMMODATION&pccAreaCode=west-yorkshire&startWithinDays=14&availableOnly=yes&deliveryModes=GROUP&deliveryModes=ONLINE&providerKinds=VOLUNTARY_SECTOR&sort=PRICE',
          },
        ],
      },
      {
        heading: { text: 'Where' },
        items: [
          {
            text: 'West Yorkshire',
            href: '/find?factors=ACCOMMODATION&factors=DRUGS&startWithinDays=14&availableOnly=yes&deliveryModes=GROUP&deliveryModes=ONLINE&providerKinds=VOLUNTARY_SECTOR&sort=PRICE',
          },
        ],
      },
      {
        heading: { text: 'Starts' },
        items: [
          {
            text: 'Within 14 days',
            href: '/find?factors=ACCOMMODATION&factors=DRUGS&pccAreaCode=west-yorkshire&availableOnly=yes&deliveryModes=GROUP&deliveryModes=ONLINE&providerKinds=VOLUNTARY_SECTOR&sort=PRICE',
          },
        ],
      },
      {
        heading: { text: 'Availability' },
        items: [
          {
            text: 'Places free now',
            href: '/find?factors=ACCOMMODATION&factors=DRUGS&pccAreaCode=west-yorkshire&startWithinDays=14&deliveryModes=GROUP&deliveryModes=ONLINE&providerKinds=VOLUNTARY_SECTOR&sort=PRICE',
          },
        ],
      },
      {
        heading: { text: 'How it is delivered' },
        items: [
          {
            text: 'Group',
            href: '/find?factors=ACCOMMODATION&factors=DRUGS&pccAreaCode=west-yorkshire&startWithinDays=14&availableOnly=yes&deliveryModes=ONLINE&providerKinds=VOLUNTARY_SECTOR&sort=PRICE',
          },
          {
            text: 'Online',
            href: '/find?factors=ACCOMMODATION&factors=DRUGS&pccAreaCode=west-yorkshire&startWithinDays=14&availableOnly=yes&deliveryModes=GROUP&providerKinds=VOLUNTARY_SECTOR&sort=PRICE',
          },
        ],
      },
      {
        heading: { text: 'Kind of provider' },
        items: [
          {
            text: 'Voluntary sector',
            href: '/find?factors=ACCOMMODATION&factors=DRUGS&pccAreaCode=west-yorkshire&startWithinDays=14&availableOnly=yes&deliveryModes=GROUP&deliveryModes=ONLINE&sort=PRICE',
          },
        ],
      },
    ]);
  });

  it('takes the person off as one (all four details or none), and a postcode with its distance', () => {
    const search = values({
      factors: 'ACCOMMODATION',
      postcode: 'ls1 4ap',
      radiusMiles: '25',
      sex: 'FEMALE',
      age: '34',
      riskLevel: 'VERY_HIGH',
      supervisionType: 'LICENCE',
    });
    const [, where, person] = selectedFilters(search, names);
    expect(where.items).toEqual([
      { text: 'Within 25 miles of LS1 4AP', href: findLink({ ...search, postcode: '' }) },
    ]);
    expect(where.items[0].href).toBe(
      '/find?factors=ACCOMMODATION&sex=FEMALE&age=34&riskLevel=VERY_HIGH&supervisionType=LICENCE',
    );
    expect(person).toEqual({
      heading: { text: 'The person' },
      items: [
        {
          text: 'Female, aged 34, very high risk, licence',
          href: '/find?factors=ACCOMMODATION&postcode=LS1+4AP&radiusMiles=25',
        },
      ],
    });
  });

  it('leads back to the bare page when the last filter goes, and is empty with none', () => {
    const search = values({ factors: 'DRUGS' });
    expect(selectedFilters(search, names)).toEqual([
      { heading: { text: 'Needs' }, items: [{ text: 'Drug misuse', href: '/find' }] },
    ]);
    expect(selectedFilters(values({ sort: 'PRICE' }), names)).toEqual([]);
  });
});
