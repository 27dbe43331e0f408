import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidationArguments,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isIP } from 'node:net';
import { resolve } from 'node:path';

/**
 * Signs and verifies tokens when NODE_ENV=development is said explicitly and no JWT_SECRET or
 * JWT_JWKS_URL is configured. It is in the source, so anyone can sign with it: never accepted in
 * any other mode, and refused as JWT_SECRET in production.
 */
export const DEV_JWT_SECRET = 'dev-only-secret-intervention-marketplace-do-not-use-in-production';

/** Variables whose value is a secret: a problem with one never prints the value. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'OIDC_CLIENT_SECRET', 'WEB_SESSION_SECRET']);

/** URL checks: a host name may hold underscores (container and service names often do). */
const URL_RULES = { require_tld: false, require_protocol: true, allow_underscores: true };

/**
 * A configuration value as a problem message may show it: a secret by its length only, and any
 * URL's password replaced (a DATABASE_URL carries one).
 */
export function redactedValue(name: string, value: unknown): string {
  if (SECRET_VARIABLES.has(name) || /SECRET|PASSWORD|TOKEN|PRIVATE_KEY/i.test(name)) {
    return typeof value === 'string' ? `a value of ${value.length} characters` : typeof value;
  }
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  // user:password@ in anything shaped like a URL (parsable or not).
  const hidden = value.replace(/(\/\/[^/@\s:]*:)[^@\s]*@/g, '$1***@');
  return JSON.stringify(hidden.length > 200 ? `${hidden.slice(0, 200)}...` : hidden);
}

// Environment variables are strings (or absent): anything else is passed through for the
// validators to reject.
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : value;
const toFloat = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)
      ? Number(value)
      : value;
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  const text = value.toLowerCase();
  return ['1', 'true', 'yes', 'on'].includes(text)
    ? true
    : ['0', 'false', 'no', 'off'].includes(text)
      ? false
      : value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Express's `trust proxy` setting: trust no proxy, every proxy, so many hops, or these addresses. */
export type TrustProxy = boolean | number | string[];

const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** A subnet as `address/prefix` (or `address/mask` for IPv4), as Express's proxy-addr reads it. */
function isSubnet(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (/^\d+$/.test(prefix)) return Number(prefix) <= (version === 4 ? 32 : 128);
  return version === 4 && isIP(prefix) === 4;
}

/**
 * TRUST_PROXY as Express takes it, or undefined when it is none of the forms Express accepts:
 * true/false, a hop count, or a comma-separated list of addresses, subnets and the names
 * loopback, linklocal and uniquelocal.
 */
export function parseTrustProxy(text: string): TrustProxy | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) <= 100 ? Number(value) : undefined;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return undefined;
  return entries.every((entry) => TRUST_PROXY_NAMES.includes(entry) || isSubnet(entry))
    ? entries
    : undefined;
}

@ValidatorConstraint({ name: 'isTrustProxy' })
class IsTrustProxy implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseTrustProxy(value) !== undefined;
  }

  defaultMessage(): string {
    return 'TRUST_PROXY must be true, false, a hop count, or a comma-separated list of addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal';
  }
}

/** A cron expression of five or six fields (seconds first when six), or `off`. */
export function isCronOrOff(text: string): boolean {
  if (text.trim().toLowerCase() === 'off') return true;
  const fields = text.trim().split(/\s+/);
  return (
    (fields.length === 5 || fields.length === 6) &&
    fields.every((f) => /^[\d*/,\-A-Za-z?]+$/.test(f))
  );
}

@ValidatorConstraint({ name: 'isCronOrOff' })
class IsCronOrOff implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCronOrOff(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a cron expression of five or six fields (e.g. 30 2 * * *) or off`;
  }
}

/** A schedule from its variable: `off` (or `off` by default) is none. */
function cronOrOff(value: string | undefined, byDefault: string): string | null {
  const cron = value ?? byDefault;
  return cron.trim().toLowerCase() === 'off' ? null : cron;
}

/** The environment variables the service reads, with their rules. The only place that knows their names. */
class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], ...URL_RULES })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE?: number;

  /**
   * A read replica for the reports (their own pool either way); readiness pings it too when it is
   * set and differs from DATABASE_URL.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], ...URL_RULES })
  REPORTING_DATABASE_URL?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  REPORTING_POOL_SIZE?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  REPORT_STATEMENT_TIMEOUT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  REPORTS_MAX_CONCURRENT?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  REPORT_CACHE_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  REPORT_YIELD_MS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], ...URL_RULES })
  JWT_JWKS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  SEED_DEMO_ON_FIRST_START?: boolean;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  STALE_AFTER_DAYS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  CONTRIBUTION_PRIOR_STRENGTH?: number;

  /**
   * The gap report's GAP line: availability (needs met / needs) below this share, 0..1. The
   * default 0.8 is where the inspectorate found availability for eight of ten factors (Annual
   * Report 2017, Figure 44): an observation, not a standard.
   */
  @Transform(toFloat)
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  GAP_AVAILABILITY_THRESHOLD?: number;

  /** The gap report's WATCH threshold: availability below this percentage of needs. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  PROVISION_WATCH_BELOW_PERCENT?: number;
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], ...URL_RULES })
  GEOCODER_URL?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ORUK_RATE_LIMIT_PER_MINUTE?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], ...URL_RULES })
  PUBLIC_URL?: string;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  WEBHOOK_DISPATCHER?: boolean;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(600_000)
  WEBHOOK_POLL_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS?: number;

  /**
   * Tests and local development only: host names or IP addresses (comma-separated) a webhook may
   * reach although they are internal (loopback, private...). Refused in production.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** GOV.UK Notify API key: emails go through Notify; unset = the local mailbox (/dev/mailbox). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(74, {
    message: 'NOTIFY_API_KEY must be a GOV.UK Notify API key (name-serviceid-secret)',
  })
  NOTIFY_API_KEY?: string;

  /** Where the Notify API is (default Notify's production API); tests point it at a stand-in. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], ...URL_RULES })
  NOTIFY_BASE_URL?: string;

  /** JSON object: the Notify template id of each email kind, e.g. {"REFERRAL_RECEIVED":"<uuid>"}. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  NOTIFY_TEMPLATE_IDS?: string;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  EMAIL_DISPATCHER?: boolean;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  EMAIL_MAX_ATTEMPTS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  EMAIL_RETRY_BASE_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(600_000)
  EMAIL_POLL_MS?: number;

  /** How often the jobs that raise timed emails run (expiring declarations, overdue reports, digest); 0 = never. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  EMAIL_JOBS_INTERVAL_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  EMAIL_DECLARATION_WARNING_DAYS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  EMAIL_REPORT_OVERDUE_DAYS?: number;

  /**
   * Whether the hottest statements (the search) run as named prepared statements on a PostgreSQL
   * server (default on; the embedded database never does). Off behind a connection pooler in
   * transaction mode that does not carry prepared statements (PgBouncer before 1.21).
   */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS?: boolean;

  /** Benchmarks: count SQL statements per HTTP request into an `x-sql-statements` header. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  SQL_STATEMENT_COUNT?: boolean;

  /** The OpenID Connect identity provider the pages sign people in with (its issuer URL). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], ...URL_RULES })
  OIDC_ISSUER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** Where the identity provider sends people back (default PUBLIC_URL + /sign-in/callback). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], ...URL_RULES })
  OIDC_REDIRECT_URI?: string;

  /** Signs the web pages' session cookie; required in production. */
  @IsOptional()
  @MinLength(32, { message: 'WEB_SESSION_SECRET must be at least 32 characters long' })
  WEB_SESSION_SECRET?: string;

  /** Minutes without a request after which a web session ends (the user signs in again). */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  WEB_SESSION_MINUTES?: number;

  /** Deepest selection a GraphQL operation may nest. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100)
  GRAPHQL_MAX_DEPTH?: number;

  /** Most aliases one GraphQL operation may use. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES?: number;

  /** Most lexical tokens a GraphQL document may hold (checked while parsing). */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(1000000)
  GRAPHQL_MAX_TOKENS?: number;

  /** Largest estimated cost of one GraphQL operation (GraphQL Armor's cost model). */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(100000000)
  GRAPHQL_MAX_COST?: number;

  /** Largest request body in kilobytes, except a rate card import. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(102400)
  MAX_BODY_KB?: number;

  /** Largest request body of a rate card import (`importRateCard`) in kilobytes. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(102400)
  MAX_IMPORT_BODY_KB?: number;

  /** Requests one user (token subject, else IP address) may make per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000000)
  RATE_LIMIT?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  RATE_LIMIT_WINDOW_SECONDS?: number;

  /**
   * Requests one client address may make per RATE_LIMIT_WINDOW_SECONDS, counted on every HTTP
   * request before anything is read or parsed (signed in or not).
   */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000000)
  RATE_LIMIT_PER_ADDRESS?: number;

  /**
   * Which proxies' X-Forwarded-For to believe for the client address, as Express's `trust proxy`:
   * true/false, a hop count, or a comma-separated list of addresses, subnets or the names
   * loopback, linklocal, uniquelocal.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Validate(IsTrustProxy)
  TRUST_PROXY?: string;

  /** Origins allowed to call the API from a browser, comma-separated (`*` for any). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * A Redis server (`redis://host:6379`) shared by every instance for the rate limits; unset =
   * each instance counts in its own memory.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], ...URL_RULES })
  REDIS_URL?: string;

  /** The bearer token `/metrics` asks for in production (unset there = `/metrics` is closed). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters long' })
  METRICS_TOKEN?: string;

  /** The commit the running code was built from, for `/info` (else the build's, else `.git`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GIT_COMMIT?: string;

  /**
   * Where traces go (OTLP over HTTP, e.g. `http://collector:4318`); unset = no tracing at all.
   * Read by src/tracing.ts before anything else loads; validated here too.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], ...URL_RULES })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** When the retention job runs (a cron expression, Europe/London), or `off`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Validate(IsCronOrOff)
  RETENTION_CRON?: string;

  /** When the demand rollup job runs (a cron expression, Europe/London), or `off`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Validate(IsCronOrOff)
  DEMAND_ROLLUP_CRON?: string;

  /** Referrals closed this many years ago are anonymised. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  RETENTION_YEARS?: number;

  /** The scheduled retention job only reports what it would do. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  RETENTION_DRY_RUN?: boolean;
}

/** Running as several instances, and being watched (issue 21 sections 4 and 5). */
export interface OperationsConfig {
  /** The shared store of the rate limits (REDIS_URL); unset = in this process's memory. */
  redisUrl?: string;
  /** The bearer token `/metrics` needs in production (METRICS_TOKEN). */
  metricsToken?: string;
  /** The reporting database (REPORTING_DATABASE_URL), when separate from DATABASE_URL. */
  reportingDatabaseUrl?: string;
  /** The commit the code was built from (GIT_COMMIT). */
  gitCommit?: string;
  /** Whether traces are exported (OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing: boolean;
  /**
   * Whether hot statements are prepared by name (DATABASE_PREPARED_STATEMENTS, on a PostgreSQL
   * server only); unset = no.
   */
  preparedStatements?: boolean;
}

/** The personal data retention job (src/privacy/). */
export interface RetentionConfig {
  /** Cron expression (Europe/London) of the scheduled run; null when off. */
  cron: string | null;
  years: number;
  dryRun: boolean;
}

/** For an AppConfig built by hand: no schedule (loadConfig schedules 02:30 daily outside tests). */
export const DEFAULT_RETENTION: RetentionConfig = { cron: null, years: 7, dryRun: false };

/** Limits on what one GraphQL operation may ask for (checked before it runs). */
export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
}

export interface RequestLimits {
  /** Largest request body in bytes. */
  maxBodyBytes: number;
  /** Largest body of a rate card import in bytes. */
  maxImportBodyBytes: number;
  /** Requests per user per window. */
  rateLimit: number;
  rateLimitWindowSeconds: number;
  /** Requests per client address per window, counted before anything else (RATE_LIMIT_PER_ADDRESS). */
  rateLimitPerAddress: number;
  /** Express's `trust proxy`: whose X-Forwarded-For gives the client address (TRUST_PROXY). */
  trustProxy: TrustProxy;
}

/** How domain events reach registered webhooks (see src/notifications/). */
export interface WebhookConfig {
  /** Whether this instance runs the dispatcher (every instance may: claims never overlap). */
  dispatcher: boolean;
  /** Attempts per delivery before it is given up as FAILED. */
  maxAttempts: number;
  /** The first retry waits this long; each further one twice as long (capped at an hour). */
  retryBaseMs: number;
  /** How often the dispatcher looks for due deliveries when nothing wakes it. */
  pollMs: number;
  /** How long a receiver has to answer one delivery (resolving its name included). */
  timeoutMs: number;
  /**
   * Internal host names and addresses a webhook may reach all the same (WEBHOOK_ALLOWED_HOSTS):
   * lower case, no brackets or trailing dot. Always empty in production.
   */
  allowedHosts: string[];
}

/** How emails are sent (see src/notifications/emails/ and docs/emails.md). */
export interface EmailConfig {
  /** GOV.UK Notify's API key; undefined = the local mailbox kept in the database. */
  notifyApiKey?: string;
  /** Notify's API address (undefined = Notify's production API). */
  notifyBaseUrl?: string;
  /** The Notify template id of each email kind (by EmailKind). */
  templateIds: Record<string, string>;
  dispatcher: boolean;
  maxAttempts: number;
  retryBaseMs: number;
  pollMs: number;
  /** How often the timed-email jobs run; 0 = never (they can be run by hand). */
  jobsIntervalMs: number;
  /** How many days before a declaration expires its organisation is told. */
  declarationWarningDays: number;
  /** How many days after a referral ended an owed end-of-service report is overdue. */
  reportOverdueDays: number;
}

export const DEFAULT_EMAIL_CONFIG: EmailConfig = {
  templateIds: {},
  dispatcher: true,
  maxAttempts: 10,
  retryBaseMs: 30_000,
  pollMs: 5_000,
  jobsIntervalMs: 3_600_000,
  declarationWarningDays: 30,
  reportOverdueDays: 10,
};

/** The web pages' sessions. */
export interface WebConfig {
  sessionSecret: string;
  sessionMinutes: number;
}

/** OpenID Connect sign-in for the pages (authorisation code + PKCE), when configured. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** Signs session cookies outside production when WEB_SESSION_SECRET is unset. */
export const DEV_WEB_SESSION_SECRET = 'dev-only-web-session-secret-intervention-marketplace';

export type NodeEnv = 'development' | 'production' | 'test';

/** Where and how the commissioners' reports run (see ReportingDatabase). */
export interface ReportingConfig {
  /** A read replica; unset = the service's own database (the same server, or the embedded one). */
  databaseUrl: string | undefined;
  /** The reports' own pool: never the purchases' connections. */
  poolSize: number;
  /** A report still running after this long is cancelled and answers REPORT_TIMED_OUT. */
  statementTimeoutMs: number;
  /** Reports running at once; more wait briefly for a turn, then answer REPORTS_BUSY. */
  maxConcurrent: number;
  /**
   * How long a report's answer serves the same report again (REPORT_CACHE_SECONDS); 0 runs every
   * report afresh.
   */
  cacheSeconds: number;
  /**
   * While the instance is busy, the national reports take turns, one every this many ms, so that
   * purchases do not wait for them (REPORT_YIELD_MS; ReportLane); 0: reports never wait.
   */
  yieldMs: number;
  /**
   * When the demand rollup job builds the days that are over (cron, Europe/London; it also runs
   * at start); null when off (DEMAND_ROLLUP_CRON). Reports are right either way, only slower.
   */
  rollupCron: string | null;
}

export interface JwtConfig {
  /** HS256 shared secret; absent when only a JWKS is configured. */
  secret?: string;
  /** RS256 key set of the production identity provider. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** True when the fixed development secret is in use (never in production). */
  usingDevSecret: boolean;
}

/** Typed, validated configuration. Built once from the environment by {@link loadConfig}. */
export class AppConfig {
  constructor(
    readonly nodeEnv: NodeEnv,
    readonly port: number,
    /** A PostgreSQL server; when absent the embedded database under {@link dataDir} is used. */
    readonly databaseUrl: string | undefined,
    readonly dataDir: string,
    readonly dbPoolSize: number,
    readonly jwt: JwtConfig,
    readonly introspection: boolean,
    readonly logLevel: string,
    readonly seedDemoOnFirstStart: boolean,
    readonly staleAfterDays: number,
    /** How many judgements the national baseline is worth in a contribution score. */
    readonly contributionPriorStrength: number,
    /** Availability thresholds (shares 0..1) of the commissioners' gap report. */
    readonly provisionGapThresholds: { gapBelow: number; watchBelow: number },
    readonly graphqlLimits: GraphqlLimits,
    readonly requestLimits: RequestLimits,
    /** Browser origins allowed by CORS: none (empty), a list, or `*` for any. */
    readonly corsOrigins: string[],
    /** The service's address as receivers reach it, for the detail link in webhook payloads. */
    readonly publicUrl: string,
    readonly webhooks: WebhookConfig,
    /** A postcodes.io-compatible API for the Open Referral UK feed; unset = known venues only. */
    readonly geocoderUrl: string | undefined = undefined,
    /** Requests per minute per client address on the public Open Referral UK feed. */
    readonly orukRateLimitPerMinute = 300,
    /** Count SQL statements per HTTP request and return the count as `x-sql-statements` (benchmarks). */
    readonly sqlStatementCount: boolean = false,
    readonly web: WebConfig = { sessionSecret: DEV_WEB_SESSION_SECRET, sessionMinutes: 60 },
    /** The pages' identity provider; unset = no page sign-in outside development. */
    readonly oidc: OidcConfig | undefined = undefined,
    readonly operations: OperationsConfig = { tracing: false },
    readonly emails: EmailConfig = DEFAULT_EMAIL_CONFIG,
    readonly retention: RetentionConfig = DEFAULT_RETENTION,
    /** The commissioners' reports' own connections, off the purchases' pool. */
    readonly reporting: ReportingConfig = {
      databaseUrl: undefined,
      poolSize: 1,
      statementTimeoutMs: 30_000,
      maxConcurrent: 2,
      cacheSeconds: 0,
      yieldMs: 0,
      rollupCron: null,
    },
  ) {}

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  get isDevelopment(): boolean {
    return this.nodeEnv === 'development';
  }

  get usesEmbeddedDatabase(): boolean {
    return this.databaseUrl === undefined;
  }

  get embeddedDatabaseDir(): string {
    return resolve(this.dataDir, 'pglite');
  }
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** A host name or address as compared with WEBHOOK_ALLOWED_HOSTS: `[::1]` and `::1`, `Localhost.` and `localhost` alike. */
export function normaliseHostName(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '');
}

/** Reads and validates the environment; throws a {@link ConfigurationError} naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(Environment, { ...env });
  const problems = validateSync(parsed, { forbidUnknownValues: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) =>
        `${error.property}: ${message} (got ${redactedValue(error.property, error.value)})`,
    ),
  );

  // A mode not said is production: the safe defaults (no development secret, no stack traces,
  // no introspection) unless NODE_ENV=development or test is set on purpose.
  const nodeEnv = (parsed.NODE_ENV ?? 'production') as NodeEnv;
  const isProduction = nodeEnv === 'production';
  // The development secret is in the source: only when development is asked for by name.
  const usingDevSecret = nodeEnv === 'development' && !parsed.JWT_SECRET && !parsed.JWT_JWKS_URL;
  const oidcSettings = [parsed.OIDC_ISSUER, parsed.OIDC_CLIENT_ID, parsed.OIDC_CLIENT_SECRET];
  const oidcConfigured = oidcSettings.every((value) => value !== undefined);
  if (!oidcConfigured && oidcSettings.some((value) => value !== undefined)) {
    problems.push(
      'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three (page sign-in with the identity provider) or none',
    );
  }
  if (!usingDevSecret && !parsed.JWT_SECRET && !parsed.JWT_JWKS_URL && !oidcConfigured) {
    problems.push(
      `JWT_SECRET or JWT_JWKS_URL: one is required when NODE_ENV is ${parsed.NODE_ENV ?? 'unset (production)'} (tokens could not be verified; the development secret is used only with NODE_ENV=development)`,
    );
  }
  if (isProduction && parsed.OIDC_ISSUER && !isHttpsOrLoopback(parsed.OIDC_ISSUER)) {
    problems.push('OIDC_ISSUER: must use https in production');
  }
  if (isProduction && parsed.JWT_SECRET === DEV_JWT_SECRET) {
    problems.push(
      'JWT_SECRET: the development secret is in the source code and is refused in production',
    );
  }
  if (parsed.JWT_JWKS_URL && (!parsed.JWT_ISSUER || !parsed.JWT_AUDIENCE)) {
    problems.push(
      'JWT_ISSUER and JWT_AUDIENCE: both are required with JWT_JWKS_URL (an identity provider signs tokens for other services too)',
    );
  }
  if (isProduction && !parsed.PUBLIC_URL) {
    problems.push(
      'PUBLIC_URL: required in production (the address clients reach the service at, for links in the feed and webhooks)',
    );
  }
  if (isProduction && !parsed.WEB_SESSION_SECRET) {
    problems.push(
      'WEB_SESSION_SECRET: required in production (it signs the pages’ session cookie)',
    );
  }
  if (isProduction && parsed.WEBHOOK_ALLOWED_HOSTS) {
    problems.push(
      'WEBHOOK_ALLOWED_HOSTS: not allowed in production (webhooks never reach internal addresses there)',
    );
  }
  const templateIds = parseTemplateIds(parsed.NOTIFY_TEMPLATE_IDS, problems);
  if (problems.length > 0) throw new ConfigurationError(problems);

  const usesEmbedded = parsed.DATABASE_URL === undefined;
  return new AppConfig(
    nodeEnv,
    parsed.PORT ?? 3000,
    parsed.DATABASE_URL,
    resolve(parsed.DATA_DIR ?? '.data'),
    // PGlite is a single connection: the embedded database gets a pool of one.
    parsed.DB_POOL_SIZE ?? (usesEmbedded ? 1 : 10),
    {
      secret: parsed.JWT_SECRET ?? (usingDevSecret ? DEV_JWT_SECRET : undefined),
      jwksUrl: parsed.JWT_JWKS_URL,
      issuer: parsed.JWT_ISSUER,
      audience: parsed.JWT_AUDIENCE,
      usingDevSecret,
    },
    parsed.GRAPHQL_INTROSPECTION ?? !isProduction,
    parsed.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    parsed.SEED_DEMO_ON_FIRST_START ?? nodeEnv !== 'test',
    parsed.STALE_AFTER_DAYS ?? 90,
    parsed.CONTRIBUTION_PRIOR_STRENGTH ?? 10,
    {
      gapBelow: parsed.GAP_AVAILABILITY_THRESHOLD ?? 0.8,
      watchBelow: Math.max(
        (parsed.PROVISION_WATCH_BELOW_PERCENT ?? 90) / 100,
        parsed.GAP_AVAILABILITY_THRESHOLD ?? 0.8,
      ),
    },
    {
      maxDepth: parsed.GRAPHQL_MAX_DEPTH ?? 10,
      maxAliases: parsed.GRAPHQL_MAX_ALIASES ?? 15,
      maxTokens: parsed.GRAPHQL_MAX_TOKENS ?? 3000,
      maxCost: parsed.GRAPHQL_MAX_COST ?? 50000,
    },
    {
      maxBodyBytes: (parsed.MAX_BODY_KB ?? 512) * 1024,
      // A 5 MB CSV grows when escaped as a JSON string (quotes and line breaks).
      maxImportBodyBytes: (parsed.MAX_IMPORT_BODY_KB ?? 10 * 1024) * 1024,
      rateLimit: parsed.RATE_LIMIT ?? 600,
      rateLimitWindowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS ?? 60,
      // Generous: a whole office of purchasers may share one address behind a NAT.
      rateLimitPerAddress: parsed.RATE_LIMIT_PER_ADDRESS ?? 3000,
      trustProxy: parseTrustProxy(parsed.TRUST_PROXY ?? 'false') ?? false,
    },
    (parsed.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT ?? 3000}`).replace(/\/+$/, ''),
    {
      dispatcher: parsed.WEBHOOK_DISPATCHER ?? true,
      maxAttempts: parsed.WEBHOOK_MAX_ATTEMPTS ?? 12,
      retryBaseMs: parsed.WEBHOOK_RETRY_BASE_MS ?? 10_000,
      pollMs: parsed.WEBHOOK_POLL_MS ?? 1_000,
      timeoutMs: parsed.WEBHOOK_TIMEOUT_MS ?? 10_000,
      allowedHosts: (parsed.WEBHOOK_ALLOWED_HOSTS ?? '')
        .split(',')
        .map((host) => normaliseHostName(host))
        .filter((host) => host !== ''),
    },
    parsed.GEOCODER_URL?.replace(/\/+$/, ''),
    parsed.ORUK_RATE_LIMIT_PER_MINUTE ?? 300,
    parsed.SQL_STATEMENT_COUNT ?? false,
    {
      sessionSecret: parsed.WEB_SESSION_SECRET ?? DEV_WEB_SESSION_SECRET,
      sessionMinutes: parsed.WEB_SESSION_MINUTES ?? 60,
    },
    oidcConfigured
      ? {
          issuer: parsed.OIDC_ISSUER!,
          clientId: parsed.OIDC_CLIENT_ID!,
          clientSecret: parsed.OIDC_CLIENT_SECRET!,
          redirectUri:
            parsed.OIDC_REDIRECT_URI ??
            `${(parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT ?? 3000}`).replace(/\/+$/, '')}/sign-in/callback`,
        }
      : undefined,
    {
      redisUrl: parsed.REDIS_URL,
      metricsToken: parsed.METRICS_TOKEN,
      reportingDatabaseUrl:
        parsed.REPORTING_DATABASE_URL === parsed.DATABASE_URL
          ? undefined
          : parsed.REPORTING_DATABASE_URL,
      gitCommit: parsed.GIT_COMMIT,
      tracing: parsed.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined,
      // PGlite is one session behind its socket, whichever connection prepared a statement.
      preparedStatements: !usesEmbedded && (parsed.DATABASE_PREPARED_STATEMENTS ?? true),
    },
    {
      notifyApiKey: parsed.NOTIFY_API_KEY,
      notifyBaseUrl: parsed.NOTIFY_BASE_URL?.replace(/\/+$/, ''),
      templateIds,
      dispatcher: parsed.EMAIL_DISPATCHER ?? true,
      maxAttempts: parsed.EMAIL_MAX_ATTEMPTS ?? DEFAULT_EMAIL_CONFIG.maxAttempts,
      retryBaseMs: parsed.EMAIL_RETRY_BASE_MS ?? DEFAULT_EMAIL_CONFIG.retryBaseMs,
      pollMs: parsed.EMAIL_POLL_MS ?? DEFAULT_EMAIL_CONFIG.pollMs,
      jobsIntervalMs: parsed.EMAIL_JOBS_INTERVAL_MS ?? DEFAULT_EMAIL_CONFIG.jobsIntervalMs,
      declarationWarningDays:
        parsed.EMAIL_DECLARATION_WARNING_DAYS ?? DEFAULT_EMAIL_CONFIG.declarationWarningDays,
      reportOverdueDays: parsed.EMAIL_REPORT_OVERDUE_DAYS ?? DEFAULT_EMAIL_CONFIG.reportOverdueDays,
    },
    {
      cron: cronOrOff(parsed.RETENTION_CRON, nodeEnv === 'test' ? 'off' : '30 2 * * *'),
      years: parsed.RETENTION_YEARS ?? 7,
      dryRun: parsed.RETENTION_DRY_RUN ?? false,
    },
    {
      databaseUrl: parsed.REPORTING_DATABASE_URL,
      poolSize: parsed.REPORTING_POOL_SIZE ?? (usesEmbedded ? 1 : 4),
      statementTimeoutMs: parsed.REPORT_STATEMENT_TIMEOUT_MS ?? 30_000,
      maxConcurrent: parsed.REPORTS_MAX_CONCURRENT ?? (usesEmbedded ? 1 : 4),
      cacheSeconds: parsed.REPORT_CACHE_SECONDS ?? (nodeEnv === 'test' ? 0 : 30),
      yieldMs: parsed.REPORT_YIELD_MS ?? (nodeEnv === 'test' ? 0 : 20),
      rollupCron: cronOrOff(parsed.DEMAND_ROLLUP_CRON, nodeEnv === 'test' ? 'off' : '5 * * * *'),
    },
  );
}

/** NOTIFY_TEMPLATE_IDS: a JSON object of non-empty strings, or nothing. */
function parseTemplateIds(raw: string | undefined, problems: string[]): Record<string, string> {
  if (raw === undefined) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((id) => typeof id === 'string' && id.length > 0)
    ) {
      return value as Record<string, string>;
    }
  } catch {
    // reported below
  }
  problems.push('NOTIFY_TEMPLATE_IDS: must be a JSON object of template ids by email kind');
  return {};
}

/**
 * https, or plain http to this machine (a development or test identity provider): tokens and
 * client secrets never cross a network in the clear.
 */
export function isHttpsOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return (
    protocol === 'https:' ||
    (protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname))
  );
}
