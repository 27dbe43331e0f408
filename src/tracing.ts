/**
 * OpenTelemetry tracing, loaded by main.ts before anything else (instrumentation must patch
 * `http`, Express, GraphQL and `pg` before they are first required). Only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set: then spans go there over OTLP/HTTP (the SDK reads the
 * standard OTEL_* variables: OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS...). When it is unset
 * nothing of the SDK is even loaded.
 *
 * No personal data in spans: HTTP spans carry the path without its query string (a GraphQL GET
 * holds the operation and its variables there), GraphQL spans the document with its literal
 * values masked (the instrumentation's default), `pg` spans the SQL with placeholders, never
 * the parameters.
 */
import type { Span } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';

/** Attributes that hold a URL or its query string. */
const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full', 'url.query'];

/** A span's URL attributes without their query strings. */
export function withoutQueries(span: Span): void {
  const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes;
  if (!attributes) return;
  for (const name of URL_ATTRIBUTES) {
    const value = attributes[name];
    if (typeof value !== 'string') continue;
    span.setAttribute(name, name === 'url.query' ? '' : value.split('?')[0]);
  }
}

interface Tracing {
  shutdown(): Promise<void>;
}

/** Starts the SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set; undefined (and nothing loaded) when not. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } =
    require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'intervention-marketplace',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        requestHook: (span, request) => {
          if ((request as IncomingMessage).headers) withoutQueries(span);
        },
        // Probes and scrapes every few seconds would drown the traces.
        ignoreIncomingRequestHook: (request) =>
          /^\/(health|metrics)(\/|\?|$)/.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  // Send what is buffered when asked to stop (Nest's own shutdown hook then closes the app).
  process.once('SIGTERM', () => void sdk.shutdown().catch(() => undefined));
  return sdk;
}

startTracing();
