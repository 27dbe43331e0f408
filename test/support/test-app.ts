import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Logger as PinoLogger } from 'nestjs-pino';
import { Clock } from '../../src/common/clock';
import { LogDestination } from '../../src/common/logging.module';
import { secureHttp } from '../../src/common/http-security';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { serveWebPages } from '../../src/web/web-setup';
import { TEST_JWT_SECRET } from './tokens';

/** What a production instance needs besides NODE_ENV (spread into startApp's environment). */
export const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  JWT_SECRET: TEST_JWT_SECRET,
  PUBLIC_URL: 'https://marketplace.example',
  WEB_SESSION_SECRET: 'web-session-secret-for-production-mode-tests',
  LOG_LEVEL: 'silent',
  SEED_DEMO_ON_FIRST_START: 'false',
};

/** A clock the test sets: `set('2026-04-01')` makes "today" that date in Europe/London. */
export class TestClock extends Clock {
  private fixed?: Date;

  set(isoDateOrInstant: string): void {
    this.fixed = new Date(
      isoDateOrInstant.length === 10 ? `${isoDateOrInstant}T12:00:00Z` : isoDateOrInstant,
    );
  }

  reset(): void {
    this.fixed = undefined;
  }

  override now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }
}

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    /** The stable reason a refusal gives (see ERROR_REASONS). */
    reason?: string;
    fieldErrors?: { field: string; message: string }[];
  };
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLError[];
}

export interface TestApp {
  app: INestApplication;
  url: string;
  clock: TestClock;
  dataSource: DataSource;
  /** POSTs a GraphQL operation to /graphql over HTTP, as a client would. */
  gql<T = Record<string, unknown>>(
    query: string,
    options?: {
      variables?: Record<string, unknown>;
      token?: string;
      headers?: Record<string, string>;
    },
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * The whole service on a random port, on the database the global setup prepared. `environment`
 * sets variables for this instance only (e.g. `{ RATE_LIMIT: '5' }`, or `NODE_ENV: 'production'`
 * with a `JWT_SECRET`), on top of the test run's.
 */
export async function startApp(
  environment: Record<string, string> = {},
  /** `logTo` receives the service's log, every line as it would reach standard output. */
  { logTo }: { logTo?: (line: string) => void } = {},
): Promise<TestApp> {
  const clock = new TestClock();
  // Test files drive hundreds of requests from a few users in seconds: the per-user rate limit
  // and the per-address one are set out of reach unless a test sets its own (the rate-limit
  // tests do). Reports answer afresh each time (a test reads a report, changes something and
  // reads it again) unless a test sets REPORT_CACHE_SECONDS.
  const config = loadConfig({
    ...process.env,
    RATE_LIMIT: '1000000',
    RATE_LIMIT_PER_ADDRESS: '100000000',
    REPORT_CACHE_SECONDS: '0',
    ...environment,
  });
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .overrideProvider(AppConfig)
    .useValue(config);
  if (logTo) {
    builder = builder.overrideProvider(LogDestination).useValue({ write: logTo });
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(
    logTo ? { bufferLogs: true } : { logger: false },
  );
  // As main.ts does: Nest's own log (and every `new Logger(...)`) through pino.
  if (logTo) app.useLogger(app.get(PinoLogger));
  secureHttp(app, config);
  serveWebPages(app, config);
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  return {
    app,
    url,
    clock,
    dataSource: app.get(DataSource),
    async gql(query, { variables, token, headers = {} } = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: never; errors?: GraphQLError[] };
      return { status: response.status, data: body.data, errors: body.errors };
    },
    close: () => app.close(),
  };
}

/** The `extensions.reason` of each error, for concise assertions. */
export function errorReasons(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.reason);
}

/** The `extensions.code` of each error, for concise assertions. */
export function errorCodes(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}
