import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, OperationDefinitionNode, parse, print } from 'graphql';
import * as ts from 'typescript';
import { newSupplier, publishedListing } from './support/catalogue';
import { ROOT, runCodegen } from './support/codegen';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

/**
 * docs/clients.md is true: its GraphQL Code Generator set-up types the README's example
 * operations and its own, its code blocks type-check against those types, and its Apollo Client
 * cache policy merges the pages of a search fetched from the running service.
 */
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The page's ```ts blocks, by the file name on their first line (`// apollo-cache.ts`). */
function tsBlocks(markdown: string): Record<string, string> {
  return Object.fromEntries(
    [...markdown.matchAll(/^```ts\n\/\/ ([\w.-]+)\n([\s\S]*?)^```/gm)].map((m) => [m[1], m[2]]),
  );
}

/** The GraphQL operations of a page: its ```graphql blocks and curl bodies, each named. */
function operations(markdown: string, prefix: string): string[] {
  const blocks = [...markdown.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const bodies = [...markdown.matchAll(/\{"query":"((?:[^"\\]|\\.)*)"/g)].map(
    (m) => JSON.parse(`"${m[1]}"`) as string,
  );
  let n = 0;
  return [...blocks, ...bodies].flatMap((source) =>
    parse(source)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) =>
        print(d.name ? d : { ...d, name: { kind: Kind.NAME, value: `${prefix}${++n}` } }),
      ),
  );
}

/** A TypeScript module's exports, compiled to CommonJS. */
function evaluate(source: string): Record<string, unknown> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('module', 'exports', 'require', js) as (
    module: object,
    exports: object,
    require: NodeJS.Require,
  ) => void;
  run(module, module.exports, require);
  return module.exports;
}

describe('docs/clients.md', () => {
  const doc = read('docs/clients.md');
  const blocks = tsBlocks(doc);
  let work: string;

  beforeAll(() => {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    // Inside the project, so that the blocks' imports find node_modules.
    work = mkdtempSync(join(ROOT, 'dist', 'clients-test-'));
    const config = evaluate(blocks['codegen.ts']).default as {
      generates: Record<string, { plugins: string[]; config: object }>;
    };
    const documents = join(work, 'operations.graphql');
    writeFileSync(
      documents,
      [...operations(read('README.md'), 'ReadmeExample'), ...operations(doc, 'ClientsExample')]
        .filter((operation, i, all) => all.indexOf(operation) === i)
        .join('\n\n'),
    );
    runCodegen(
      {
        schema: join(ROOT, 'schema.graphql'),
        documents,
        generates: { 'graphql.ts': config.generates['src/graphql.ts'] },
      },
      work,
    );
    for (const [name, source] of Object.entries(blocks)) {
      if (name !== 'codegen.ts') writeFileSync(join(work, name), source);
    }
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('maps the scalars as documented: SafeInt to number, Date and DateTime to string', () => {
    const generated = readFileSync(join(work, 'graphql.ts'), 'utf8');
    // The README's search: a price in pence (SafeInt), a next start day (Date) would be strings.
    expect(generated).toMatch(/export type ReadmeExample\d+Query = /);
    expect(generated).toContain('export type FindAccommodationQuery = ');
    expect(generated).toMatch(/amountPence: number/);
    expect(generated).not.toMatch(/:\s*any\b/);
  });

  it('type-checks the generated types and every code block under strict TypeScript', () => {
    const files = ['graphql.ts', ...Object.keys(blocks).filter((n) => n !== 'codegen.ts')].map(
      (name) => join(work, name),
    );
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      types: ['node'],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  describe('against the service', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp();
    });
    afterAll(() => t.close());

    it('pages through a search with Apollo Client, the cache merging every page', async () => {
      const supplier = await newSupplier(t);
      const word = 'quokkaville';
      for (const [title, amountPence] of [
        [`Alpha ${word} housing`, 10000],
        [`Beta ${word} housing`, 20000],
        [`Gamma ${word} housing`, 30000],
      ] as const) {
        await publishedListing(t, supplier.token, {
          title,
          price: { amountPence, unit: 'PER_REFERRAL', outcomePaymentPence: 0 },
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const search = require(join(work, 'search.ts')) as {
        client: (uri: string, token: string) => unknown;
        allTitles: (client: unknown, text: string) => Promise<string[]>;
      };
      const api = search.client(`${t.url}/graphql`, await tokens.purchaser('LDN'));
      const titles = await search.allTitles(api, word);
      expect([...titles].sort()).toEqual([
        `Alpha ${word} housing (10000p)`,
        `Beta ${word} housing (20000p)`,
        `Gamma ${word} housing (30000p)`,
      ]);
    });
  });
});
