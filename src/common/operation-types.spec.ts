import { buildSchema, parse, validate } from 'graphql';
import { KnownOperationTypes } from './operation-types';

describe('KnownOperationTypes', () => {
  const schema = buildSchema('type Query { x: Int }');

  it('refuses an operation type the schema does not have', () => {
    for (const document of ['subscription { x }', 'mutation { x }']) {
      const errors = validate(schema, parse(document), [KnownOperationTypes]);
      expect(errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/This API has no (subscription|mutation) operations/),
      ]);
    }
  });

  it('lets a query through', () => {
    expect(validate(schema, parse('{ x }'), [KnownOperationTypes])).toEqual([]);
  });
});
