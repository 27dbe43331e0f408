import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Kind, OperationTypeNode, parse } from 'graphql';
import type { Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import getRawBody from 'raw-body';
import { RequestLimits } from '../config/app-config';
import { ErrorReason } from './error-reasons';
import { ErrorCode, reasonOfHttpCode } from './errors';

/**
 * The only GraphQL operations that may send a body above MAX_BODY_KB (up to MAX_IMPORT_BODY_KB):
 * a rate card import carries up to 5 MB of CSV, which JSON escaping can grow.
 */
export const LARGE_BODY_OPERATIONS: ReadonlySet<string> = new Set(['importRateCard']);

const GRAPHQL_PATH = '/graphql';

/**
 * Pages that take a rate card upload (multipart) and may be sent up to MAX_IMPORT_BODY_KB: the
 * page reads the body itself, only once its caller is checked, with its own cap on the file (the
 * API's 5 MB), so this limit only stops it being refused before it is read.
 */
export const LARGE_UPLOAD_PAGES: ReadonlySet<string> = new Set(['/listings/import']);

function isLargeUpload(request: Request): boolean {
  return (
    request.method === 'POST' &&
    LARGE_UPLOAD_PAGES.has(request.path) &&
    request.is('multipart/form-data') === 'multipart/form-data'
  );
}

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
  reason: ErrorReason | undefined = reasonOfHttpCode(code),
): void {
  const body =
    request.path === GRAPHQL_PATH
      ? { errors: [{ message, extensions: { code, reason } }] }
      : { error: { code, reason, message } };
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

/** True when the request has a body to read (chunked, or a Content-Length above 0). */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length ?? '0') !== '0';
}

/**
 * Called before answering without reading the request's body: a body that may be large (chunked,
 * or declared above `maxBodyBytes`) is not drained; the connection is closed after the answer.
 * A smaller declared body is discarded by Node as it arrives, keeping the connection.
 */
export function leaveBodyUnread(request: Request, response: Response, maxBodyBytes: number): void {
  if (!hasBody(request)) return;
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (!(declared <= maxBodyBytes)) response.setHeader('connection', 'close');
}

type BodyFailure = Error & { type: string; status: number };

function bodyFailure(status: number, type: string, message: string): BodyFailure {
  return Object.assign(new Error(message), { type, status });
}

const DECOMPRESSORS: Partial<Record<string, () => Transform>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * Reads a JSON body of at most `limit` bytes (after decompression), counting the bytes as they
 * arrive whatever the headers say: a declared Content-Length above the limit fails before
 * anything is read, a chunked body as soon as it passes the limit. On failure the rest of the
 * body is left unread (body-parser would read it all before answering).
 */
function readJsonBody(request: SizedRequest, limit: number): Promise<void> {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '');
  if (charset && !['utf-8', 'utf8'].includes(charset[1].toLowerCase())) {
    return Promise.reject(bodyFailure(415, 'charset.unsupported', 'JSON must be UTF-8'));
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decompress = DECOMPRESSORS[encoding];
  if (encoding !== 'identity' && !decompress) {
    return Promise.reject(bodyFailure(415, 'encoding.unsupported', 'Unsupported content encoding'));
  }
  const inflating = decompress?.();
  const stream: Readable = inflating ? request.pipe(inflating) : request;
  return getRawBody(stream, {
    length: inflating ? undefined : request.headers['content-length'],
    limit,
  }).then(
    (buffer) => {
      request.bodyBytes = buffer.length;
      const text = buffer.toString('utf8');
      // Like body-parser's strict mode: an object or an array, nothing else.
      if (!/^[\s\uFEFF]*[[{]/.test(text)) {
        throw bodyFailure(400, 'entity.parse.failed', 'The body is not a JSON object');
      }
      try {
        request.body = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
      } catch {
        throw bodyFailure(400, 'entity.parse.failed', 'The body is not valid JSON');
      }
    },
    (error: unknown) => {
      if (inflating) {
        request.unpipe(inflating);
        inflating.destroy();
      }
      throw error;
    },
  );
}

/**
 * Request bodies: MAX_BODY_KB for everything except a rate card import, which may send up to
 * MAX_IMPORT_BODY_KB, and only when `mayImport` says the request's verified caller may import
 * (the large limit is never chosen from a header's mere presence). Bytes are counted as they are
 * read, chunked or not; the size read is checked again once the operation is known. Too large is
 * a 413 (the connection closed, the rest not read), a body that is not JSON a 400, both as JSON.
 * Call before `listen`: Nest then skips its default JSON parser.
 */
export function limitRequestBodies(
  app: NestExpressApplication,
  limits: RequestLimits,
  mayImport: (request: Request) => Promise<boolean>,
): void {
  const { maxBodyBytes, maxImportBodyBytes } = limits;
  const tooLarge = (request: Request, response: Response) => {
    // The body may be only partly read: close rather than drain it.
    response.setHeader('connection', 'close');
    sendJsonError(
      request,
      response,
      413,
      'BAD_USER_INPUT',
      `The request body is too large: at most ${kilobytes(maxBodyBytes)}` +
        ` (${kilobytes(maxImportBodyBytes)} for ${[...LARGE_BODY_OPERATIONS].join(', ')})`,
    );
  };

  app.use((request: SizedRequest, response: Response, next: NextFunction) => {
    const limitFor = async () =>
      (request.path === GRAPHQL_PATH && (await mayImport(request))) || isLargeUpload(request)
        ? maxImportBodyBytes
        : maxBodyBytes;
    limitFor()
      .then(async (limit) => {
        if (Number(request.headers['content-length'] ?? 0) > limit) {
          return tooLarge(request, response);
        }
        // Apollo's Express integration answers a bare 500 when no parser set `req.body` (a GET,
        // or a form post that its CSRF prevention should refuse): let Apollo see an absent body.
        (request as { body?: unknown }).body = undefined;
        if (hasBody(request) && request.is('application/json')) {
          await readJsonBody(request, limit);
        }
        next();
      })
      .catch(next);
  });
  app.use((request: SizedRequest, response: Response, next: NextFunction) => {
    if ((request.bodyBytes ?? 0) > maxBodyBytes) {
      if (request.path !== GRAPHQL_PATH || !isLargeBodyOperation(request.body)) {
        return tooLarge(request, response);
      }
    }
    next();
  });
  // The body's failures (too large while streaming, not JSON, bad charset, cut short).
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    const failure = error as { type?: string; status?: number };
    if (response.headersSent || typeof failure?.type !== 'string') return next(error);
    if (failure.type === 'entity.too.large') return tooLarge(request, response);
    if (failure.type === 'entity.parse.failed') {
      return sendJsonError(request, response, 400, 'BAD_USER_INPUT', 'The body is not valid JSON');
    }
    if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
      response.setHeader('connection', 'close');
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
