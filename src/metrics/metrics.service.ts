import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ReportLane } from '../commissioning/report-lane';
import { ReportingDatabase } from '../database/reporting-database';
import { emailBacklog } from '../notifications/email-backlog';

/** A connection pool as `pg` keeps its counts. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Which limit refused a request: per user, per client address, or the public feed's. */
export type RateLimitName = 'user' | 'address' | 'oruk';

/** What one webhook attempt came to. */
export type WebhookAttemptResult = 'delivered' | 'retry' | 'failed';

/** What one email attempt came to. */
export type EmailAttemptResult = 'sent' | 'retry' | 'failed';

/** Marks a request whose errors the GraphQL plugin has already counted by their code. */
export const ERRORS_COUNTED = Symbol('errorsCounted');

/** What the email gauges show when the queue cannot be read. */
const NO_EMAILS = { pending: 0, oldestPendingSeconds: 0, failed: 0 };

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** An operation name as a label: GraphQL's name rules, bounded, else `anonymous`. */
export function operationLabel(name: unknown): string {
  return typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name)
    ? name
    : 'anonymous';
}

/**
 * The service's Prometheus metrics, in a registry of its own (one per application instance, so
 * tests may run two in one process): request and GraphQL operation durations, errors by code,
 * each database pool's connections (the service's own, `main`, and the reports', `reporting`),
 * the webhook outbox's backlog and oldest undelivered event, webhook attempts by result, the
 * email queue (pending, oldest pending, failed) and email attempts by result, and rate-limit
 * refusals. Served at `/metrics`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly pools = new Map<string, () => PoolCounts | undefined>();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route (the route pattern, never the path) and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name and type (query, mutation)',
    labelNames: ['operation', 'type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'errors_total',
    help: 'Errors answered, by code: GraphQL errors by extensions.code, other HTTP answers as HTTP_<status>',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly webhookAttempts = new Counter({
    name: 'webhook_attempts_total',
    help: 'Webhook delivery attempts by result: delivered, retry (failed, tried again later) or failed (given up)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly emailAttempts = new Counter({
    name: 'email_attempts_total',
    help: 'Email send attempts (GOV.UK Notify or the local mailbox) by result: sent, retry (failed, tried again later) or failed (given up)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly rateLimitRefusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused by a rate limit: user, address, or oruk (the public feed)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  private readonly rateLimitStoreUnavailable = new Counter({
    name: 'rate_limit_store_unavailable_total',
    help: 'Requests let through uncounted because the shared rate-limit store (Redis) did not answer',
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() reporting?: ReportingDatabase,
    @Optional() lane?: ReportLane,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.registerPool('main', () => {
      const driver = this.dataSource.driver as unknown as { master?: PoolCounts };
      return driver.master;
    });
    // The reports' own pool (src/database/reporting-database.ts).
    if (reporting) this.registerPool('reporting', () => reporting.counts());
    const pools = this.pools;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by pool and state: in_use, idle, waiting (requests queued for a connection), max',
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [pool, counts] of pools) {
          const c = counts();
          if (!c) continue;
          this.set({ pool, state: 'in_use' }, c.totalCount - c.idleCount);
          this.set({ pool, state: 'idle' }, c.idleCount);
          this.set({ pool, state: 'waiting' }, c.waitingCount);
        }
      },
    });
    if (lane) {
      new Gauge({
        name: 'reports_waiting_turn',
        help: 'National reports waiting for their turn while the instance is busy (REPORT_YIELD_MS)',
        registers: [this.registry],
        collect() {
          this.set(lane.queued);
        },
      });
    }
    const outbox = () => this.outboxFigures();
    new Gauge({
      name: 'outbox_backlog',
      help: 'Webhook deliveries not yet delivered nor given up (PENDING)',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).backlog);
      },
    });
    new Gauge({
      name: 'outbox_oldest_undelivered_age_seconds',
      help: 'Age of the oldest event with a delivery still PENDING (0 when none)',
      registers: [this.registry],
      async collect() {
        this.set((await outbox()).oldestAgeSeconds);
      },
    });
    const emails = () => this.emailFigures();
    new Gauge({
      name: 'emails_backlog',
      help: 'Emails not sent yet (PENDING: waiting for their first attempt or a retry)',
      registers: [this.registry],
      async collect() {
        this.set((await emails()).pending);
      },
    });
    new Gauge({
      name: 'email_oldest_pending_age_seconds',
      help: 'Age of the oldest email not sent yet (0 when none)',
      registers: [this.registry],
      async collect() {
        this.set((await emails()).oldestPendingSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'emails_failed',
      help: 'Emails given up (FAILED), to look at with the emails(status: FAILED) query',
      registers: [this.registry],
      async collect() {
        this.set((await emails()).failed);
      },
    });
  }

  /** Adds a pool to `db_pool_connections` (e.g. the reports' own pool) under `name`. */
  registerPool(name: string, counts: () => PoolCounts | undefined): void {
    this.pools.set(name, counts);
  }

  /** Times every HTTP request from its first byte to its answer's last. */
  httpMiddleware(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      response.once('finish', () => {
        const route = routeOf(request);
        end({ method: request.method, route, status_code: String(response.statusCode) });
        if (
          response.statusCode >= 400 &&
          !(request as { [ERRORS_COUNTED]?: boolean })[ERRORS_COUNTED]
        ) {
          this.errors.inc({ code: `HTTP_${response.statusCode}` });
        }
      });
      next();
    };
  }

  graphqlOperation(operation: unknown, type: string, seconds: number): void {
    this.graphqlDuration.observe({ operation: operationLabel(operation), type }, seconds);
  }

  error(code: string): void {
    this.errors.inc({ code: /^[A-Z0-9_]{1,64}$/.test(code) ? code : 'OTHER' });
  }

  webhookAttempt(result: WebhookAttemptResult): void {
    this.webhookAttempts.inc({ result });
  }

  emailAttempt(result: EmailAttemptResult): void {
    this.emailAttempts.inc({ result });
  }

  rateLimitRefused(limit: RateLimitName): void {
    this.rateLimitRefusals.inc({ limit });
  }

  rateLimitStoreWasUnavailable(): void {
    this.rateLimitStoreUnavailable.inc();
  }

  /** The text Prometheus scrapes. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private outboxQuery?: Promise<{ backlog: number; oldestAgeSeconds: number }>;

  /** One query per scrape for both outbox gauges. */
  private outboxFigures(): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    this.outboxQuery ??= this.dataSource
      .query<{ backlog: number; age: number | null }[]>(
        `SELECT count(*)::int AS backlog,
                extract(epoch FROM now() - min(o.occurred_at))::float8 AS age
           FROM webhook_delivery d JOIN outbox o ON o.id = d.outbox_id
          WHERE d.status = 'PENDING'`,
      )
      .then(([row]) => ({ backlog: row.backlog, oldestAgeSeconds: Math.max(0, row.age ?? 0) }))
      .catch(() => ({ backlog: 0, oldestAgeSeconds: 0 }))
      .finally(() => setImmediate(() => (this.outboxQuery = undefined)));
    return this.outboxQuery;
  }

  private emailQuery?: Promise<{ pending: number; oldestPendingSeconds: number; failed: number }>;

  /** One query per scrape for the three email gauges (the admin query's `emailBacklog`). */
  private emailFigures(): Promise<{
    pending: number;
    oldestPendingSeconds: number;
    failed: number;
  }> {
    this.emailQuery ??= emailBacklog(this.dataSource)
      .then((backlog) => ({
        pending: backlog.pending,
        oldestPendingSeconds: backlog.oldestPendingSeconds ?? 0,
        failed: backlog.failed,
      }))
      .catch(() => NO_EMAILS)
      .finally(() => setImmediate(() => (this.emailQuery = undefined)));
    return this.emailQuery;
  }
}

/**
 * The route pattern a request matched (`/reports/spend.csv`), never its path with ids in it;
 * `/graphql` for the API; `unmatched` for anything only a catch-all (a 404) answered.
 */
function routeOf(request: Request): string {
  // A mounted handler (Apollo's) rewrites `path`; the URL as received stays in `originalUrl`.
  const path = request.originalUrl.split('?')[0];
  if (path === '/graphql') return '/graphql';
  const route = (request as { route?: { path?: unknown } }).route?.path;
  if (typeof route === 'string' && !route.includes('*')) return `${request.baseUrl}${route}`;
  if (path.startsWith('/assets/')) return '/assets';
  return 'unmatched';
}
