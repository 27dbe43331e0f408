import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { RequestLimits } from '../config/app-config';
import { ErrorCode } from './errors';

/**
 * The only GraphQL operations that may send a body above MAX_BODY_KB (up to MAX_IMPORT_BODY_KB):
 * a rate card import carries up to 5 MB of CSV, which JSON escaping can grow.
 */
export const LARGE_BODY_OPERATIONS: ReadonlySet<string> = new Set(['importRateCard']);

const GRAPHQL_PATH = '/graphql';

type SizedRequest = Request & { bodyBytes?: number };

function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** A JSON error in the shape the route's clients read: GraphQL's on /graphql, REST's elsewhere. */
export function sendJsonError(
  request: Request,
  response: Response,
  status: number,
  code: ErrorCode,
  message: string,
): void {
  const body =
    request.path === GRAPHQL_PATH
      ? { errors: [{ message, extensions: { code } }] }
      : { error: { code, message } };
  response.status(status).json(body);
}

/** True when the JSON body is one GraphQL mutation whose every field may be large. */
export function isLargeBodyOperation(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const query = (body as { query?: unknown }).query;
  if (typeof query !== 'string') return false;
  try {
    const document = parse(query, { maxTokens: 500 });
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (document.definitions.length !== 1 || operations.length !== 1) return false;
    const [operation] = operations;
    return (
      operation.operation === OperationTypeNode.MUTATION &&
      operation.selectionSet.selections.every(
        (s) =>
          s.kind === Kind.FIELD &&
          (LARGE_BODY_OPERATIONS.has(s.name.value) || s.name.value === '__typename'),
      )
    );
  } catch {
    return false;
  }
}

/**
 * Request bodies: MAX_BODY_KB for everything except a rate card import, which may send up to
 * MAX_IMPORT_BODY_KB. A declared size is checked before reading (an anonymous request may not send
 * a large body at all); the size actually read is checked again once the operation is known.
 * Too large is a 413, a body that is not JSON a 400, both as JSON. Call before `listen`: Nest then
 * skips its default JSON parser.
 */
export function limitRequestBodies(app: NestExpressApplication, limits: RequestLimits): void {
  const { maxBodyBytes, maxImportBodyBytes } = limits;
  const tooLarge = (request: Request, response: Response) =>
    sendJsonError(
      request,
      response,
      413,
      'BAD_USER_INPUT',
      `The request body is too large: at most ${kilobytes(maxBodyBytes)}` +
        ` (${kilobytes(maxImportBodyBytes)} for ${[...LARGE_BODY_OPERATIONS].join(', ')})`,
    );

  app.use((request: Request, response: Response, next: NextFunction) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    const mayBeLarge = request.path === GRAPHQL_PATH && request.headers.authorization !== undefined;
    if (declared > maxImportBodyBytes || (declared > maxBodyBytes && !mayBeLarge)) {
      // Not read: the connection is closed after the answer rather than drained.
      response.setHeader('connection', 'close');
      return tooLarge(request, response);
    }
    next();
  });
  app.useBodyParser('json', {
    limit: maxImportBodyBytes,
    verify: (request: SizedRequest, _response: Response, buffer: Buffer) => {
      request.bodyBytes = buffer.length;
    },
  });
  app.use((request: SizedRequest, response: Response, next: NextFunction) => {
    // Apollo's Express integration answers a bare 500 when no parser set `req.body` (a GET, or
    // a form post that its CSRF prevention should refuse): let Apollo see an absent body.
    if (request.path === GRAPHQL_PATH && !('body' in request)) {
      (request as { body?: unknown }).body = undefined;
    }
    if ((request.bodyBytes ?? 0) > maxBodyBytes) {
      if (request.path !== GRAPHQL_PATH || !isLargeBodyOperation(request.body)) {
        return tooLarge(request, response);
      }
    }
    next();
  });
  // The body parser's own failures (too large while streaming, not JSON, bad charset).
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    const failure = error as { type?: string; status?: number };
    if (response.headersSent || typeof failure?.type !== 'string') return next(error);
    if (failure.type === 'entity.too.large') return tooLarge(request, response);
    if (failure.type === 'entity.parse.failed') {
      return sendJsonError(request, response, 400, 'BAD_USER_INPUT', 'The body is not valid JSON');
    }
    if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
      return sendJsonError(
        request,
        response,
        failure.status,
        'BAD_USER_INPUT',
        'The request body cannot be read',
      );
    }
    next(error);
  });
}
