import { ConfigurationError, DEV_JWT_SECRET, loadConfig } from './app-config';

/** Development, said explicitly: the only mode that runs with the development secret. */
const DEV = { NODE_ENV: 'development' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfig', () => {
  it('runs on the embedded database with the dev secret when development is said explicitly', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.nodeEnv).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.embeddedDatabaseDir).toMatch(/\.data\/pglite$/);
    expect(config.dbPoolSize).toBe(1);
    expect(config.jwt).toMatchObject({ secret: DEV_JWT_SECRET, usingDevSecret: true });
    expect(config.introspection).toBe(true);
  });

  it('uses the PostgreSQL server and a larger pool when DATABASE_URL is set', () => {
    const config = loadConfig({
      ...DEV,
      DATABASE_URL: 'postgres://u@db.internal:5432/market',
      DATA_DIR: '/tmp/x',
    });
    expect(config.usesEmbeddedDatabase).toBe(false);
    expect(config.dbPoolSize).toBe(10);
  });

  it('reads the settings of several instances and of operability, and checks them', () => {
    expect(loadConfig(DEV).operations).toEqual({ tracing: false, preparedStatements: false });
    const config = loadConfig({
      ...DEV,
      DATABASE_URL: 'postgres://u@db_primary:5432/market',
      REPORTING_DATABASE_URL: 'postgres://u@db_replica:5432/market',
      REDIS_URL: 'redis://redis_cache:6379',
      METRICS_TOKEN: 'a-metrics-token-of-some-length',
      GIT_COMMIT: 'abc123',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(config.operations).toEqual({
      redisUrl: 'redis://redis_cache:6379',
      metricsToken: 'a-metrics-token-of-some-length',
      reportingDatabaseUrl: 'postgres://u@db_replica:5432/market',
      gitCommit: 'abc123',
      tracing: true,
      preparedStatements: true,
    });
    // Named prepared statements on a server unless turned off; never on the embedded database.
    const server = { ...DEV, DATABASE_URL: 'postgres://u@db:5432/market' };
    expect(
      loadConfig({ ...server, DATABASE_PREPARED_STATEMENTS: 'false' }).operations
        .preparedStatements,
    ).toBe(false);
    expect(
      loadConfig({ ...DEV, DATABASE_PREPARED_STATEMENTS: 'true' }).operations.preparedStatements,
    ).toBe(false);
    // The reporting database named as the main one is no separate database.
    expect(
      loadConfig({
        ...DEV,
        DATABASE_URL: 'postgres://u@db:5432/market',
        REPORTING_DATABASE_URL: 'postgres://u@db:5432/market',
      }).operations.reportingDatabaseUrl,
    ).toBeUndefined();
    const problems = problemsOf({
      ...DEV,
      REDIS_URL: 'http://redis:6379',
      METRICS_TOKEN: 'short',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
    });
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(
      /METRICS_TOKEN: METRICS_TOKEN must be at least 16 characters long \(got a value of 5 characters\)/,
    );
    expect(problems).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  describe('the retention job', () => {
    it('runs daily at 02:30 keeping seven years by default, and never on its own in tests', () => {
      expect(loadConfig(DEV).retention).toEqual({ cron: '30 2 * * *', years: 7, dryRun: false });
      expect(
        loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) }).retention.cron,
      ).toBeNull();
    });

    it('takes a schedule, a number of years and a dry run, or is turned off', () => {
      expect(
        loadConfig({
          ...DEV,
          RETENTION_CRON: '0 4 * * 0',
          RETENTION_YEARS: '6',
          RETENTION_DRY_RUN: 'true',
        }).retention,
      ).toEqual({ cron: '0 4 * * 0', years: 6, dryRun: true });
      expect(loadConfig({ ...DEV, RETENTION_CRON: 'off' }).retention.cron).toBeNull();
    });

    it('refuses a schedule that is not a cron expression, and a retention of no years', () => {
      expect(problemsOf({ ...DEV, RETENTION_CRON: 'daily' })).toMatch(/RETENTION_CRON/);
      expect(problemsOf({ ...DEV, RETENTION_YEARS: '0' })).toMatch(/RETENTION_YEARS/);
    });
  });

  describe('the demand rollup job', () => {
    it('runs hourly by default, never on its own in tests, and takes a schedule or off', () => {
      expect(loadConfig(DEV).reporting.rollupCron).toBe('5 * * * *');
      expect(
        loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) }).reporting.rollupCron,
      ).toBeNull();
      expect(loadConfig({ ...DEV, DEMAND_ROLLUP_CRON: '*/10 * * * *' }).reporting.rollupCron).toBe(
        '*/10 * * * *',
      );
      expect(loadConfig({ ...DEV, DEMAND_ROLLUP_CRON: 'OFF' }).reporting.rollupCron).toBeNull();
    });

    it('refuses a schedule that is not a cron expression, naming its variable', () => {
      expect(problemsOf({ ...DEV, DEMAND_ROLLUP_CRON: 'hourly' })).toMatch(
        /DEMAND_ROLLUP_CRON must be a cron expression/,
      );
    });
  });

  it('refuses to start in production without a way to verify tokens', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
  });

  describe('OpenID Connect sign-in for the pages', () => {
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://marketplace.example',
      WEB_SESSION_SECRET: 'w'.repeat(32),
    };
    const oidc = {
      OIDC_ISSUER: 'https://login.example',
      OIDC_CLIENT_ID: 'pages',
      OIDC_CLIENT_SECRET: 's3cret',
    };

    it('is off unless configured, and then comes back to PUBLIC_URL', () => {
      expect(loadConfig({ ...production, JWT_SECRET: 'x'.repeat(32) }).oidc).toBeUndefined();
      expect(loadConfig({ ...production, ...oidc }).oidc).toEqual({
        issuer: 'https://login.example',
        clientId: 'pages',
        clientSecret: 's3cret',
        redirectUri: 'https://marketplace.example/sign-in/callback',
      });
    });

    it('verifies tokens with the identity provider alone (no JWT_SECRET needed)', () => {
      expect(() => loadConfig({ ...production, ...oidc })).not.toThrow();
    });

    it('refuses half a configuration, naming the three variables and never the secret', () => {
      expect(() =>
        loadConfig({ ...production, JWT_SECRET: 'x'.repeat(32), OIDC_ISSUER: oidc.OIDC_ISSUER }),
      ).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
      expect(() =>
        loadConfig({ ...production, JWT_SECRET: 'x'.repeat(32), OIDC_CLIENT_SECRET: 'not shown' }),
      ).not.toThrow(/not shown/);
    });

    it('refuses a plain-http issuer in production, except on this machine', () => {
      expect(() =>
        loadConfig({ ...production, ...oidc, OIDC_ISSUER: 'http://login.example' }),
      ).toThrow(/OIDC_ISSUER: must use https/);
      expect(
        loadConfig({ ...production, ...oidc, OIDC_ISSUER: 'http://127.0.0.1:8080' }).oidc?.issuer,
      ).toBe('http://127.0.0.1:8080');
    });
  });

  it('refuses to start in production without a secret for the pages’ sessions', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(
      /WEB_SESSION_SECRET: required in production/,
    );
  });

  it('uses the development secret only when NODE_ENV=development is said', () => {
    expect(problemsOf({})).toMatch(/JWT_SECRET or JWT_JWKS_URL/);
    expect(problemsOf({ NODE_ENV: 'test' })).toMatch(/JWT_SECRET or JWT_JWKS_URL/);
    const secret = 'a-test-secret-of-at-least-32-characters';
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: secret }).jwt).toEqual({
      secret,
      jwksUrl: undefined,
      issuer: undefined,
      audience: undefined,
      usingDevSecret: false,
    });
  });

  it('treats an unset NODE_ENV as production', () => {
    const config = loadConfig({
      JWT_SECRET: 'x'.repeat(32),
      PUBLIC_URL: 'https://m.example',
      WEB_SESSION_SECRET: 'y'.repeat(32),
    });
    expect(config.nodeEnv).toBe('production');
    expect(config.introspection).toBe(false);
  });

  it('refuses the development secret in production', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        JWT_SECRET: DEV_JWT_SECRET,
        PUBLIC_URL: 'https://m.example',
      }),
    ).toMatch(/JWT_SECRET: the development secret/);
  });

  it('needs an issuer and an audience with a key set', () => {
    const jwks = { ...DEV, JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' };
    expect(problemsOf(jwks)).toMatch(/JWT_ISSUER and JWT_AUDIENCE/);
    expect(problemsOf({ ...jwks, JWT_ISSUER: 'https://idp.example' })).toMatch(/JWT_AUDIENCE/);
    const config = loadConfig({ ...jwks, JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'm' });
    expect(config.jwt).toMatchObject({ secret: undefined, usingDevSecret: false });
  });

  it('needs PUBLIC_URL in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toMatch(
      /PUBLIC_URL: required in production/,
    );
  });

  it('prints no secret in its problems', () => {
    const message = problemsOf({
      ...DEV,
      DATABASE_URL: 'postgres://market:pa55-w0rd-secret@db.internal:99999/market',
      JWT_SECRET: 'short-secret-value',
      JWT_JWKS_URL: 'ftp://user:other-pa55@idp.example/keys',
    });
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/JWT_SECRET: JWT_SECRET must be at least 32 characters long/);
    expect(message).toMatch(/JWT_JWKS_URL/);
    expect(message).not.toMatch(/pa55|short-secret-value/);
    expect(message).toContain('postgres://market:***@db.internal:99999/market');
  });

  it('accepts host names with underscores', () => {
    const config = loadConfig({
      ...DEV,
      DATABASE_URL: 'postgres://market:secret@db_primary:5432/market',
      GEOCODER_URL: 'http://geo_coder:8080',
      PUBLIC_URL: 'https://market_place.internal',
    });
    expect(config.databaseUrl).toBe('postgres://market:secret@db_primary:5432/market');
    expect(config.geocoderUrl).toBe('http://geo_coder:8080');
  });

  it('turns introspection off in production unless asked for', () => {
    const secret = 'x'.repeat(32);
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: secret,
      PUBLIC_URL: 'https://m.example',
      WEB_SESSION_SECRET: secret,
    };
    expect(loadConfig(production).introspection).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('reads the webhook settings, with defaults that ride out a few hours of a receiver being down', () => {
    expect(loadConfig(DEV).webhooks).toEqual({
      dispatcher: true,
      maxAttempts: 12,
      retryBaseMs: 10_000,
      pollMs: 1_000,
      timeoutMs: 10_000,
      allowedHosts: [],
    });
    expect(loadConfig({ ...DEV, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    const config = loadConfig({
      ...DEV,
      WEBHOOK_DISPATCHER: 'off',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_RETRY_BASE_MS: '250',
      WEBHOOK_POLL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '2000',
      PUBLIC_URL: 'https://marketplace.example/',
    });
    expect(config.webhooks).toEqual({
      dispatcher: false,
      maxAttempts: 3,
      retryBaseMs: 250,
      pollMs: 100,
      timeoutMs: 2000,
      allowedHosts: [],
    });
    expect(config.publicUrl).toBe('https://marketplace.example');
    expect(() => loadConfig({ ...DEV, WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
  });

  it('lets webhooks reach listed internal hosts outside production only', () => {
    expect(
      loadConfig({ ...DEV, WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, [::1] ,Localhost.,' }).webhooks
        .allowedHosts,
    ).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect(
      loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) }).webhooks.allowedHosts,
    ).toEqual([]);
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      WEB_SESSION_SECRET: 'y'.repeat(32),
      PUBLIC_URL: 'https://m.example',
    };
    expect(loadConfig(production).webhooks.allowedHosts).toEqual([]);
    expect(() => loadConfig({ ...production, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' })).toThrow(
      /WEBHOOK_ALLOWED_HOSTS: not allowed in production/,
    );
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        ...DEV,
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        JWT_SECRET: 'short',
        STALE_AFTER_DAYS: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'STALE_AFTER_DAYS']) {
      expect(problems).toContain(`${name}:`);
    }
  });

  it('counts SQL statements per request only when asked to', () => {
    expect(loadConfig(DEV).sqlStatementCount).toBe(false);
    expect(loadConfig({ ...DEV, SQL_STATEMENT_COUNT: 'true' }).sqlStatementCount).toBe(true);
    expect(() => loadConfig({ ...DEV, SQL_STATEMENT_COUNT: 'perhaps' })).toThrow(
      /SQL_STATEMENT_COUNT/,
    );
  });

  it('limits queries, bodies and request rates by default, each configurable', () => {
    const defaults = loadConfig(DEV);
    expect(defaults.graphqlLimits).toEqual({
      maxDepth: 10,
      maxAliases: 15,
      maxTokens: 3000,
      maxCost: 50000,
    });
    expect(defaults.requestLimits).toEqual({
      maxBodyBytes: 512 * 1024,
      maxImportBodyBytes: 10 * 1024 * 1024,
      rateLimit: 600,
      rateLimitWindowSeconds: 60,
      rateLimitPerAddress: 3000,
      trustProxy: false,
    });
    expect(defaults.corsOrigins).toEqual([]);
    const set = loadConfig({
      ...DEV,
      GRAPHQL_MAX_DEPTH: '4',
      GRAPHQL_MAX_COST: '900',
      MAX_BODY_KB: '64',
      RATE_LIMIT: '10',
      CORS_ORIGINS: 'https://a.example, https://b.example,',
    });
    expect(set.graphqlLimits).toMatchObject({ maxDepth: 4, maxCost: 900 });
    expect(set.requestLimits).toMatchObject({ maxBodyBytes: 64 * 1024, rateLimit: 10 });
    expect(set.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(() => loadConfig({ ...DEV, GRAPHQL_MAX_DEPTH: '1', RATE_LIMIT: '0' })).toThrow(
      /GRAPHQL_MAX_DEPTH[\s\S]*RATE_LIMIT/,
    );
  });

  it('reads RATE_LIMIT_PER_ADDRESS and TRUST_PROXY in the forms Express accepts', () => {
    expect(
      loadConfig({ ...DEV, RATE_LIMIT_PER_ADDRESS: '50' }).requestLimits.rateLimitPerAddress,
    ).toBe(50);
    expect(() => loadConfig({ ...DEV, RATE_LIMIT_PER_ADDRESS: '0' })).toThrow(
      /RATE_LIMIT_PER_ADDRESS/,
    );
    const trust = (value: string) =>
      loadConfig({ ...DEV, TRUST_PROXY: value }).requestLimits.trustProxy;
    expect(trust('true')).toBe(true);
    expect(trust('FALSE')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('loopback, 10.0.0.0/8, fd00::/8, 192.168.1.7, 172.16.0.0/255.240.0.0')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.7',
      '172.16.0.0/255.240.0.0',
    ]);
    for (const bad of ['yes please', '10.0.0.0/33', 'proxy.example', '1.2.3', '-1', ',']) {
      expect(() => loadConfig({ ...DEV, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});
