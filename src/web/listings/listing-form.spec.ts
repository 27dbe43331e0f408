import {
  dateOf,
  listingFieldOf,
  penceOf,
  poundsOf,
  readListingForm,
  sentVenueRows,
  venueRowsToShow,
} from './listing-form';

describe('penceOf', () => {
  it.each([
    ['450', 45000],
    ['37.5', 3750],
    ['37.50', 3750],
    ['£1,037.05', 103705],
    ['0.01', 1],
    [' 12 ', 1200],
  ])('reads %s as %i pence, exactly', (typed, pence) => {
    expect(penceOf(typed)).toBe(pence);
  });

  it.each(['12.345', 'abc', '-5', '1e3', '12.', ''])('says %s is not money', (typed) => {
    expect(typeof penceOf(typed)).toBe('string');
  });

  it('writes pence back as typed pounds', () => {
    expect(poundsOf(103705)).toBe('1037.05');
    expect(poundsOf(1)).toBe('0.01');
    expect(poundsOf(null)).toBe('');
  });
});

describe('dateOf', () => {
  it('reads a date input, blank as no date', () => {
    expect(dateOf('1', '4', '2027')).toEqual({ date: '2027-04-01' });
    expect(dateOf('', '', '')).toEqual({ date: null });
  });

  it.each([
    ['31', '2', '2027'],
    ['1', '13', '2027'],
    ['1', '4', '27'],
    ['', '4', '2027'],
  ])('refuses %s/%s/%s', (day, month, year) => {
    expect(dateOf(day, month, year)).toHaveProperty('error');
  });
});

describe('listingFieldOf', () => {
  it.each([
    ['input.title', 'title'],
    ['input.eligibility.minAge', 'minAge'],
    ['input.eligibility.notes', 'eligibilityNotes'],
    ['input.coverage.3', 'coverage'],
    ['input.factors', 'factors'],
    ['input.venues.0.pccAreaCode', 'venues-0-pccAreaCode'],
    ['input.venues.0.lat', 'venues-0-postcode'],
    ['input.weekendSessions', 'features'],
  ])('%s is the field %s', (path, field) => {
    expect(listingFieldOf(path)).toBe(field);
  });

  it('finds the form row of a venue when blank rows were left out', () => {
    expect(listingFieldOf('input.venues.1.name', [0, 2])).toBe('venues-2-name');
  });
});

describe('readListingForm', () => {
  const body = {
    title: ' Housing ',
    summary: 'Help',
    factors: 'ACCOMMODATION',
    features: ['accredited', 'weekendSessions'],
    minAge: '18',
    maxAge: '',
    sessionCount: 'twelve',
    'venues-0-name': '',
    'venues-0-postcode': '',
    'venues-0-pccAreaCode': '',
    'venues-1-name': 'Leeds hub',
    'venues-1-postcode': 'ls1 4ap',
    'venues-1-pccAreaCode': '',
  };

  it('gives the API its input, leaving out blank venue rows', () => {
    const { input, values } = readListingForm(body);
    expect(input).toMatchObject({
      title: 'Housing',
      factors: ['ACCOMMODATION'],
      accredited: true,
      eveningSessions: false,
      weekendSessions: true,
      eligibility: { minAge: 18, maxAge: null },
      venues: [{ name: 'Leeds hub', postcode: 'LS1 4AP', pccAreaCode: '' }],
    });
    expect(sentVenueRows(values)).toEqual([1]);
  });

  it('names what the form itself can see is wrong', () => {
    expect(readListingForm(body).errors).toEqual([
      { field: 'sessionCount', message: 'Sessions must be a whole number, like 12' },
      { field: 'venues-1-pccAreaCode', message: 'Select the police area venue 2 is in' },
    ]);
  });

  it('offers the given venues and two blank rows', () => {
    expect(venueRowsToShow([{ name: 'A', postcode: 'B', pccAreaCode: 'c' }])).toHaveLength(3);
  });
});
