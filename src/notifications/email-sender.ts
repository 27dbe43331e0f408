import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotifyClient } from 'notifications-node-client';
import { STATUS_CODES } from 'node:http';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ALL_EMAIL_KINDS } from './email-kinds';

/** One email as the dispatcher hands it to a sender. */
export interface OutgoingEmail {
  /** The email row's id: sent as Notify's `reference`, so a resend can be traced. */
  id: string;
  kind: string;
  recipient: string;
  personalisation: Record<string, string>;
}

/**
 * What became of a send: accepted (with the provider's id), or refused, permanently (a 4xx: a bad
 * address, a template that does not exist, a key that is not accepted; trying again cannot help)
 * or not (a 5xx, a 429, no answer: tried again later).
 */
export type SendResult =
  { sent: true; providerId: string | null } | { sent: false; permanent: boolean; error: string };

/** The port the dispatcher sends through: GOV.UK Notify, or the local mailbox. */
export abstract class EmailSender {
  abstract send(email: OutgoingEmail): Promise<SendResult>;
}

/** How a Notify error is recorded: its status and the error class Notify names, never the body. */
export function notifyFailure(error: unknown): { permanent: boolean; error: string } {
  const response = (
    error as { response?: { status?: number; data?: { errors?: { error?: unknown }[] } } }
  ).response;
  const status = response?.status;
  if (typeof status !== 'number') {
    return { permanent: false, error: 'Could not reach GOV.UK Notify' };
  }
  const kind = response?.data?.errors?.[0]?.error;
  const name = STATUS_CODES[status];
  const error_ = `GOV.UK Notify answered ${status}${name ? ` ${name}` : ''}${
    typeof kind === 'string' && /^\w{1,60}$/.test(kind) ? ` (${kind})` : ''
  }`;
  // 429: over the rate limit, worth trying again; other 4xx will be refused again.
  return { permanent: status >= 400 && status < 500 && status !== 429, error: error_ };
}

/** Sends through GOV.UK Notify (NOTIFY_API_KEY), with the template id configured per kind. */
@Injectable()
export class NotifyEmailSender extends EmailSender {
  private readonly client: NotifyClient;

  constructor(private readonly config: AppConfig) {
    super();
    const { notifyApiKey, notifyBaseUrl } = config.emails;
    if (!notifyApiKey) throw new Error('NotifyEmailSender needs NOTIFY_API_KEY');
    this.client = notifyBaseUrl
      ? new NotifyClient(notifyBaseUrl, notifyApiKey)
      : new NotifyClient(notifyApiKey);
    const missing = ALL_EMAIL_KINDS.filter((kind) => !config.emails.templateIds[kind]);
    if (missing.length > 0) {
      // Said at start-up: otherwise the first such email would only show up as FAILED.
      new Logger(NotifyEmailSender.name).warn(
        `NOTIFY_TEMPLATE_IDS gives no template for ${missing.join(', ')}: those emails will fail`,
      );
    }
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const templateId = this.config.emails.templateIds[email.kind];
    if (!templateId) {
      return {
        sent: false,
        permanent: true,
        error: `No template id for ${email.kind} in NOTIFY_TEMPLATE_IDS`,
      };
    }
    try {
      const response = await this.client.sendEmail(templateId, email.recipient, {
        personalisation: email.personalisation,
        reference: email.id,
      });
      const id = (response.data as { id?: unknown } | undefined)?.id;
      return { sent: true, providerId: typeof id === 'string' ? id : null };
    } catch (error) {
      return { sent: false, ...notifyFailure(error) };
    }
  }
}

/**
 * Development and tests (NOTIFY_API_KEY unset): "sends" by keeping the message in the database,
 * where /dev/mailbox shows it (development only).
 */
@Injectable()
export class MailboxEmailSender extends EmailSender {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      // The personalisation as the email row holds it now: a referral anonymised while this
      // email was on its way leaves no CRN in the mailbox.
      `INSERT INTO mailbox_message (email_id, recipient, kind, template_id, personalisation)
       SELECT $1::uuid, $2::text, $3::text, $4::text,
              COALESCE((SELECT personalisation FROM email WHERE id = $1::uuid), $5::jsonb)
       RETURNING id`,
      [
        email.id,
        email.recipient,
        email.kind,
        this.config.emails.templateIds[email.kind] ?? null,
        JSON.stringify(email.personalisation),
      ],
    );
    return { sent: true, providerId: row.id };
  }
}
