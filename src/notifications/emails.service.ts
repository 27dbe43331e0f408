import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { CallerHooks } from '../auth/caller-hooks';
import { Role } from '../auth/role';
import { isCursorInstant } from '../common/cursor';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { keysetConditions, keysetOrder, keysetPage, readPage } from '../common/paging';
import { inTransaction } from '../common/transaction';
import { AppConfig } from '../config/app-config';
import { DomainEvent } from './domain-event';
import {
  ALL_EMAIL_KINDS,
  EmailAudience,
  emailKindsFor,
  emailPersonalisation,
  EMAILS,
  EmailKind,
} from './email-kinds';
import { EmailsArgs } from './emails.inputs';
import {
  EmailBacklog,
  EmailConnection,
  EmailPreferences,
  EmailRecord,
  EmailStatus,
  OrganisationEmail,
} from './emails.models';
import { emailBacklog } from './email-backlog';
import { OutboxService } from './outbox.service';

/** Kept here too for callers that imported it from this file. */
export { emailBacklog };

/**
 * Who receives each audience's emails, as a SELECT of (address, subject) over the parameters
 * $2 (the kind, for opt-outs), $4 organisation, $5 referral, $6 application. People who turned
 * the kind off are left out (only optional kinds can be turned off).
 */
const RECIPIENTS: Record<EmailAudience, string> = {
  SUPPLIERS: `
    SELECT c.email AS address, NULL::text AS subject
      FROM organisation_contact c WHERE c.organisation_id = $4::uuid
    UNION ALL
    SELECT u.email, u.subject FROM user_contact u
     WHERE u.organisation_id = $4::uuid AND 'SUPPLIER' = ANY (u.roles)
       AND u.email IS NOT NULL AND NOT ($2::text = ANY (u.opted_out))`,
  PRACTITIONER: `
    SELECT u.email AS address, u.subject FROM referral r JOIN user_contact u ON u.subject = r.created_by
     WHERE r.id = $5::uuid AND u.email IS NOT NULL AND NOT ($2::text = ANY (u.opted_out))`,
  COMMISSIONERS: `
    SELECT u.email AS address, u.subject FROM user_contact u
     WHERE 'COMMISSIONER' = ANY (u.roles) AND u.email IS NOT NULL
       AND NOT ($2::text = ANY (u.opted_out))`,
  APPLICANT: `
    SELECT a.contact_email AS address, NULL::text AS subject
      FROM framework_application a WHERE a.id = $6::uuid
    UNION ALL
    SELECT u.email, u.subject FROM framework_application a JOIN user_contact u ON u.subject = a.applicant_id
     WHERE a.id = $6::uuid AND u.email IS NOT NULL AND NOT ($2::text = ANY (u.opted_out))`,
};

/**
 * The audit trail's id for a person's email settings: a name-based UUID (version 5 layout) of
 * their token subject, which is not a UUID itself. The same person always gets the same id.
 */
export function emailSettingsAuditId(subject: string): string {
  const hash = createHash('sha1').update(`email-settings:${subject}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_PAGES = {
  size: 50,
  max: 100,
  list: 'emails',
  valid: (values: unknown[]) => values.length === 2 && isCursorInstant(values[0]),
};

interface EmailRow {
  id: string;
  outbox_id: string;
  kind: EmailKind;
  recipient: string;
  status: EmailStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  referral_id: string | null;
  event_type: string;
}

/**
 * Emails: which ones each outbox event owes (written in the event's transaction), who to write to
 * (organisation addresses; people remembered from their token's `email` claim), the kinds each
 * person turned off, and what admins see of the queue.
 */
@Injectable()
export class EmailsService {
  /** Contacts already remembered by this instance, as last written: one write per change. */
  private readonly remembered = new Map<string, string>();

  private readonly logger = new Logger('Emails');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    outbox: OutboxService,
    callerHooks: CallerHooks,
  ) {
    outbox.setEmailFanOut((manager, outboxId, event) => this.fanOut(manager, outboxId, event));
    // Every signed-in caller's address is remembered as an operation lets them in. A failure to
    // remember is logged, never the request's failure (the next request tries again).
    callerHooks.add((caller) =>
      this.remember(caller).catch((error: unknown) =>
        this.logger.warn(`Could not remember a caller's email address: ${String(error)}`),
      ),
    );
  }

  /**
   * Writes, in the event's transaction, one PENDING email per kind the event gives rise to and
   * per recipient: nothing if the change rolls back, and never twice for one event (the key is
   * event, recipient, kind). One statement per kind; none for events that email nobody.
   */
  async fanOut(manager: EntityManager, outboxId: string, event: DomainEvent): Promise<number> {
    let written = 0;
    for (const kind of emailKindsFor(event.type)) {
      const payload = event.payload ?? {};
      const personalisation = emailPersonalisation(
        kind,
        { type: event.type, referralId: event.referralId, payload },
        this.config.publicUrl,
      );
      const applicationId =
        typeof payload.applicationId === 'string' && UUID.test(payload.applicationId)
          ? payload.applicationId
          : null;
      const rows = await manager.query<{ id: string }[]>(
        // The unused CTE types every parameter, whichever of them the audience's SELECT reads.
        `WITH args AS (SELECT $4::uuid AS organisation_id, $5::uuid AS referral_id, $6::uuid AS application_id)
         INSERT INTO email (outbox_id, kind, recipient, subject, personalisation)
         SELECT DISTINCT ON (lower(r.address)) $1::uuid, $2::text, r.address, r.subject, $3::jsonb
           FROM (${RECIPIENTS[EMAILS[kind].audience]}) r
          WHERE r.address IS NOT NULL
          ORDER BY lower(r.address), r.subject NULLS LAST
         ON CONFLICT (outbox_id, recipient, kind) DO NOTHING
         RETURNING id`,
        [
          outboxId,
          kind,
          JSON.stringify(personalisation),
          event.organisationId,
          event.referralId,
          applicationId,
        ],
      );
      written += rows.length;
    }
    return written;
  }

  /**
   * Remembers who a caller is and where to email them (their token's `email` claim), the first
   * time this instance sees them and whenever that changes. Callers without an address are not
   * written (nothing could be sent to them).
   */
  async remember(caller: Caller): Promise<void> {
    if (!caller.email) return;
    const signature = JSON.stringify([
      caller.email,
      [...caller.roles].sort(),
      caller.organisationId ?? null,
      caller.divisionCode ?? null,
    ]);
    if (this.remembered.get(caller.id) === signature) return;
    await this.dataSource.query(
      `INSERT INTO user_contact (subject, email, roles, organisation_id, division_code)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (subject) DO UPDATE
         SET email = EXCLUDED.email, roles = EXCLUDED.roles,
             organisation_id = EXCLUDED.organisation_id, division_code = EXCLUDED.division_code,
             updated_at = now()
       WHERE (user_contact.email, user_contact.roles, user_contact.organisation_id, user_contact.division_code)
             IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.roles, EXCLUDED.organisation_id, EXCLUDED.division_code)`,
      [
        caller.id,
        caller.email,
        caller.roles,
        caller.organisationId && UUID.test(caller.organisationId) ? caller.organisationId : null,
        caller.divisionCode ?? null,
      ],
    );
    if (this.remembered.size > 10_000) this.remembered.clear();
    this.remembered.set(caller.id, signature);
  }

  /** The caller's address and, for each kind, whether it is on for them. */
  async preferences(caller: Caller, manager?: EntityManager): Promise<EmailPreferences> {
    const [row] = await (manager ?? this.dataSource).query<
      { email: string | null; opted_out: string[] }[]
    >(`SELECT email, opted_out FROM user_contact WHERE subject = $1`, [caller.id]);
    const optedOut = new Set(row?.opted_out ?? []);
    return {
      email: row?.email ?? caller.email ?? null,
      kinds: ALL_EMAIL_KINDS.map((kind) => ({
        kind,
        description: EMAILS[kind].description,
        optional: EMAILS[kind].optional,
        enabled: !optedOut.has(kind),
      })),
    };
  }

  /** Turns an optional kind on or off for the caller (audited); the others cannot be turned off. */
  async setPreference(
    caller: Caller,
    kind: EmailKind,
    enabled: boolean,
  ): Promise<EmailPreferences> {
    if (!EMAILS[kind].optional && !enabled) {
      throw new BadUserInputError(`${kind} emails ask you to act and cannot be turned off`, [
        { field: 'kind', message: `${kind} cannot be turned off` },
      ]);
    }
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.preferences(caller, manager);
      await manager.query(
        `INSERT INTO user_contact (subject, email, roles, organisation_id, division_code, opted_out)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $7 THEN '{}'::text[] ELSE ARRAY[$6::text] END)
         ON CONFLICT (subject) DO UPDATE
           SET opted_out = CASE WHEN $7 THEN array_remove(user_contact.opted_out, $6::text)
                                ELSE array_append(array_remove(user_contact.opted_out, $6::text), $6::text) END,
               updated_at = now()`,
        [
          caller.id,
          caller.email ?? null,
          caller.roles,
          caller.organisationId && UUID.test(caller.organisationId) ? caller.organisationId : null,
          caller.divisionCode ?? null,
          kind,
          enabled,
        ],
      );
      const after = await this.preferences(caller, manager);
      await this.audit.record(manager, caller, {
        entityType: 'EmailPreferences',
        entityId: emailSettingsAuditId(caller.id),
        organisationId: null,
        action: enabled ? 'EMAIL_KIND_ON' : 'EMAIL_KIND_OFF',
        before: { optedOut: before.kinds.filter((k) => !k.enabled).map((k) => k.kind) },
        after: { optedOut: after.kinds.filter((k) => !k.enabled).map((k) => k.kind) },
      });
      return after;
    });
  }

  /** The address an organisation's emails go to (its suppliers, or an admin). */
  async organisationEmail(caller: Caller, organisationId: string): Promise<OrganisationEmail> {
    this.assertMayManage(caller, organisationId);
    const [row] = await this.dataSource.query<{ email: string; updated_at: Date }[]>(
      `SELECT email, updated_at FROM organisation_contact WHERE organisation_id = $1`,
      [organisationId],
    );
    return { organisationId, email: row?.email ?? null, updatedAt: row?.updated_at ?? null };
  }

  /** Sets (or, with null, removes) the address an organisation's emails go to; audited. */
  async setOrganisationEmail(
    caller: Caller,
    organisationId: string,
    email: string | null,
  ): Promise<OrganisationEmail> {
    this.assertMayManage(caller, organisationId);
    return inTransaction(this.dataSource, async (manager) => {
      const [organisation] = await manager.query<{ id: string }[]>(
        `SELECT id FROM organisation WHERE id = $1`,
        [organisationId],
      );
      if (!organisation) throw new NotFoundError('Organisation', organisationId);
      const [before] = await manager.query<{ email: string }[]>(
        `SELECT email FROM organisation_contact WHERE organisation_id = $1 FOR UPDATE`,
        [organisationId],
      );
      let updatedAt: Date | null = null;
      if (email === null) {
        await manager.query(`DELETE FROM organisation_contact WHERE organisation_id = $1`, [
          organisationId,
        ]);
      } else {
        const [row] = await manager.query<{ updated_at: Date }[]>(
          `INSERT INTO organisation_contact (organisation_id, email, updated_by) VALUES ($1, $2, $3)
           ON CONFLICT (organisation_id) DO UPDATE
             SET email = EXCLUDED.email, updated_by = EXCLUDED.updated_by, updated_at = now()
           RETURNING updated_at`,
          [organisationId, email, caller.id],
        );
        updatedAt = row.updated_at;
      }
      await this.audit.record(manager, caller, {
        entityType: 'OrganisationEmail',
        entityId: organisationId,
        organisationId,
        action: email === null ? 'REMOVED' : 'SET',
        before: before ? { email: before.email } : null,
        after: email === null ? null : { email },
      });
      return { organisationId, email, updatedAt };
    });
  }

  private assertMayManage(caller: Caller, organisationId: string): void {
    if (hasRole(caller, Role.ADMIN)) return;
    // Another organisation's address is not the caller's to see or set.
    if (!hasRole(caller, Role.SUPPLIER) || caller.organisationId !== organisationId) {
      throw new NotFoundError('Organisation', organisationId);
    }
  }

  /** Emails, newest first, optionally of one status (admins: failures to look into). */
  async emails(args: EmailsArgs): Promise<EmailConnection> {
    const page = readPage<[string, string]>(args, EMAIL_PAGES);
    const params: unknown[] = [];
    const conditions: string[] = ['TRUE'];
    if (args.status) {
      params.push(args.status);
      conditions.push(`e.status = $${params.length}`);
    }
    if (args.kind) {
      params.push(args.kind);
      conditions.push(`e.kind = $${params.length}`);
    }
    const from = `FROM email e JOIN outbox o ON o.id = e.outbox_id WHERE ${conditions.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${from}`,
      params,
    );
    const keys = ["date_trunc('milliseconds', e.created_at)", 'e.id'];
    const bounds = keysetConditions(
      page,
      keys,
      (value, index) => {
        params.push(value);
        return `$${params.length}${['::timestamptz', '::uuid'][index]}`;
      },
      { descending: true },
    );
    params.push(page.limit);
    const fetched = await this.dataSource.query<EmailRow[]>(
      `SELECT e.id, e.outbox_id, e.kind, e.recipient, e.status, e.attempts, e.next_attempt_at,
              e.last_error, e.sent_at, e.created_at, o.referral_id, o.type AS event_type
         ${[from, ...bounds].join(' AND ')}
        ORDER BY ${keysetOrder(page, keys, true)} LIMIT $${params.length}`,
      params,
    );
    const connection = keysetPage(
      fetched,
      page,
      (row) => [new Date(row.created_at).toISOString(), row.id],
      toEmailRecord,
    );
    return { ...connection, totalCount: total };
  }

  /** One email, to admins (who alone may list them, see `emails`); NOT_FOUND for anyone else. */
  async email(caller: Caller, id: string): Promise<EmailRecord> {
    const [row] = hasRole(caller, Role.ADMIN)
      ? await this.dataSource.query<EmailRow[]>(
          `SELECT e.id, e.outbox_id, e.kind, e.recipient, e.status, e.attempts, e.next_attempt_at,
                  e.last_error, e.sent_at, e.created_at, o.referral_id, o.type AS event_type
             FROM email e JOIN outbox o ON o.id = e.outbox_id
            WHERE e.id = $1`,
          [id],
        )
      : [];
    if (!row) throw new NotFoundError('Email', id);
    return toEmailRecord(row);
  }

  /**
   * The local mailbox's newest messages (development and tests: what Notify would have been
   * asked to send), for /dev/mailbox.
   */
  async mailbox(limit: number): Promise<
    {
      recipient: string;
      kind: string;
      receivedAt: string;
      fields: { name: string; value: string }[];
    }[]
  > {
    const rows = await this.dataSource.query<
      {
        recipient: string;
        kind: string;
        received_at: Date;
        personalisation: Record<string, string>;
      }[]
    >(
      `SELECT recipient, kind, received_at, personalisation FROM mailbox_message
        ORDER BY received_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      recipient: row.recipient,
      kind: row.kind,
      receivedAt: new Date(row.received_at).toISOString(),
      fields: Object.entries(row.personalisation).map(([name, value]) => ({
        name,
        value: String(value),
      })),
    }));
  }

  /** How the queue stands. */
  backlog(): Promise<EmailBacklog> {
    return emailBacklog(this.dataSource);
  }
}

function toEmailRecord(row: EmailRow): EmailRecord {
  return {
    id: row.id,
    eventId: row.outbox_id,
    eventType: row.event_type,
    kind: row.kind,
    recipient: row.recipient,
    referralId: row.referral_id,
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: row.status === EmailStatus.PENDING ? row.next_attempt_at : null,
    lastError: row.last_error,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}
