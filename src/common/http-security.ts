import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { EdgeGate } from '../auth/edge-gate';
import { ReportAnswers } from '../commissioning/report-answers';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { limitRequestBodies } from './request-body';

/**
 * Everything the HTTP layer needs before `listen`, in main.ts and the tests alike, in the order
 * it runs: the request metrics (every request timed, refusals too), the limit per client address
 * (before anything is read), helmet's headers, CORS from
 * CORS_ORIGINS, the caller's token and per-user limit on /graphql, the request body limits, and
 * kept report answers.
 */
export function secureHttp(app: NestExpressApplication, config: AppConfig): void {
  const edge = app.get(EdgeGate);
  // Whose X-Forwarded-For gives `req.ip` (TRUST_PROXY; by default nobody's: the socket address).
  app.set('trust proxy', config.requestLimits.trustProxy);
  // No ETag on answers Express sends (GraphQL's POSTs, pages for one signed-in user): nobody
  // revalidates them, and hashing a 150 KB report on every answer costs. Static files keep theirs.
  app.set('etag', false);
  app.use(app.get(MetricsService).httpMiddleware());
  app.use(edge.limitPerAddress());
  app.use(
    helmet({
      // Apollo Sandbox (development only) runs inline scripts and frames from Apollo's CDN; the
      // API itself only answers JSON and CSV, which helmet's default policy suits.
      contentSecurityPolicy: config.isDevelopment ? false : undefined,
      crossOriginEmbedderPolicy: config.isDevelopment ? false : undefined,
    }),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-request-id'],
      exposedHeaders: ['retry-after', 'x-request-id'],
      maxAge: 600,
    });
  }
  app.use(edge.authenticateGraphql());
  limitRequestBodies(app, config.requestLimits, (request) => edge.mayImport(request));
  // A kept report's answer, sent again to the same caller asking the same (REPORT_CACHE_SECONDS).
  app.use(app.get(ReportAnswers).middleware());
}
