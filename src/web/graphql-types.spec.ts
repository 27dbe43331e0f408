import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import config, { WEB_TYPES_FILE } from '../../codegen';
import { ROOT, runCodegen } from '../../test/support/codegen';

describe('the pages’ operation types (src/web/graphql-types.ts)', () => {
  it('match the operations and the schema (run `npm run codegen` after changing either)', () => {
    const output = config.generates[WEB_TYPES_FILE] as { plugins: string[]; config: object };
    const generated = runCodegen({
      schema: join(ROOT, 'schema.graphql'),
      documents: join(ROOT, 'src/web/**/*.graphql'),
      generates: { 'graphql-types.ts': output },
    });
    const committed = readFileSync(join(ROOT, WEB_TYPES_FILE), 'utf8');
    expect(committed).toBe(generated['graphql-types.ts']);
  });
});
