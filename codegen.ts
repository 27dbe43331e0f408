/**
 * GraphQL Code Generator: TypeScript types for the web pages' operations
 * (`src/web/**\/*.graphql`), from the committed schema. `npm run codegen` writes
 * `src/web/graphql-types.ts` (scripts/codegen.js: the generator's engine and plugins, in the
 * CLI's config shape); a test fails while it is stale. docs/clients.md shows the same set-up for
 * a client of the API.
 */

/** The part of the CLI's `CodegenConfig` that scripts/codegen.js reads. */
export interface CodegenConfig {
  schema: string | string[];
  documents: string | string[];
  generates: Record<string, { plugins: string[]; config?: object; documents?: string | string[] }>;
  hooks?: { afterOneFileWrite?: string | string[] };
}

/** The API's custom scalars as TypeScript sees them in a JSON response. */
export const SCALARS = {
  SafeInt: 'number',
  Date: 'string',
  DateTime: 'string',
  JSONObject: 'Record<string, unknown>',
} as const;

/** Options shared by the pages' types and the clients' example (docs/clients.md). */
export const OPERATION_TYPES_CONFIG = {
  scalars: SCALARS,
  strictScalars: true,
  enumsAsTypes: true,
};

export const WEB_TYPES_FILE = 'src/web/graphql-types.ts';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: 'src/web/**/*.graphql',
  generates: {
    [WEB_TYPES_FILE]: {
      // typescript-operations 6 writes the enums and inputs the operations use itself (the
      // `typescript` plugin beside it would declare them twice).
      plugins: ['typescript-operations'],
      config: OPERATION_TYPES_CONFIG,
    },
  },
  hooks: { afterOneFileWrite: ['prettier --write'] },
};

export default config;
