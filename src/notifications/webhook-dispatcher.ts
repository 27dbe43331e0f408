import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { answerFailure, ATTEMPT_FAILURES, isDelivered, retryDelayMs } from './delivery-policy';
import { DeliveryStatus } from './notifications.entities';
import { OUTBOX_CHANNEL, OutboxService } from './outbox.service';
import { postToAddress } from './pinned-post';
import { logRoundFailure } from './round-failure';
import { WebhookAddressGuard } from './webhook-address';
import { Alarm } from './alarm';
import {
  ATTEMPT_HEADER,
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
} from './webhook-signature';

/** Deliveries claimed per round; each is the head of a different (webhook, referral) queue. */
const BATCH_SIZE = 20;
/** Extra time beyond the HTTP timeout before an unfinished claim may be taken over. */
const LEASE_MARGIN_MS = 30_000;

interface Claimed {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  type: string;
  referral_id: string | null;
  organisation_id: string | null;
  division_code: string | null;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

interface Result {
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** The body receivers get: thin, with ids and a link back, never case data beyond the CRN. */
export function deliveryBody(event: Claimed, publicUrl: string): string {
  const detail = event.referral_id
    ? `${publicUrl}/graphql?query=${encodeURIComponent(`{ referral(id: "${event.referral_id}") { id status } }`)}`
    : null;
  return JSON.stringify({
    id: event.event_id,
    type: event.type,
    occurredAt: new Date(event.occurred_at).toISOString(),
    referralId: event.referral_id,
    organisationId: event.organisation_id,
    divisionCode: event.division_code,
    data: event.payload,
    links: { detail },
  });
}

/**
 * Delivers the outbox to webhooks, on every instance that runs it. A round claims due
 * deliveries in a short transaction (`FOR UPDATE SKIP LOCKED`, so two instances never take the
 * same one), leasing each by pushing its next attempt past the HTTP timeout; the POSTs run with
 * no transaction or connection held (the embedded pool has one connection); each result is
 * written in its own short transaction. Only the oldest undelivered event per webhook and
 * ordering key (referral) is ever due, so receivers get a referral's events in order. An
 * instance that dies mid-attempt leaves a lease that expires, and the event is sent again: at
 * least once, never lost.
 *
 * Woken by: its own commits (in-process), `NOTIFY` from other instances (PostgreSQL server
 * only: the embedded database serves each socket connection separately and does not pass
 * notifications between them), the next retry falling due, and at the latest every
 * WEBHOOK_POLL_MS (which catches anything a lost notification missed).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private running?: Promise<void>;
  private readonly alarm = new Alarm();
  private unsubscribe?: () => void;
  private listener?: Client;
  private listenerRetryAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly addressGuard: WebhookAddressGuard,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.webhooks.dispatcher) return;
    this.unsubscribe = this.outbox.onCommitted(() => this.wake());
    this.running = this.loop();
  }

  /** Stops claiming, and waits for the round in flight (its POSTs and their results). */
  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    this.alarm.stop();
    await this.running;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  wake(): void {
    this.alarm.wake();
  }

  /** One round: claim what is due, deliver it, record the results. Returns how many were sent. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(
      claimed.map((delivery) =>
        this.deliver(delivery).catch((error: unknown) =>
          // Its lease runs out and it is tried again: at least once, even after a failure here.
          this.logger.error(`Delivery ${delivery.id} failed to complete: ${String(error)}`),
        ),
      ),
    );
    return claimed.length;
  }

  private async loop(): Promise<void> {
    const { pollMs } = this.config.webhooks;
    while (!this.alarm.stopping) {
      let wait = pollMs;
      try {
        await this.ensureListener();
        this.alarm.reset();
        // A full batch may have more behind it; otherwise sleep until the next retry is due.
        wait = (await this.runOnce()) >= BATCH_SIZE ? 0 : await this.msUntilNextDue(pollMs);
      } catch (error) {
        if (this.alarm.stopping) break;
        logRoundFailure(this.logger, 'Webhook dispatch', error);
      }
      await this.alarm.sleep(wait);
    }
  }

  /**
   * How long until a queue head falls due (a retry's back-off or an in-flight lease ending),
   * at most `limit`: so retries go on time without polling fast. At least 10 ms, so a head
   * that is due but locked by another instance's claim is not spun on.
   */
  private async msUntilNextDue(limit: number): Promise<number> {
    const [{ ms }] = await this.dataSource.query<{ ms: number | null }[]>(
      `SELECT (extract(epoch FROM min(d.next_attempt_at) - clock_timestamp()) * 1000)::float8 AS ms
         FROM webhook_delivery d
        WHERE d.status = 'PENDING'
          AND NOT EXISTS (
            SELECT 1 FROM webhook_delivery e
             WHERE e.webhook_id = d.webhook_id AND e.ordering_key = d.ordering_key
               AND e.status = 'PENDING' AND e.event_sequence < d.event_sequence)`,
    );
    return ms === null ? limit : Math.min(limit, Math.max(10, Math.ceil(ms)));
  }

  private async claim(): Promise<Claimed[]> {
    const leaseMs = this.config.webhooks.timeoutMs + LEASE_MARGIN_MS;
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [rows] = await this.dataSource.transaction((manager) =>
      manager.query<[Claimed[], number]>(
        `WITH due AS (
           SELECT d.id FROM webhook_delivery d
            WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
              AND NOT EXISTS (
                SELECT 1 FROM webhook_delivery e
                 WHERE e.webhook_id = d.webhook_id AND e.ordering_key = d.ordering_key
                   AND e.status = 'PENDING' AND e.event_sequence < d.event_sequence)
            ORDER BY d.next_attempt_at, d.event_sequence
            LIMIT $1
            FOR UPDATE SKIP LOCKED
         )
         UPDATE webhook_delivery d
            SET attempts = d.attempts + 1,
                next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
                last_attempt_at = now()
           FROM due, webhook w, outbox o
          WHERE d.id = due.id AND w.id = d.webhook_id AND o.id = d.outbox_id
         RETURNING d.id, d.attempts, w.url, w.secret, o.id AS event_id, o.type, o.referral_id,
                   o.organisation_id, o.division_code, o.occurred_at, o.payload`,
        [BATCH_SIZE, leaseMs],
      ),
    );
    return rows;
  }

  private async deliver(delivery: Claimed): Promise<void> {
    const result = await this.post(delivery);
    const { maxAttempts, retryBaseMs } = this.config.webhooks;
    const delivered = isDelivered(result.httpStatus);
    const status = delivered
      ? DeliveryStatus.DELIVERED
      : delivery.attempts >= maxAttempts
        ? DeliveryStatus.FAILED
        : DeliveryStatus.PENDING;
    const retryMs = retryDelayMs(delivery.attempts, retryBaseMs);
    this.metrics.webhookAttempt(
      delivered ? 'delivered' : status === DeliveryStatus.FAILED ? 'failed' : 'retry',
    );
    await this.dataSource.transaction(async (manager) => {
      // Guarded by the attempt number: if this claim's lease ran out and another instance took
      // the delivery over, its result wins and this one is only logged as an attempt.
      await manager.query(
        `UPDATE webhook_delivery
            SET status = $3,
                next_attempt_at = CASE WHEN $3 = 'PENDING'
                  THEN now() + make_interval(secs => $4::double precision / 1000) ELSE next_attempt_at END,
                delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() ELSE NULL END,
                last_http_status = $5, last_error = $6
          WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`,
        [delivery.id, delivery.attempts, status, retryMs, result.httpStatus, result.error],
      );
      await manager.query(
        `INSERT INTO webhook_delivery_attempt (delivery_id, number, at, http_status, error, duration_ms)
         VALUES ($1, $2, now(), $3, $4, $5) ON CONFLICT DO NOTHING`,
        [delivery.id, delivery.attempts, result.httpStatus, result.error, result.durationMs],
      );
    });
  }

  /**
   * One attempt: the receiver's host is looked up and checked again now (it may have been
   * re-pointed since registration), and the POST goes to the address checked. Failures are
   * recorded in a few fixed words ({@link ATTEMPT_FAILURES}) that say nothing of the network.
   */
  private async post(delivery: Claimed): Promise<Result> {
    const body = deliveryBody(delivery, this.config.publicUrl);
    const started = Date.now();
    const { timeoutMs } = this.config.webhooks;
    const signal = AbortSignal.timeout(timeoutMs);
    const failed = (error: string): Result => ({
      httpStatus: null,
      error,
      durationMs: Date.now() - started,
    });
    let url: URL;
    try {
      url = new URL(delivery.url);
    } catch {
      return failed(ATTEMPT_FAILURES.COULD_NOT_CONNECT);
    }
    const target = await this.addressGuard.check(url, timeoutMs, signal);
    if (!target.ok) {
      return failed(
        target.refusal === 'TIMED_OUT'
          ? ATTEMPT_FAILURES.TIMED_OUT
          : target.refusal === 'NOT_RESOLVED'
            ? ATTEMPT_FAILURES.COULD_NOT_CONNECT
            : ATTEMPT_FAILURES.ADDRESS_NOT_ALLOWED,
      );
    }
    try {
      const httpStatus = await postToAddress(
        url,
        target.address,
        {
          'content-type': 'application/json',
          'user-agent': 'intervention-marketplace-webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, body, new Date()),
          [EVENT_HEADER]: delivery.type,
          [DELIVERY_HEADER]: delivery.id,
          [ATTEMPT_HEADER]: String(delivery.attempts),
        },
        body,
        signal,
      );
      return {
        httpStatus,
        error: isDelivered(httpStatus) ? null : answerFailure(httpStatus),
        durationMs: Date.now() - started,
      };
    } catch {
      return failed(
        signal.aborted ? ATTEMPT_FAILURES.TIMED_OUT : ATTEMPT_FAILURES.COULD_NOT_CONNECT,
      );
    }
  }

  /**
   * On a PostgreSQL server, a dedicated connection LISTENs for other instances' commits.
   * Optional: if it cannot connect, polling still delivers everything, a little later.
   */
  private async ensureListener(): Promise<void> {
    if (this.config.usesEmbeddedDatabase || this.listener || Date.now() < this.listenerRetryAt)
      return;
    const client = new Client({ connectionString: this.config.databaseUrl });
    try {
      await client.connect();
      client.on('notification', () => this.wake());
      client.on('error', (error) => {
        this.logger.warn(`Outbox LISTEN connection lost (${error.message}); polling meanwhile`);
        if (this.listener === client) this.listener = undefined;
        this.listenerRetryAt = Date.now() + 30_000;
        void client.end().catch(() => undefined);
      });
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`Could not LISTEN for outbox events (${String(error)}); polling instead`);
      this.listenerRetryAt = Date.now() + 30_000;
      await client.end().catch(() => undefined);
    }
  }
}
