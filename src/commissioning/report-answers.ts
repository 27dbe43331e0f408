import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { Global, Injectable, Module } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Kind, OperationDefinitionNode, OperationTypeNode } from 'graphql';
import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';
import { Caller } from '../auth/caller';
import { AuthenticatedRequest } from '../auth/request-context';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { formatGraphQLError } from '../common/graphql-errors';
import { sendJsonError } from '../common/request-body';
import { ReportsBusyError } from '../database/reporting-database';
import { MetricsService } from '../metrics/metrics.service';
import { ReportLane } from './report-lane';

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

const GRAPHQL_PATH = '/graphql';

/** A kept answer as sent over HTTP. */
interface Sent {
  bytes: Buffer;
  contentType: string;
  /** The same bytes gzip-compressed, once compressed (off the event loop, after the first send). */
  gzipped?: Buffer;
}

/** A kept answer until `until`: as GraphQL gave it and, once sent over HTTP, as sent. */
interface Kept {
  until: number;
  body: GraphQLResponse['body'];
  sent?: Sent;
  /** The operation's name in its document (for the operation metrics). */
  operationName: string | undefined;
}

/** Set on a request by the plugin when its answer was kept: under which key. */
const KEEP = Symbol('keptReportAnswer');
type MarkedRequest = AuthenticatedRequest & { [KEEP]?: string };

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
 * One request for a kept answer: the caller (identity, roles, scope), the query's text, the
 * operation asked, its variables and the media types accepted (which decide the answer's).
 */
function answerKey(
  caller: Caller,
  query: string,
  operationName: unknown,
  variables: unknown,
  accept: string | undefined,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        callerKey(caller),
        query,
        operationName ?? null,
        variables ?? {},
        accept ?? '',
      ]),
    )
    .digest('base64url');
}

/**
 * Keeps a report query's whole answer, as sent, for REPORT_CACHE_SECONDS, per caller (identity,
 * roles and scope), query, operation, variables and accepted media types: the same caller asking
 * the same report again gets those bytes again before GraphQL runs at all (parsing, resolving and
 * writing some 150 KB of JSON for a national gap report are most of what a kept report costs),
 * gzip-compressed when the client accepts gzip.
 *
 * Which answers are kept is decided inside GraphQL (`plugin`): only queries made of
 * KEPT_REPORTS, only answers without errors, and nothing at all when REPORT_CACHE_SECONDS is 0.
 * They are answered again at the HTTP edge (`middleware`), after the caller's token and the rate
 * limits have been checked, as for any request: a caller refused a report never had an answer
 * kept under its key. Either way, a report takes its turn in the ReportLane first: while the
 * instance is busy, reports wait (REPORT_YIELD_MS) so that purchases do not.
 */
@Injectable()
export class ReportAnswers {
  private readonly kept = new Map<string, Kept>();
  private readonly seconds: number;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly lane: ReportLane,
  ) {
    this.seconds = config.reporting.cacheSeconds;
  }

  /**
   * Inside GraphQL: a kept answer for this request is answered without resolving anything (the
   * pages' in-process operations, and HTTP requests the edge could not answer); a kept report's
   * answer without errors is kept, and its request marked so that its bytes are kept as sent.
   */
  plugin(): ApolloServerPlugin<{ req?: MarkedRequest }> {
    return {
      requestDidStart: () => {
        if (this.seconds <= 0 && !this.lane.enabled) return Promise.resolve(undefined);
        let key: string | undefined;
        return Promise.resolve({
          responseForOperation: async ({
            operation,
            request,
            contextValue,
          }): Promise<GraphQLResponse | null> => {
            if (!operation || !onlyKeptReports(operation) || typeof request.query !== 'string') {
              return null;
            }
            const refused = await this.lane.turn()?.then(
              () => undefined,
              (error: unknown) => error,
            );
            if (refused instanceof ReportsBusyError) {
              // Answered here, so formatError never sees it: formatted as it would be.
              const error = formatGraphQLError({ message: refused.message }, refused, false);
              return {
                http: { status: undefined, headers: new HeaderMap() },
                body: { kind: 'single', singleResult: { errors: [error] } },
              };
            }
            if (this.seconds <= 0) return null;
            const caller = await contextValue.req?.authentication?.catch(() => undefined);
            if (!caller) return null;
            key = answerKey(
              caller,
              request.query,
              request.operationName,
              request.variables,
              request.http?.headers.get('accept'),
            );
            const hit = this.fresh(key);
            if (!hit) return null;
            key = undefined; // answered from what was kept: nothing new to keep
            return { http: { status: undefined, headers: new HeaderMap() }, body: hit.body };
          },
          willSendResponse: ({ operation, response, contextValue }) => {
            if (!key || response.body.kind !== 'single') return Promise.resolve();
            if (response.body.singleResult.errors || (response.http.status ?? 200) !== 200) {
              return Promise.resolve();
            }
            this.keep(key, {
              until: this.clock.now().getTime() + this.seconds * 1000,
              body: response.body,
              operationName: operation?.name?.value,
            });
            if (contextValue.req) contextValue.req[KEEP] = key;
            return Promise.resolve();
          },
        });
      },
    };
  }

  /**
   * On POST /graphql, after the token, the rate limits and the body: a kept answer for this very
   * request is sent as it was; otherwise the request goes on to GraphQL, and its answer is kept
   * if the plugin marked it.
   */
  middleware(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      const body = request.body as {
        query?: unknown;
        operationName?: unknown;
        variables?: unknown;
        extensions?: unknown;
      };
      const marked = request as MarkedRequest;
      if (
        this.seconds <= 0 ||
        request.method !== 'POST' ||
        request.path !== GRAPHQL_PATH ||
        typeof body?.query !== 'string' ||
        // Extensions (a persisted query's hash...) are for GraphQL to check: never answered here.
        body.extensions !== undefined ||
        !marked.authentication
      ) {
        return next();
      }
      const started = process.hrtime.bigint();
      const query = body.query;
      marked.authentication.then(
        (caller) => {
          const key = answerKey(
            caller,
            query,
            body.operationName,
            body.variables,
            request.headers.accept,
          );
          const hit = this.fresh(key);
          const sent = hit?.sent;
          if (sent) {
            const send = () => {
              this.sendAgain(request, response, sent);
              this.metrics.graphqlOperation(
                hit.operationName,
                'query',
                Number(process.hrtime.bigint() - started) / 1e9,
              );
            };
            const turn = this.lane.turn();
            if (!turn) return send();
            turn.then(send, (error: ReportsBusyError) => {
              response.setHeader('retry-after', 1);
              sendJsonError(request, response, 503, error.code, error.message, error.reason);
            });
            return;
          }
          this.keepWhenSent(marked, response);
          next();
        },
        // Refused at the edge already; nothing to answer from here.
        () => next(),
      );
    };
  }

  /**
   * A kept answer's bytes again, gzip-compressed when the client accepts that and they are ready
   * (a national gap report's 150 KB are some 10 KB so: less to write for the service, the
   * network and the client).
   */
  private sendAgain(request: Request, response: Response, sent: Sent): void {
    response.status(200).setHeader('content-type', sent.contentType);
    response.vary('Accept-Encoding');
    if (
      sent.gzipped &&
      // No Accept-Encoding: the bytes as they are (a client that says nothing may not inflate).
      request.headers['accept-encoding'] !== undefined &&
      request.acceptsEncodings('gzip', 'identity') === 'gzip'
    ) {
      response.setHeader('content-encoding', 'gzip');
      response.send(sent.gzipped);
    } else {
      response.send(sent.bytes);
    }
  }

  /** Adds the bytes Apollo sends for `request` to its kept answer, if the plugin kept one. */
  private keepWhenSent(request: MarkedRequest, response: Response): void {
    const send = response.send.bind(response);
    response.send = (chunk?: unknown) => {
      const answer = request[KEEP] ? this.kept.get(request[KEEP]) : undefined;
      const contentType = response.getHeader('content-type');
      if (
        answer &&
        response.statusCode === 200 &&
        typeof chunk === 'string' &&
        typeof contentType === 'string'
      ) {
        const sent: Sent = { bytes: Buffer.from(chunk), contentType };
        answer.sent = sent;
        gzip(sent.bytes, (error, gzipped) => {
          if (!error) sent.gzipped = gzipped;
        });
      }
      return send(chunk);
    };
  }

  /** The answer kept under `key`, unless there is none or its time is up. */
  private fresh(key: string): Kept | undefined {
    const answer = this.kept.get(key);
    return answer && answer.until > this.clock.now().getTime() ? answer : undefined;
  }

  private keep(key: string, answer: Kept): void {
    this.kept.delete(key);
    this.kept.set(key, answer);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= MAX_KEPT) break;
      this.kept.delete(oldest);
    }
  }
}

/**
 * The one ReportAnswers (and ReportLane) of an instance, shared by the GraphQL plugin and the
 * HTTP edge.
 */
@Global()
@Module({ providers: [ReportAnswers, ReportLane], exports: [ReportAnswers, ReportLane] })
export class ReportAnswersModule {}
