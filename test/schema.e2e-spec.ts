import { ModulesContainer, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost, RESOLVER_NAME_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import {
  GraphQLSchema,
  GraphQLType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_KEY, ROLES_KEY, SIGNED_IN_KEY } from '../src/auth/roles.decorator';
import { startApp, TestApp } from './support/test-app';

const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');
const HEADER = '# Generated from the code by `npm run schema:update`; do not edit by hand.\n\n';

function ownTypes(schema: GraphQLSchema) {
  return Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
}

describe('the GraphQL schema', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    t = await startApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => t.close());

  it('matches the committed schema.graphql (run `npm run schema:update` after changing the API)', () => {
    const printed = HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
    if (process.env.UPDATE_SCHEMA) writeFileSync(SCHEMA_FILE, printed);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printed);
  });

  it('describes every type, field, argument and enum value (the schema is the API documentation)', () => {
    const undocumented: string[] = [];
    for (const type of ownTypes(schema)) {
      const isRoot = ['Query', 'Mutation'].includes(type.name);
      if (!type.description && !isRoot) undocumented.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description) undocumented.push(`${type.name}.${value.name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('types every pence amount as SafeInt, never the 32-bit Int', () => {
    const offenders: string[] = [];
    for (const type of ownTypes(schema)) {
      if (!isObjectType(type) && !isInputObjectType(type)) continue;
      const fields: { name: string; type: GraphQLType }[] = Object.values(type.getFields());
      for (const field of fields) {
        const typeName = field.type.toString();
        if (/pence/i.test(field.name) && !typeName.startsWith('SafeInt')) {
          offenders.push(`${type.name}.${field.name}: ${typeName}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('declares who may call every query and mutation (default-deny)', () => {
    const reflector = t.app.get(Reflector);
    const declared = new Set<string>();
    const providers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [
      ...m.providers.values(),
    ]);
    for (const wrapper of providers) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const handler: unknown = Object.getOwnPropertyDescriptor(prototype, method)?.value;
        if (typeof handler !== 'function') continue;
        const kind = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as string | undefined;
        if (kind !== 'Query' && kind !== 'Mutation') continue;
        const targets = [handler, wrapper.metatype as object] as Parameters<
          Reflector['getAllAndOverride']
        >[1];
        const roles = reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets);
        const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets);
        const signedIn = reflector.getAllAndOverride<boolean | undefined>(SIGNED_IN_KEY, targets);
        if ((roles && roles.length > 0) || isPublic || signedIn) {
          const name =
            (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? method;
          declared.add(`${kind}.${name}`);
        }
      }
    }
    const operations = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
    );
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((op) => !declared.has(op))).toEqual([]);
  });
});
