import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';

export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';

/** Apollo's codes for a document (or its variables) the server could not run: a request error. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
]);

interface MediaRange {
  type: string;
  q: number;
  order: number;
}

/** One Accept header's media ranges with their quality (RFC 9110), most wanted first. */
function mediaRanges(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part, order) => {
      const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const qParam = params.find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { type, q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((range) => range.type);
}

interface Match {
  q: number;
  specificity: number;
  order: number;
}

/** How much the client wants `type`: from the most specific range that matches it. */
function quality(ranges: MediaRange[], type: string): Match {
  const [major] = type.split('/');
  let best: Match = { q: 0, specificity: -1, order: Infinity };
  for (const range of ranges) {
    const specificity =
      range.type === type ? 2 : range.type === `${major}/*` ? 1 : range.type === '*/*' ? 0 : -1;
    if (specificity > best.specificity) best = { q: range.q, specificity, order: range.order };
  }
  return best;
}

/**
 * The media type of a single GraphQL response for an Accept header (GraphQL over HTTP): the new
 * `application/graphql-response+json` when the client prefers it, `application/json` otherwise
 * (and when there is no Accept header, for the clients that predate the specification).
 * Undefined when the client accepts neither (Apollo then answers 406).
 */
export function responseMediaType(accept: string | undefined): string | undefined {
  if (!accept?.trim()) return APPLICATION_JSON;
  const ranges = mediaRanges(accept);
  const json = quality(ranges, 'application/json');
  const graphql = quality(ranges, 'application/graphql-response+json');
  if (json.q === 0 && graphql.q === 0) return undefined;
  if (graphql.q > json.q) return GRAPHQL_RESPONSE_JSON;
  if (json.q > graphql.q) return APPLICATION_JSON;
  // Equal quality: the one named more exactly, then the one the client named first (as Apollo's
  // own negotiation); a tie (say `*/*`) keeps the legacy type.
  if (graphql.specificity !== json.specificity) {
    return graphql.specificity > json.specificity ? GRAPHQL_RESPONSE_JSON : APPLICATION_JSON;
  }
  return graphql.order < json.order ? GRAPHQL_RESPONSE_JSON : APPLICATION_JSON;
}

/**
 * The status a single response carries under the GraphQL-over-HTTP specification. Apollo answers
 * 400 to a document that fails to parse or validate (or whose variables do not fit) whatever the
 * media type; that is right for `application/graphql-response+json`, but under `application/json`
 * a well-formed request answers 200 with its errors (Apollo Client 3 would otherwise report a
 * network error and drop the errors' details). Malformed requests (no query, a body that is not
 * JSON, CSRF refusals) keep their 4xx under both.
 */
export function graphqlOverHttpStatus(
  mediaType: string | undefined,
  status: number | undefined,
  errorCodes: readonly unknown[],
): number | undefined {
  if (mediaType !== APPLICATION_JSON || status !== 400 || errorCodes.length === 0) return status;
  const requestErrors = errorCodes.every(
    (code) => typeof code === 'string' && REQUEST_ERROR_CODES.has(code),
  );
  return requestErrors ? 200 : status;
}

/** Sets the media type by the client's Accept header and the status the specification asks for. */
export function graphqlOverHttpPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        willSendResponse({ request, response, errors }: GraphQLRequestContext<BaseContext>) {
          // Only HTTP requests (the pages' in-process operations have no head to set).
          if (!request.http || response.body?.kind !== 'single') return Promise.resolve();
          const mediaType = responseMediaType(request.http.headers.get('accept'));
          if (mediaType && !response.http.headers.get('content-type')) {
            response.http.headers.set('content-type', mediaType);
          }
          const codes = (errors ?? []).map((error) => error.extensions?.code);
          response.http.status = graphqlOverHttpStatus(mediaType, response.http.status, codes);
          return Promise.resolve();
        },
      });
    },
  };
}
