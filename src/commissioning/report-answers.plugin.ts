import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContext,
  type GraphQLResponse,
} from '@apollo/server';
import { Kind, OperationDefinitionNode, OperationTypeNode } from 'graphql';
import { createHash } from 'node:crypto';
import { Caller } from '../auth/caller';
import { AuthenticatedRequest } from '../auth/request-context';
import { Clock } from '../common/clock';

/**
 * The commissioners' national reports whose whole answer may be kept: each reads only the
 * reporting database (whose answers are kept for REPORT_CACHE_SECONDS already) and reference
 * data, so the same caller asking the same again within that time would get the same answer.
 */
export const KEPT_REPORTS: ReadonlySet<string> = new Set([
  'provisionGaps',
  'measureBreakdown',
  'divisionsWithoutPurchases',
  'spend',
  'adaptationProvision',
  'ownAreaCrcPurchases',
]);

/** At most this many answers per instance, the least recently stored going first. */
const MAX_KEPT = 200;

interface Kept {
  until: number;
  body: GraphQLResponse['body'];
}

type Context = { req?: AuthenticatedRequest };

/** True when every field the query asks at its root is a kept report (or `__typename`). */
export function onlyKeptReports(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === OperationTypeNode.QUERY &&
    operation.selectionSet.selections.every(
      (s) =>
        s.kind === Kind.FIELD && (s.name.value === '__typename' || KEPT_REPORTS.has(s.name.value)),
    ) &&
    operation.selectionSet.selections.some(
      (s) => s.kind === Kind.FIELD && KEPT_REPORTS.has(s.name.value),
    )
  );
}

/** Who asks, as far as a report's answer can depend on it: identity, roles and scope. */
function callerKey(caller: Caller): string {
  return JSON.stringify([
    caller.id,
    [...caller.roles].sort(),
    caller.divisionCode ?? null,
    caller.organisationId ?? null,
  ]);
}

/**
 * Keeps a report query's whole answer for REPORT_CACHE_SECONDS, per caller (identity, roles and
 * scope), query and variables: the same caller asking the same report again gets it without
 * the report's fields being resolved again, which is most of what a kept report costs (a
 * national gap report is some 500 rows of 15 figures). Only queries made of KEPT_REPORTS, only
 * answers without errors, and nothing at all when REPORT_CACHE_SECONDS is 0. Authentication and
 * the rate limits run before GraphQL, as for any request.
 */
export function reportAnswersPlugin(seconds: number, clock: Clock): ApolloServerPlugin<Context> {
  const kept = new Map<string, Kept>();
  return {
    requestDidStart() {
      if (seconds <= 0) return Promise.resolve(undefined);
      let key: string | undefined;
      return Promise.resolve({
        async responseForOperation(
          requestContext: GraphQLRequestContext<Context>,
        ): Promise<GraphQLResponse | null> {
          const { operation, queryHash, request, contextValue } = requestContext;
          if (!operation || !onlyKeptReports(operation)) return null;
          const caller = await contextValue.req?.authentication?.catch(() => undefined);
          if (!caller) return null;
          key = createHash('sha256')
            .update(
              JSON.stringify([
                callerKey(caller),
                queryHash,
                request.operationName ?? null,
                request.variables ?? {},
              ]),
            )
            .digest('base64url');
          const hit = kept.get(key);
          if (!hit || hit.until <= clock.now().getTime()) return null;
          key = undefined; // answered from what was kept: nothing new to keep
          return { http: { status: undefined, headers: new HeaderMap() }, body: hit.body };
        },
        willSendResponse({ response }) {
          if (!key || response.body.kind !== 'single' || response.body.singleResult.errors) {
            return Promise.resolve();
          }
          kept.delete(key);
          kept.set(key, { until: clock.now().getTime() + seconds * 1000, body: response.body });
          for (const oldest of kept.keys()) {
            if (kept.size <= MAX_KEPT) break;
            kept.delete(oldest);
          }
          return Promise.resolve();
        },
      });
    },
  };
}
