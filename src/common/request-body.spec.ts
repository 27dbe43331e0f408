import { isLargeBodyOperation } from './request-body';

describe('isLargeBodyOperation', () => {
  it('accepts a mutation that only imports a rate card', () => {
    expect(
      isLargeBodyOperation({
        query: 'mutation ($csv: String!) { importRateCard(csv: $csv) { created } }',
      }),
    ).toBe(true);
  });

  it('refuses anything else sent as a large body', () => {
    for (const body of [
      { query: '{ me { id } }' },
      { query: 'query { importRateCard(csv: "") { created } }' },
      { query: 'mutation { importRateCard(csv: "") { created } createOrganisation { id } }' },
      { query: 'mutation A { importRateCard(csv: "") { created } } mutation B { me }' },
      { query: 'mutation { ...F } fragment F on Mutation { importRateCard(csv: "") { created } }' },
      { query: 'not graphql' },
      [{ query: 'mutation { importRateCard(csv: "") { created } }' }],
      'text',
      null,
    ]) {
      expect(isLargeBodyOperation(body)).toBe(false);
    }
  });
});
