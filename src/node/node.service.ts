import { Injectable } from '@nestjs/common';
import { Caller } from '../auth/caller';
import { AuditRecordsService } from '../audit/audit-records.service';
import { AuditService } from '../audit/audit.service';
import { hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { CatalogueReadModel, toPriceModel } from '../catalogue/catalogue-read-model';
import { OrganisationsService } from '../catalogue/organisations.service';
import { ListingRecordsService } from '../catalogue/listing-records.service';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { asNode, OwnedRecord, parseDerivedId } from '../common/node';
import { allNodes } from '../common/paging';
import { DeliveryRecordsService } from '../delivery/delivery-records.service';
import { DeliveryService } from '../delivery/delivery.service';
import { FrameworkService } from '../framework/framework.service';
import { EmailsService } from '../notifications/emails.service';
import { WebhooksService } from '../notifications/webhooks.service';
import { AccessLogService } from '../privacy/access-log.service';
import { FundingPotsService } from '../referrals/funding-pots.service';
import { SupplyChainsService } from '../supply-chains/supply-chains.service';
import { ContributionService } from '../outcomes/contribution.service';
import { EndOfServiceService } from '../outcomes/end-of-service.service';
import { canReadFreeText } from '../referrals/referral.policy';
import { OutcomeRecordsService } from '../outcomes/outcome-records.service';
import { OutcomesService } from '../outcomes/outcomes.service';
import { FactorCode } from '../reference/factor-code';
import { ReferenceService } from '../reference/reference.service';
import { ReferralRecordsService } from '../referrals/referral-records.service';
import { ReferralsService } from '../referrals/referrals.service';
import { TimelineService } from '../referrals/timeline.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One way to look up a record by its UUID, with the type's own visibility rules. */
type RecordLookup = (caller: Caller, id: string) => Promise<object | undefined>;

/**
 * `node(id:)`: finds what an id names and answers it through that type's own lookup, so the
 * caller sees exactly what they would see there. Anything they may not see, like anything that
 * does not exist, is NOT_FOUND with the same message (the answer never tells the two apart, nor
 * which type an id belongs to).
 */
@Injectable()
export class NodeService {
  /** Records by UUID, tried in turn (the UUIDs of different tables never collide). */
  private readonly records: [string, RecordLookup][] = [
    ['Referral', (caller, id) => this.referrals.referral(caller, id)],
    ['Intervention', (caller, id) => this.catalogue.intervention(caller, id)],
    ['Organisation', async (_caller, id) => (await this.organisations.organisationsByIds([id]))[0]],
    ['FrameworkApplication', (caller, id) => this.framework.application(caller, id)],
    ['DesiredOutcome', async (_caller, id) => (await this.reference.desiredOutcomesByIds([id]))[0]],
    // The webhooks the caller may list (their organisation's or division's; all for admins).
    [
      'Webhook',
      async (caller, id) =>
        (
          await allNodes((after) =>
            this.webhooks.webhooks(caller, { includeInactive: true, first: 100, after }),
          )
        ).find((w) => w.id === id),
    ],
    ['WebhookDelivery', (caller, id) => this.webhooks.delivery(caller, id)],
    ['FundingPot', (caller, id) => this.fundingPots.pot(caller, id)],
    ['Subcontract', (caller, id) => this.supplyChains.subcontract(caller, id)],
    // Admins' only, as their lists are.
    ['Email', (caller, id) => this.emails.email(caller, id)],
    ['PersonalDataAccessEvent', (caller, id) => this.accessLog.event(caller, id)],
  ];

  constructor(
    private readonly catalogue: CatalogueReadModel,
    private readonly organisations: OrganisationsService,
    private readonly referrals: ReferralsService,
    private readonly framework: FrameworkService,
    private readonly reference: ReferenceService,
    private readonly contribution: ContributionService,
    private readonly listingRecords: ListingRecordsService,
    private readonly referralRecords: ReferralRecordsService,
    private readonly deliveryRecords: DeliveryRecordsService,
    private readonly outcomeRecords: OutcomeRecordsService,
    private readonly timelines: TimelineService,
    private readonly delivery: DeliveryService,
    private readonly outcomes: OutcomesService,
    private readonly endOfService: EndOfServiceService,
    private readonly webhooks: WebhooksService,
    private readonly audit: AuditService,
    private readonly auditRecords: AuditRecordsService,
    private readonly fundingPots: FundingPotsService,
    private readonly supplyChains: SupplyChainsService,
    private readonly emails: EmailsService,
    private readonly accessLog: AccessLogService,
  ) {}

  async node(caller: Caller, id: string): Promise<object> {
    const found = await this.find(caller, id);
    if (!found) throw new NotFoundError('Node', id);
    return found;
  }

  private async find(caller: Caller, id: string): Promise<object | undefined> {
    if (UUID.test(id)) {
      for (const [typename, lookup] of this.records) {
        // Someone with no role yet (an applicant) may see their own applications only, as the
        // other types' lookups are closed to them.
        if (caller.roles.length === 0 && typename !== 'FrameworkApplication') continue;
        const value = await orUndefined(lookup(caller, id));
        if (value) return asNode(typename, value);
      }
      if (caller.roles.length === 0) return undefined;
      const owned = await this.ownerOf(id);
      const value = owned && (await orUndefined(this.ownedRecord(caller, id, owned)));
      return value ? asNode(owned.typename, value) : undefined;
    }
    const derived = parseDerivedId(id);
    if (!derived || caller.roles.length === 0) return undefined;
    const value = await orUndefined(this.derived(caller, derived.typename, derived.keys));
    return value && asNode(derived.typename, value);
  }

  /** Which listing or referral a record of theirs (a venue, a session...) belongs to. */
  private async ownerOf(id: string): Promise<OwnedRecord | undefined> {
    const owners = await Promise.all([
      this.listingRecords.ownerOf(id),
      this.referralRecords.ownerOf(id),
      this.deliveryRecords.ownerOf(id),
      this.outcomeRecords.ownerOf(id),
      this.auditRecords.ownerOf(id),
    ]);
    return owners.find(Boolean);
  }

  /**
   * A record fetched through its owner, as the owner's field answers it: the listing or the
   * referral must be visible to the caller first (and case notes readable).
   */
  private async ownedRecord(
    caller: Caller,
    id: string,
    { typename, ownerId }: OwnedRecord,
  ): Promise<object | undefined> {
    const byId = <T extends { id: string }>(records: readonly (T | null | undefined)[]) =>
      records.find((record) => record?.id === id) ?? undefined;
    if (typename === 'Venue' || typename === 'Price') {
      await this.catalogue.intervention(caller, ownerId);
      if (typename === 'Price')
        return byId((await this.catalogue.pricesFor([ownerId])).map(toPriceModel));
      const { pccAreaByCode } = await this.reference.data();
      const venue = byId(await this.catalogue.venuesFor([ownerId]));
      return venue && { ...venue, pccArea: pccAreaByCode.get(venue.pccAreaCode)! };
    }
    if (typename === 'AuditEvent') {
      // auditTrail's own rules: not for purchasers; a supplier sees its own organisation's.
      if (!hasRole(caller, Role.SUPPLIER, Role.COMMISSIONER, Role.ADMIN)) return undefined;
      return byId(
        await allNodes((after) =>
          this.audit.trail(caller, { entityId: ownerId, first: 500, after }),
        ),
      );
    }
    const referral = await this.referrals.referral(caller, ownerId);
    // Loaders for this lookup alone (the request's own are keyed by the request).
    const request = {};
    // Minimum sight, as the referral's own fields answer (see referral.policy).
    const freeText = canReadFreeText(caller, referral);
    switch (typename) {
      case 'ReferralStatusChange': {
        const change = byId(referral.statusHistory);
        return change && (freeText ? change : { ...change, reason: null });
      }
      case 'TimelineEvent':
        return byId(await this.timelines.timelineFor(caller, referral, request));
      case 'ActionPlan':
        return byId((await this.delivery.actionPlans([ownerId]))[0]);
      case 'DeliverySession':
        return byId(await this.delivery.sessionsFor(caller, referral, request));
      case 'CaseNote':
        return byId(await this.delivery.caseNotesFor(caller, referral, request));
      case 'Outcome': {
        const outcome = byId(await this.outcomes.forReferrals([ownerId]));
        return outcome && (freeText ? outcome : { ...outcome, notes: null });
      }
      case 'EndOfServiceReport': {
        const report = byId(await this.endOfService.forReferrals([ownerId]));
        return (
          report &&
          (freeText
            ? report
            : {
                ...report,
                furtherInformation: null,
                outcomes: report.outcomes.map((o) => ({ ...o, progressComments: null })),
              })
        );
      }
      default:
        return undefined;
    }
  }

  /** Reference data and contribution scores, by the keys their derived id names. */
  private async derived(
    caller: Caller,
    typename: string,
    keys: string[],
  ): Promise<object | undefined> {
    const [code, ...rest] = keys;
    const single = rest.length === 0;
    switch (typename) {
      case 'Factor':
        return single
          ? (await this.reference.factors()).find((f) => f.code === (code as FactorCode))
          : undefined;
      case 'Division':
        return single ? this.reference.division(code) : undefined;
      case 'ContractPackageArea':
        return single ? this.reference.contractPackageArea(code) : undefined;
      case 'PccArea':
        return single ? this.reference.pccArea(code) : undefined;
      case 'ContributionScore':
        return this.contributionScore(caller, keys);
      default:
        return undefined;
    }
  }

  private async contributionScore(caller: Caller, keys: string[]): Promise<object | undefined> {
    const [scope, id, factorKey] = keys;
    if (keys.length !== 3 || !UUID.test(id)) return undefined;
    const factor = factorKey === 'ALL' ? null : (factorKey as FactorCode);
    if (factor && !Object.values(FactorCode).includes(factor)) return undefined;
    if (scope === 'PROVIDER') {
      // Scores are visible to every role, for every provider there is.
      await this.organisations.organisation(id);
      return (await this.contribution.scores('PROVIDER', [{ id, factor }]))[0];
    }
    if (scope === 'INTERVENTION') {
      // A listing's score only where the listing itself is visible (drafts are not).
      await this.catalogue.intervention(caller, id);
      return (await this.contribution.scores('INTERVENTION', [{ id, factor }]))[0];
    }
    return undefined;
  }
}

/** The lookup's value, or undefined where it found nothing the caller may see. */
async function orUndefined<T>(lookup: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    // Case notes are FORBIDDEN to commissioners who may see the referral: through node, as
    // everything the caller may not see, they are simply not found.
    if (error instanceof NotFoundError || error instanceof ForbiddenError) return undefined;
    throw error;
  }
}
