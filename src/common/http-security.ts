import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppConfig } from '../config/app-config';
import { limitRequestBodies } from './request-body';

/**
 * Everything the HTTP layer needs before `listen`, in main.ts and the tests alike: helmet's
 * headers, CORS from CORS_ORIGINS, and the request body limits.
 */
export function secureHttp(app: NestExpressApplication, config: AppConfig): void {
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
  limitRequestBodies(app, config.requestLimits);
}
