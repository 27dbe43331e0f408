import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { OrganisationsService } from '../catalogue/organisations.service';
import { Clock } from '../common/clock';
import { ErrorReason } from '../common/error-reasons';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { encodeCursor, isCursorInstant, isCursorSequence } from '../common/cursor';
import {
  connectionOf,
  keysetConditions,
  keysetOrder,
  keysetPage,
  pageRows,
  readKeyset,
  readPage,
} from '../common/paging';
import { AppConfig } from '../config/app-config';
import { ReferenceService } from '../reference/reference.service';
import { webhookUrlProblem } from './delivery-policy';
import { AddressRefusal, WebhookAddressGuard } from './webhook-address';
import { DomainEventType } from './domain-event';
import {
  DeliveryStatus,
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
} from './notifications.entities';
import { RegisterWebhookInput, WebhookDeliveriesArgs, WebhooksArgs } from './notifications.inputs';
import {
  RegisteredWebhook,
  Webhook,
  WebhookDelivery,
  WebhookConnection,
  WebhookDeliveryConnection,
} from './notifications.models';
import { mayManage, ownerFor, visibleWebhooks } from './webhooks.policy';
import { newWebhookSecret } from './webhook-signature';

/** What a refused receiver address is told, and the stable reason. */
const WEBHOOK_CREATED_MS = "date_trunc('milliseconds', w.created_at)";
/** Webhooks are paged oldest first, 50 at a time (at most 100), on (created, id). */
const WEBHOOK_PAGES = {
  size: 50,
  max: 100,
  list: 'webhooks',
  valid: (values: unknown[]) => values.length === 2 && isCursorInstant(values[0]),
};
/** A webhook's deliveries are paged newest event first, 20 at a time (at most 100). */
const DELIVERY_PAGES = {
  size: 20,
  max: 100,
  list: 'deliveries',
  valid: (values: unknown[]) => values.length === 2 && isCursorSequence(values[0]),
};
const DESC = { descending: true };

const ADDRESS_REFUSALS: Record<AddressRefusal, [string, ErrorReason | undefined]> = {
  ADDRESS_NOT_ALLOWED: [
    'url must reach a public address: its host is, or resolves to, a loopback, private or other internal address',
    'WEBHOOK_ADDRESS_NOT_ALLOWED',
  ],
  PLAIN_HTTP: [
    'url must use https (plain http only to a host listed in WEBHOOK_ALLOWED_HOSTS)',
    undefined,
  ],
  NOT_RESOLVED: ["url's host name could not be found", 'WEBHOOK_HOST_NOT_RESOLVED'],
  TIMED_OUT: [
    "url's host name could not be looked up in time: try again",
    'WEBHOOK_HOST_NOT_RESOLVED',
  ],
};

/** Active webhooks one organisation or division may hold: enough for any real set-up. */
export const MAX_ACTIVE_WEBHOOKS_PER_OWNER = 10;

function toModel(row: WebhookEntity): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as DomainEventType[],
    organisationId: row.organisationId,
    divisionCode: row.divisionCode,
    description: row.description,
    active: row.active,
    createdAt: row.createdAt,
    deactivatedAt: row.deactivatedAt,
  };
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  outbox_id: string;
  event_sequence: string;
  type: string;
  referral_id: string | null;
  occurred_at: Date;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
}

/** Registering, listing and deactivating webhooks, and reading their deliveries, in scope. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly organisations: OrganisationsService,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly addressGuard: WebhookAddressGuard,
  ) {}

  async register(caller: Caller, input: RegisterWebhookInput): Promise<RegisteredWebhook> {
    const owner = ownerFor(caller, input);
    const problem = webhookUrlProblem(input.url.trim(), this.config.nodeEnv);
    if (problem) {
      throw new BadUserInputError('The webhook URL is not acceptable', [
        { field: 'input.url', message: problem },
      ]);
    }
    if ('organisationId' in owner) await this.organisations.organisation(owner.organisationId);
    else await this.reference.division(owner.divisionCode);
    await this.checkAddress(new URL(input.url.trim()));

    const secret = newWebhookSecret();
    const row = await this.dataSource.transaction(async (manager) => {
      const ownerColumn = 'organisationId' in owner ? 'organisation_id' : 'division_code';
      const ownerValue = 'organisationId' in owner ? owner.organisationId : owner.divisionCode;
      // Serialise registrations per owner so the limit holds under concurrency.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`webhook:${ownerValue}`]);
      const [{ count }] = await manager.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM webhook WHERE active AND ${ownerColumn} = $1`,
        [ownerValue],
      );
      if (count >= MAX_ACTIVE_WEBHOOKS_PER_OWNER) {
        throw new ConflictError(
          `At most ${MAX_ACTIVE_WEBHOOKS_PER_OWNER} active webhooks per organisation or division: deactivate one first`,
          'WEBHOOK_LIMIT_REACHED',
        );
      }
      const saved = await manager.save(
        manager.create(WebhookEntity, {
          organisationId: 'organisationId' in owner ? owner.organisationId : null,
          divisionCode: 'divisionCode' in owner ? owner.divisionCode : null,
          url: input.url.trim(),
          events: input.events,
          secret,
          description: input.description?.trim() || null,
          active: true,
          createdBy: caller.id,
          deactivatedAt: null,
        }),
      );
      await this.audit.record(manager, caller, {
        entityType: 'Webhook',
        entityId: saved.id,
        organisationId: saved.organisationId,
        action: 'REGISTERED',
        before: null,
        after: toModel(saved),
      });
      return saved;
    });
    return { webhook: toModel(row), secret };
  }

  /** Refuses a receiver whose host is, or resolves to, an internal address (checked again at every send). */
  private async checkAddress(url: URL): Promise<void> {
    const check = await this.addressGuard.check(url, this.config.webhooks.timeoutMs);
    if (check.ok) return;
    const [message, reason] = ADDRESS_REFUSALS[check.refusal];
    throw new BadUserInputError(
      'The webhook URL is not acceptable',
      [{ field: 'input.url', message }],
      reason,
    );
  }

  /** Stops a webhook: it receives nothing more, and what it was still owed is CANCELLED. */
  async deactivate(caller: Caller, id: string): Promise<Webhook> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(WebhookEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || !mayManage(caller, row)) throw new NotFoundError('Webhook', id);
      if (!row.active) return toModel(row);
      const before = toModel(row);
      row.active = false;
      row.deactivatedAt = this.clock.now();
      await manager.save(row);
      await manager.update(
        WebhookDeliveryEntity,
        { webhookId: id, status: DeliveryStatus.PENDING },
        { status: DeliveryStatus.CANCELLED },
      );
      await this.audit.record(manager, caller, {
        entityType: 'Webhook',
        entityId: row.id,
        organisationId: row.organisationId,
        action: 'DEACTIVATED',
        before,
        after: toModel(row),
      });
      return toModel(row);
    });
  }

  async webhooks(caller: Caller, args: WebhooksArgs): Promise<WebhookConnection> {
    const page = readPage<[string, string]>(args, WEBHOOK_PAGES);
    const scope = visibleWebhooks(caller);
    const query = this.dataSource
      .getRepository(WebhookEntity)
      .createQueryBuilder('w')
      .where(scope.where, scope.params);
    if (args.organisationId)
      query.andWhere('w.organisation_id = :organisationId', {
        organisationId: args.organisationId,
      });
    if (args.divisionCode)
      query.andWhere('w.division_code = :divisionCode', { divisionCode: args.divisionCode });
    if (!args.includeInactive) query.andWhere('w.active');
    const fetched = await readKeyset(query, page, [
      [WEBHOOK_CREATED_MS, '::timestamptz'],
      ['w.id', '::uuid'],
    ]);
    return keysetPage(fetched, page, (row) => [row.createdAt.toISOString(), row.id], toModel);
  }

  async deliveries(
    caller: Caller,
    args: WebhookDeliveriesArgs,
  ): Promise<WebhookDeliveryConnection> {
    const { webhookId, status, referralId } = args;
    const page = readPage<[string, string]>(args, DELIVERY_PAGES);
    const webhook = await this.dataSource.getRepository(WebhookEntity).findOneBy({ id: webhookId });
    if (!webhook || !mayManage(caller, webhook)) throw new NotFoundError('Webhook', webhookId);

    const conditions = ['d.webhook_id = $1'];
    const params: unknown[] = [webhookId];
    if (status) {
      params.push(status);
      conditions.push(`d.status = $${params.length}`);
    }
    if (referralId) {
      params.push(referralId);
      conditions.push(`o.referral_id = $${params.length}`);
    }
    const from = `FROM webhook_delivery d JOIN outbox o ON o.id = d.outbox_id WHERE ${conditions.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${from}`,
      params,
    );
    const keys = ['d.event_sequence', 'd.id'];
    const bounds = keysetConditions(
      page,
      keys,
      (value, index) => {
        params.push(value);
        return `$${params.length}${['::bigint', '::uuid'][index]}`;
      },
      DESC,
    );
    params.push(page.limit);
    const fetched = await this.dataSource.query<DeliveryRow[]>(
      `SELECT d.id, d.webhook_id, d.outbox_id, d.event_sequence, o.type, o.referral_id, o.occurred_at,
              d.status, d.attempts, d.next_attempt_at, d.delivered_at
         ${[from, ...bounds].join(' AND ')} ORDER BY ${keysetOrder(page, keys, true)} LIMIT $${params.length}`,
      params,
    );
    const { rows: shown, ...flags } = pageRows(fetched, page);
    const attempts = shown.length
      ? await this.dataSource
          .getRepository(WebhookDeliveryAttemptEntity)
          .createQueryBuilder('a')
          .where('a.delivery_id IN (:...ids)', { ids: shown.map((r) => r.id) })
          .orderBy('a.number', 'ASC')
          .getMany()
      : [];
    const edges = shown.map((row) => ({
      node: this.toDelivery(
        row,
        attempts.filter((a) => a.deliveryId === row.id),
      ),
      cursor: encodeCursor([row.event_sequence, row.id]),
    }));
    return { ...connectionOf(edges, flags), totalCount: total };
  }

  /**
   * One delivery, to those who may list its webhook's deliveries (webhookDeliveries' rules);
   * NOT_FOUND otherwise, as for an unknown id.
   */
  async delivery(caller: Caller, id: string): Promise<WebhookDelivery> {
    const [row] = await this.dataSource.query<(DeliveryRow & WebhookOwnerRow)[]>(
      `SELECT d.id, d.webhook_id, d.outbox_id, d.event_sequence, o.type, o.referral_id, o.occurred_at,
              d.status, d.attempts, d.next_attempt_at, d.delivered_at,
              w.organisation_id AS "organisationId", w.division_code AS "divisionCode"
         FROM webhook_delivery d JOIN outbox o ON o.id = d.outbox_id
         JOIN webhook w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [id],
    );
    if (!row || !mayManage(caller, row)) throw new NotFoundError('WebhookDelivery', id);
    const attempts = await this.dataSource
      .getRepository(WebhookDeliveryAttemptEntity)
      .find({ where: { deliveryId: id }, order: { number: 'ASC' } });
    return this.toDelivery(row, attempts);
  }

  private toDelivery(row: DeliveryRow, attempts: WebhookDeliveryAttemptEntity[]): WebhookDelivery {
    return {
      id: row.id,
      webhookId: row.webhook_id,
      eventId: row.outbox_id,
      eventType: row.type as DomainEventType,
      referralId: row.referral_id,
      occurredAt: row.occurred_at,
      status: row.status,
      attemptCount: row.attempts,
      nextAttemptAt: row.status === DeliveryStatus.PENDING ? row.next_attempt_at : null,
      deliveredAt: row.delivered_at,
      attempts: attempts.map((a) => ({
        number: a.number,
        at: a.at,
        httpStatus: a.httpStatus,
        error: a.error,
        durationMs: a.durationMs,
      })),
    };
  }
}

/** A webhook's owner, as mayManage reads it. */
interface WebhookOwnerRow {
  organisationId: string | null;
  divisionCode: string | null;
}
