// First: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) patches modules as they load.
import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { secureHttp } from './common/http-security';
import { AppConfig, ConfigurationError, loadConfig } from './config/app-config';
import { serveWebPages } from './web/web-setup';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    forceCloseConnections: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  secureHttp(app, config);
  serveWebPages(app, config);
  // SIGTERM/SIGINT: stop accepting, let requests in flight finish, close the pool, stop PGlite.
  app.enableShutdownHooks();
  if (config.jwt.usingDevSecret) {
    logger.warn(
      'JWT_SECRET and JWT_JWKS_URL are unset: verifying tokens with the fixed development secret (`npm run token` signs with it). Never run like this in production.',
    );
  }
  await app.listen(config.port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  logger.log(`Web pages at ${url}/ and the GraphQL API at ${url}/graphql (${config.nodeEnv})`);
}

void bootstrap();
