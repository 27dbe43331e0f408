import { BadUserInputError } from '../common/errors';
import { parseId, parseLocationQuery, parsePaging, parseServiceQuery } from './oruk-params';

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return error.fieldErrors.map((e) => e.field);
    throw error;
  }
  return [];
}

describe('feed query parameters', () => {
  it('defaults to page 1 of 50', () => {
    expect(parsePaging({})).toEqual({ page: 1, perPage: 50 });
  });

  it.each([
    [{ page: '0' }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ page: 'two' }, 'page'],
    [{ page: ['1', '2'] }, 'page'],
    [{ per_page: '1000' }, 'per_page'],
    [{ per_page: '0' }, 'per_page'],
  ])('refuses %j', (query, field) => {
    expect(fieldsOf(() => parsePaging(query))).toEqual([field]);
  });

  it('reads every service filter', () => {
    expect(
      parseServiceQuery({
        page: '2',
        per_page: '100',
        search: ' housing ',
        taxonomy_term_id: 'A1B2C3D4-0000-4000-8000-000000000000',
        modified_after: '2026-05-01T09:00:00Z',
        minimum_age: '18',
        maximum_age: '25',
        full: 'true',
      }),
    ).toEqual({
      page: 2,
      perPage: 100,
      search: 'housing',
      taxonomyTermId: 'a1b2c3d4-0000-4000-8000-000000000000',
      taxonomyId: undefined,
      organizationId: undefined,
      modifiedAfter: new Date('2026-05-01T09:00:00Z'),
      minimumAge: 18,
      maximumAge: 25,
    });
  });

  it('refuses malformed UUIDs, dates and ages, naming each', () => {
    expect(
      fieldsOf(() =>
        parseServiceQuery({
          taxonomy_term_id: 'nope',
          organization_id: '123',
          modified_after: '2026-13-45',
          minimum_age: 'adult',
        }),
      ),
    ).toEqual(['taxonomy_term_id', 'organization_id', 'modified_after', 'minimum_age']);
    expect(fieldsOf(() => parseServiceQuery({ modified_after: 'yesterday' }))).toEqual([
      'modified_after',
    ]);
  });

  it('refuses dates that do not exist rather than rolling them over', () => {
    for (const modified_after of [
      '2026-02-30',
      '2026-02-29',
      '2026-04-31',
      '0000-01-01',
      '2026-05-01T24:00:00Z',
      '2026-05-01T09:60:00Z',
      '2026-05-01T09:00:60Z',
      '2026-05-01T09:00:00+25:00',
    ]) {
      expect({
        modified_after,
        fields: fieldsOf(() => parseServiceQuery({ modified_after })),
      }).toEqual({
        modified_after,
        fields: ['modified_after'],
      });
    }
    expect(parseServiceQuery({ modified_after: '2024-02-29' }).modifiedAfter).toEqual(
      new Date('2024-02-29T00:00:00Z'),
    );
    expect(
      parseServiceQuery({ modified_after: '2026-05-01T09:30:15.5+01:00' }).modifiedAfter,
    ).toEqual(new Date('2026-05-01T08:30:15.500Z'));
  });

  it('needs a UK postcode for proximity', () => {
    expect(parseLocationQuery({ postcode: 'ls1 4ap', proximity: '5000' })).toMatchObject({
      postcode: 'ls1 4ap',
      proximityMetres: 5000,
    });
    expect(fieldsOf(() => parseLocationQuery({ proximity: '5000' }))).toEqual(['proximity']);
    expect(fieldsOf(() => parseLocationQuery({ postcode: 'not a postcode' }))).toEqual([
      'postcode',
    ]);
  });

  it('refuses a path id that is not a UUID', () => {
    expect(fieldsOf(() => parseId('42'))).toEqual(['id']);
  });
});
