import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { loadOperations, OPERATIONS_DIR } from './web-graphql';

/** The pages' operations are checked against the committed schema, as any client's would be. */
describe("the pages' GraphQL operations", () => {
  const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
  const operations = loadOperations(OPERATIONS_DIR);

  it('are found', () => {
    expect(operations.size).toBeGreaterThan(0);
  });

  it.each([...operations.keys()])('%s is valid against schema.graphql', (name) => {
    const errors = validate(schema, parse(operations.get(name)!));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
