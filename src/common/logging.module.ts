import { randomUUID } from 'node:crypto';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import pino, { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { withoutQuotedValues } from './database-errors';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** A CRN: one capital letter and six digits (the only shape the API accepts). */
const CRN = /\b[A-Z]\d{6}\b/g;

/**
 * Where log lines go: standard output. A provider so a test can capture the service's real log
 * (`overrideProvider(LogDestination)`).
 */
export abstract class LogDestination implements DestinationStream {
  abstract write(line: string): void;
}

/**
 * The address of a request without its query string: a GraphQL GET carries the whole operation
 * and its variables there (a CRN, a name), other routes their filters.
 */
export function pathOnly(url: unknown): string | undefined {
  return typeof url === 'string' ? url.split('?')[0] : undefined;
}

/** Every line, whatever wrote it, with anything shaped like a CRN replaced: the last defence. */
export function withoutCrns(line: string): string {
  return line.replace(CRN, '[CRN]');
}

/** A failed query's error, as thrown or as Nest's exception handler rebuilds it from its text. */
function isDatabaseError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    'driverError' in err ||
    err.name === 'QueryFailedError' ||
    /^(QueryFailedError|error): /.test(err.stack ?? '')
  );
}

interface SerializedError {
  type?: unknown;
  message?: unknown;
  stack?: unknown;
  [key: string]: unknown;
}

/**
 * An error as logged: a failed query (TypeORM's QueryFailedError, or the driver's own error)
 * without its parameters, its driver's detail and the values PostgreSQL quotes in its message.
 */
export function privateError(error: SerializedError): SerializedError {
  const fromDatabase =
    error.type === 'QueryFailedError' ||
    error.type === 'DatabaseError' ||
    'parameters' in error ||
    'driverError' in error;
  if (!fromDatabase) return error;
  const message = withoutQuotedValues(typeof error.message === 'string' ? error.message : '');
  const stack = typeof error.stack === 'string' ? error.stack.split('\n').slice(1).join('\n') : '';
  const code = (error.driverError as { code?: unknown } | undefined)?.code ?? error.code;
  return { type: error.type, code, message, stack: `${String(error.type)}: ${message}\n${stack}` };
}

interface SerializedRequest {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  headers?: Record<string, unknown>;
  remoteAddress?: unknown;
}

/** The active trace's ids for a log line (none when tracing is off or no span is active). */
export function traceIds(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context)
    ? { trace_id: context.traceId, span_id: context.spanId }
    : {};
}

/** Paths probed or scraped every few seconds: no request line for them. */
const UNLOGGED_PATHS = new Set(['/health', '/health/liveness', '/health/readiness', '/metrics']);

/**
 * JSON logs (pino), one line per request with its id; the id is echoed as `x-request-id`.
 * No personal data: a request is logged as its method, path (no query string), user agent and
 * address, never its query, body or other headers (a Referer holds a URL with its query), and
 * its response as its status and time (not its headers: the same security headers on every
 * line were three quarters of its bytes, written and scrubbed for nothing); SQL
 * parameters never reach the log (PrivateQueryLogger); and every line is scrubbed of CRNs. With
 * tracing on (src/tracing.ts) each line carries the active `trace_id` and `span_id`.
 */
export const LoggingModule = LoggerModule.forRootAsync({
  providers: [{ provide: LogDestination, useFactory: () => pino.destination(1) }],
  inject: [AppConfig, LogDestination],
  useFactory: (config: AppConfig, destination: LogDestination) => ({
    pinoHttp: [
      {
        level: config.logLevel,
        mixin: config.operations.tracing ? traceIds : undefined,
        genReqId: (req, res) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          res.setHeader('x-request-id', id);
          return id;
        },
        hooks: {
          // Nest logs an unexpected error as `{ err }`, its message becoming the line's msg
          // before any serializer runs: a failed query's message loses the values it quotes.
          logMethod(this: pino.Logger, args: Parameters<pino.LogFn>, method: pino.LogFn) {
            const first = args[0] as { err?: unknown } | null;
            if (isDatabaseError(first?.err)) {
              const err = first!.err as Error;
              const safe = new Error(withoutQuotedValues(err.message));
              safe.name = err.name;
              safe.stack = `${err.name}: ${safe.message}\n${(err.stack ?? '').split('\n').slice(1).join('\n')}`;
              const rest = args
                .slice(1)
                .map((arg: unknown) => (typeof arg === 'string' ? withoutQuotedValues(arg) : arg));
              return method.apply(this, [
                { ...first, err: safe },
                ...rest,
              ] as Parameters<pino.LogFn>);
            }
            return method.apply(this, args);
          },
        },
        serializers: {
          err: privateError,
          req: (req: SerializedRequest) => ({
            id: req.id,
            method: req.method,
            url: pathOnly(req.url),
            userAgent: req.headers?.['user-agent'],
            remoteAddress: req.remoteAddress,
          }),
          res: (res: { statusCode?: unknown }) => ({ statusCode: res.statusCode }),
        },
        autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(pathOnly(req.url) ?? '') },
      },
      { write: (line: string) => destination.write(withoutCrns(line)) },
    ],
  }),
});
