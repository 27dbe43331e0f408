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

  it('turns introspection off in production unless asked for', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).introspection).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, GRAPHQL_INTROSPECTION: 'true' })
        .introspection,
    ).toBe(true);
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
});
