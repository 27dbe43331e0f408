import { ConfigurationError, DEV_JWT_SECRET, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs on the embedded database with the dev secret when nothing is set', () => {
    const config = loadConfig({});
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
      DATABASE_URL: 'postgres://u@db.internal:5432/market',
      DATA_DIR: '/tmp/x',
    });
    expect(config.usesEmbeddedDatabase).toBe(false);
    expect(config.dbPoolSize).toBe(10);
  });

  it('refuses to start in production without a way to verify tokens', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
  });

  it('refuses to start in production without a secret for the pages’ sessions', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(
      /WEB_SESSION_SECRET: required in production/,
    );
  });

  it('turns introspection off in production unless asked for', () => {
    const secret = 'x'.repeat(32);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, WEB_SESSION_SECRET: secret })
        .introspection,
    ).toBe(false);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: secret,
        WEB_SESSION_SECRET: secret,
        GRAPHQL_INTROSPECTION: 'true',
      }).introspection,
    ).toBe(true);
  });

  it('reads the webhook settings, with defaults that ride out a few hours of a receiver being down', () => {
    expect(loadConfig({}).webhooks).toEqual({
      dispatcher: true,
      maxAttempts: 12,
      retryBaseMs: 10_000,
      pollMs: 1_000,
      timeoutMs: 10_000,
      allowedHosts: [],
    });
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    const config = loadConfig({
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
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
  });

  it('lets webhooks reach listed internal hosts outside production only', () => {
    expect(
      loadConfig({ WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, [::1] ,Localhost.,' }).webhooks.allowedHosts,
    ).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks.allowedHosts).toEqual([]);
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      WEB_SESSION_SECRET: 'y'.repeat(32),
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
    expect(loadConfig({}).sqlStatementCount).toBe(false);
    expect(loadConfig({ SQL_STATEMENT_COUNT: 'true' }).sqlStatementCount).toBe(true);
    expect(() => loadConfig({ SQL_STATEMENT_COUNT: 'perhaps' })).toThrow(/SQL_STATEMENT_COUNT/);
  });

  it('limits queries, bodies and request rates by default, each configurable', () => {
    const defaults = loadConfig({});
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
      GRAPHQL_MAX_DEPTH: '4',
      GRAPHQL_MAX_COST: '900',
      MAX_BODY_KB: '64',
      RATE_LIMIT: '10',
      CORS_ORIGINS: 'https://a.example, https://b.example,',
    });
    expect(set.graphqlLimits).toMatchObject({ maxDepth: 4, maxCost: 900 });
    expect(set.requestLimits).toMatchObject({ maxBodyBytes: 64 * 1024, rateLimit: 10 });
    expect(set.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: '1', RATE_LIMIT: '0' })).toThrow(
      /GRAPHQL_MAX_DEPTH[\s\S]*RATE_LIMIT/,
    );
  });

  it('reads RATE_LIMIT_PER_ADDRESS and TRUST_PROXY in the forms Express accepts', () => {
    expect(loadConfig({ RATE_LIMIT_PER_ADDRESS: '50' }).requestLimits.rateLimitPerAddress).toBe(50);
    expect(() => loadConfig({ RATE_LIMIT_PER_ADDRESS: '0' })).toThrow(/RATE_LIMIT_PER_ADDRESS/);
    const trust = (value: string) => loadConfig({ TRUST_PROXY: value }).requestLimits.trustProxy;
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
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});
