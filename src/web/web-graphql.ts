import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import type { ApolloDriver } from '@nestjs/apollo';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { GraphQLFormattedError, Kind, parse } from 'graphql';
import { ERROR_REASONS, ErrorReason } from '../common/error-reasons';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { PageNotFoundError, PageUnavailableError } from './web-errors';

/** Every `.graphql` file under `dir`, recursively. */
function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? graphqlFiles(join(dir, entry.name))
      : entry.name.endsWith('.graphql')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The named operations the pages run, by name: each file's text (its fragments included). */
export function loadOperations(dir: string): Map<string, string> {
  const operations = new Map<string, string>();
  for (const file of graphqlFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const definition of parse(text).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const name = definition.name?.value;
      if (!name) throw new Error(`${file}: every operation the pages run needs a name`);
      if (operations.has(name)) throw new Error(`${file}: operation ${name} is defined twice`);
      operations.set(name, text);
    }
  }
  return operations;
}

export const OPERATIONS_DIR = __dirname;

/** An operation's variables, as the generated `...Variables` types give them. */
export type Variables = Record<string, unknown>;

export interface OperationResult<T> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * The pages' way into the API: runs one of the named operations in `src/web/**\/*.graphql`
 * in-process, against the same Apollo server, with the signed-in user's request as its context, so
 * authorisation, validation, money rules and error codes are the API's own.
 */
@Injectable()
export class WebGraphql implements OnApplicationBootstrap {
  private apollo?: ApolloServer;
  private readonly operations = loadOperations(OPERATIONS_DIR);

  constructor(private readonly moduleRef: ModuleRef) {}

  onApplicationBootstrap(): void {
    const module = this.moduleRef.get<GraphQLModule<ApolloDriver>>(GraphQLModule, {
      strict: false,
    });
    this.apollo = module.graphQlAdapter.instance;
  }

  /**
   * Runs the operation; the API's refusals come back in `errors` for the page to show. `T` and
   * `V` are the operation's generated types (`src/web/graphql-types.ts`): its data and variables.
   */
  async run<T, V extends Variables = Variables>(
    req: Request,
    res: Response,
    operationName: string,
    variables: V = {} as V,
  ): Promise<OperationResult<T>> {
    const query = this.operations.get(operationName);
    if (!query || !this.apollo) throw new Error(`Unknown page operation ${operationName}`);
    const response = await this.apollo.executeOperation<T>(
      { query, operationName, variables },
      { contextValue: { req, res } },
    );
    if (response.body.kind !== 'single') throw new Error(`${operationName} answered incrementally`);
    const { data, errors } = response.body.singleResult;
    return { data, errors };
  }

  /**
   * Runs an operation whose data the page cannot do without: signing in again, refusals and
   * unknown ids become the pages' sign-in redirect, 403 and 404; anything else is a failure.
   */
  async read<T, V extends Variables = Variables>(
    req: Request,
    res: Response,
    operationName: string,
    variables: V = {} as V,
  ): Promise<T> {
    const { data, errors } = await this.run<T, V>(req, res, operationName, variables);
    const error = errors?.[0];
    if (error) throw pageErrorOf(error);
    if (!data) throw new Error(`${operationName} answered no data`);
    return data;
  }
}

function reasonOf(error: GraphQLFormattedError): ErrorReason | undefined {
  const reason = error.extensions?.reason;
  return typeof reason === 'string' && reason in ERROR_REASONS
    ? (reason as ErrorReason)
    : undefined;
}

/** The page's failure for an API error. */
export function pageErrorOf(error: GraphQLFormattedError): Error {
  switch (error.extensions?.code) {
    case 'UNAUTHENTICATED':
      return new UnauthenticatedError(error.message, reasonOf(error) ?? 'NOT_SIGNED_IN');
    case 'FORBIDDEN':
      return new ForbiddenError(error.message, reasonOf(error) ?? 'ROLE_NOT_ALLOWED');
    case 'NOT_FOUND':
      return new PageNotFoundError();
    case 'SERVICE_UNAVAILABLE':
      return new PageUnavailableError(error.message, reasonOf(error) ?? 'DATABASE_UNAVAILABLE');
    default:
      return new Error(`${String(error.extensions?.code)}: ${error.message}`);
  }
}
