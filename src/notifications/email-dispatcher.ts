import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { retryDelayMs } from './delivery-policy';
import { EmailSender, OutgoingEmail, SendResult } from './email-sender';
import { OutboxService } from './outbox.service';
import { logRoundFailure } from './round-failure';
import { Alarm } from './alarm';

/** Emails claimed per round. */
const BATCH_SIZE = 20;
/** How long a claimed email is left to its claimant before another instance may take it over. */
const LEASE_MS = 120_000;

interface Claimed {
  id: string;
  attempts: number;
  kind: string;
  recipient: string;
  personalisation: Record<string, string>;
}

/**
 * Sends the emails the outbox events owe, on every instance that runs it, as the webhook
 * dispatcher delivers: a round claims due emails in a short transaction (`FOR UPDATE SKIP
 * LOCKED`: two instances never take the same one), leasing each; the sends run with no
 * transaction held; each result is written guarded by the attempt number. Sent once accepted;
 * a permanent refusal (a 4xx) or the last attempt makes it FAILED; anything else is retried with
 * the webhooks' backoff. An instance that dies mid-send leaves a lease that expires and the email
 * is sent again: at least once.
 */
@Injectable()
export class EmailDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EmailDispatcher.name);
  private running?: Promise<void>;
  private readonly alarm = new Alarm();
  private unsubscribe?: () => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly sender: EmailSender,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.emails.dispatcher) return;
    this.unsubscribe = this.outbox.onCommitted(() => this.wake());
    this.running = this.loop();
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    this.alarm.stop();
    await this.running;
  }

  wake(): void {
    this.alarm.wake();
  }

  /** One round: claim what is due, send it, record the results. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    for (const email of claimed) {
      // One at a time: Notify limits the rate, and the embedded database has one connection.
      await this.send(email).catch((error: unknown) =>
        this.logger.error(`Email ${email.id} failed to complete: ${String(error)}`),
      );
    }
    return claimed.length;
  }

  private async loop(): Promise<void> {
    while (!this.alarm.stopping) {
      let wait = this.config.emails.pollMs;
      try {
        this.alarm.reset();
        if ((await this.runOnce()) >= BATCH_SIZE) wait = 0;
      } catch (error) {
        if (this.alarm.stopping) break;
        logRoundFailure(this.logger, 'Email dispatch', error);
      }
      await this.alarm.sleep(wait);
    }
  }

  private async claim(): Promise<Claimed[]> {
    const [rows] = await this.dataSource.transaction((manager) =>
      manager.query<[Claimed[], number]>(
        `WITH due AS (
           SELECT id FROM email
            WHERE status = 'PENDING' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, created_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED
         )
         UPDATE email e
            SET attempts = e.attempts + 1,
                next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
                last_attempt_at = now()
           FROM due
          WHERE e.id = due.id
         RETURNING e.id, e.attempts, e.kind, e.recipient, e.personalisation`,
        [BATCH_SIZE, LEASE_MS],
      ),
    );
    return rows;
  }

  private async send(email: Claimed): Promise<void> {
    const outgoing: OutgoingEmail = {
      id: email.id,
      kind: email.kind,
      recipient: email.recipient,
      personalisation: email.personalisation,
    };
    let result: SendResult;
    try {
      result = await this.sender.send(outgoing);
    } catch (error) {
      this.logger.warn(`Email ${email.id} could not be sent: ${String(error)}`);
      result = { sent: false, permanent: false, error: 'The email could not be sent' };
    }
    const { maxAttempts, retryBaseMs } = this.config.emails;
    const status = result.sent
      ? 'SENT'
      : result.permanent || email.attempts >= maxAttempts
        ? 'FAILED'
        : 'PENDING';
    this.metrics.emailAttempt(
      status === 'SENT' ? 'sent' : status === 'FAILED' ? 'failed' : 'retry',
    );
    // Guarded by the attempt number: a claim whose lease ran out and was taken over loses.
    await this.dataSource.query(
      `UPDATE email
          SET status = $3,
              next_attempt_at = CASE WHEN $3 = 'PENDING'
                THEN now() + make_interval(secs => $4::double precision / 1000) ELSE next_attempt_at END,
              sent_at = CASE WHEN $3 = 'SENT' THEN now() ELSE NULL END,
              provider_id = $5, last_error = $6
        WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`,
      [
        email.id,
        email.attempts,
        status,
        retryDelayMs(email.attempts, retryBaseMs),
        result.sent ? result.providerId : null,
        result.sent ? null : result.error,
      ],
    );
  }
}
