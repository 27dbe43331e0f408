import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { AppConfig } from '../config/app-config';
import { Clock, londonDayStart } from '../common/clock';
import { addDays } from '../common/calendar';
import { groupByKey, requestLoader } from '../common/request-loaders';
import { hydrateJson } from '../database/hydrate-json';
import {
  BadUserInputError,
  ConflictError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors';
import { ComplianceService } from '../framework/compliance.service';
import { ReferenceService } from '../reference/reference.service';
import { ListingStatus, OrganisationKind } from './catalogue.enums';
import {
  CreateInterventionInput,
  CreateOrganisationInput,
  PriceInput,
  UpdateInterventionInput,
  VenueInput,
} from './catalogue.inputs';
import { Intervention, Organisation, Price, RateCard } from './catalogue.models';
import { assertCanManage, canSee, providerForNewListing } from './catalogue.policy';
import {
  InterventionEntity,
  InterventionPriceEntity,
  ListingStatusHistoryEntity,
  VenueEntity,
} from './intervention.entity';
import {
  assertEditable,
  isStale,
  ListingAction,
  nextListingStatus,
  publishProblems,
} from './listing-rules';
import { OrganisationEntity } from './organisation.entity';
import { planPriceVersion, priceInForce } from './pricing';
import { matchVenues } from './venue-identity';

const INTERVENTION = 'Intervention';

/** One row of `CatalogueService.listingsJsonSql`: a listing and its related rows, as JSON. */
export interface ListingJson {
  listing: Record<string, unknown>;
  provider: Record<string, unknown>;
  prices: Record<string, unknown>[];
  venues: Record<string, unknown>[];
}

/** A venue ready to store under a listing. */
export type ListingVenue = Omit<VenueEntity, 'id' | 'interventionId'>;

/** One change to a locked listing: what it was and what it became, for the audit trail. */
type ListingChange = (
  manager: EntityManager,
  row: InterventionEntity,
) => Promise<{ before: object | null; after: object | null }>;
/** The box venues must lie in (the venue table checks it too). */
const UK = { minLat: 49.8, maxLat: 60.9, minLng: -8.7, maxLng: 1.8 };

/** Normalises a UK postcode to upper case with one space before the inward code: "ls14ap" -> "LS1 4AP". */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function toInterventionModel(row: InterventionEntity): Intervention {
  return Object.assign(new Intervention(), {
    id: row.id,
    providerId: row.providerId,
    title: row.title,
    summary: row.summary,
    description: row.description,
    factors: row.factors,
    deliveryModes: row.deliveryModes,
    accredited: row.accredited,
    eligibility: {
      sexes: row.sexes,
      minAge: row.minAge,
      maxAge: row.maxAge,
      riskLevels: row.riskLevels,
      supervisionTypes: row.supervisionTypes,
      notes: row.eligibilityNotes,
    },
    adaptations: row.adaptations,
    coverageCodes: row.coverage,
    eveningSessions: row.eveningSessions,
    weekendSessions: row.weekendSessions,
    durationWeeks: row.durationWeeks,
    sessionCount: row.sessionCount,
    capacity: row.capacity,
    placesHeld: row.placesHeld,
    nextStartDate: row.nextStartDate,
    status: row.status,
    lastConfirmedAt: row.lastConfirmedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

export function toOrganisationModel(row: OrganisationEntity): Organisation {
  return Object.assign(new Organisation(), row);
}

export function toPriceModel(row: InterventionPriceEntity): Price {
  return {
    amountPence: row.amountPence,
    currency: row.currency,
    outcomePaymentPence: row.outcomePaymentPence,
    unit: row.unit,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
  };
}

/**
 * The catalogue: organisations, their listings and rate cards. Every change checks who may make
 * it, validates it against the reference data, and writes the change and its audit event in one
 * transaction with the listing's row locked.
 */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly compliance: ComplianceService,
  ) {}

  // ---- organisations -------------------------------------------------------------------------

  async organisations(kind?: OrganisationKind): Promise<Organisation[]> {
    const rows = await this.dataSource.getRepository(OrganisationEntity).find({
      where: kind ? { kind } : {},
      order: { name: 'ASC' },
    });
    return rows.map(toOrganisationModel);
  }

  async organisation(id: string): Promise<Organisation> {
    const row = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('Organisation', id);
    return toOrganisationModel(row);
  }

  async organisationsByIds(ids: readonly string[]): Promise<(Organisation | undefined)[]> {
    const rows = await this.dataSource
      .getRepository(OrganisationEntity)
      .findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, toOrganisationModel(row)]));
    return ids.map((id) => byId.get(id));
  }

  async createOrganisation(caller: Caller, input: CreateOrganisationInput): Promise<Organisation> {
    const errors: FieldError[] = [];
    const isCrc = input.kind === OrganisationKind.CRC;
    if (isCrc && !input.crcOwner)
      errors.push({ field: 'input.crcOwner', message: 'crcOwner is required for a CRC' });
    if (!isCrc && input.crcOwner)
      errors.push({ field: 'input.crcOwner', message: 'only a CRC has a crcOwner' });
    if (isCrc && !input.contractPackageAreaCode) {
      errors.push({
        field: 'input.contractPackageAreaCode',
        message: 'contractPackageAreaCode is required for a CRC',
      });
    }
    if (!isCrc && input.contractPackageAreaCode) {
      errors.push({
        field: 'input.contractPackageAreaCode',
        message: 'only a CRC holds a contract package area',
      });
    }
    const { contractPackageAreaByCode } = await this.reference.data();
    if (
      input.contractPackageAreaCode &&
      !contractPackageAreaByCode.has(input.contractPackageAreaCode)
    ) {
      errors.push({
        field: 'input.contractPackageAreaCode',
        message: `unknown contract package area ${input.contractPackageAreaCode}`,
      });
    }
    if (errors.length > 0) throw new BadUserInputError('The organisation is not valid', errors);

    return this.dataSource.transaction(async (manager) => {
      const duplicate = await this.duplicateOrganisation(manager, {
        name: input.name,
        charityNumber: input.charityNumber,
      });
      if (duplicate) throw new ConflictError(duplicate, 'DUPLICATE');
      const row = await manager.save(
        manager.create(OrganisationEntity, {
          name: input.name.trim(),
          kind: input.kind,
          crcOwner: input.crcOwner ?? null,
          charityNumber: input.charityNumber ?? null,
          contractPackageAreaCode: input.contractPackageAreaCode ?? null,
        }),
      );
      await this.audit.record(manager, caller, {
        entityType: 'Organisation',
        entityId: row.id,
        organisationId: row.id,
        action: 'CREATED',
        before: null,
        after: row,
      });
      return toOrganisationModel(row);
    });
  }

  /**
   * Why a new organisation would duplicate an existing one (same name whatever its case, same
   * charity number or same company number), or null.
   */
  async duplicateOrganisation(
    manager: EntityManager,
    candidate: { name: string; charityNumber?: string | null; companyNumber?: string | null },
  ): Promise<string | null> {
    const existing = await manager
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .where('lower(o.name) = lower(:name)', { name: candidate.name.trim() })
      .orWhere('o.charity_number = :charity', { charity: candidate.charityNumber ?? null })
      .orWhere('o.company_number = :company', { company: candidate.companyNumber ?? null })
      .orderBy('o.name', 'ASC')
      .getOne();
    if (!existing) return null;
    if (existing.name.toLowerCase() === candidate.name.trim().toLowerCase())
      return `An organisation called ${existing.name} already exists`;
    if (candidate.charityNumber && existing.charityNumber === candidate.charityNumber)
      return `${existing.name} already has charity number ${candidate.charityNumber}`;
    return `${existing.name} already has company number ${candidate.companyNumber}`;
  }

  /**
   * Creates a non-CRC organisation in the caller's transaction (the framework's approval step),
   * audited; CONFLICT when it would duplicate one.
   */
  async createOrganisationIn(
    manager: EntityManager,
    caller: Caller,
    fields: {
      name: string;
      kind: OrganisationKind;
      charityNumber: string | null;
      companyNumber: string | null;
      website: string | null;
      description: string | null;
    },
  ): Promise<Organisation> {
    const duplicate = await this.duplicateOrganisation(manager, fields);
    if (duplicate) throw new ConflictError(duplicate, 'DUPLICATE');
    const row = await manager.save(
      manager.create(OrganisationEntity, {
        ...fields,
        name: fields.name.trim(),
        crcOwner: null,
        contractPackageAreaCode: null,
      }),
    );
    await this.audit.record(manager, caller, {
      entityType: 'Organisation',
      entityId: row.id,
      organisationId: row.id,
      action: 'CREATED',
      before: null,
      after: row,
    });
    return toOrganisationModel(row);
  }

  /** Whether the organisation's prices appear in the public feed: its own suppliers or ADMIN. */
  async setPublishPricesOpenly(
    caller: Caller,
    id: string,
    publish: boolean,
  ): Promise<Organisation> {
    if (!hasRole(caller, Role.ADMIN) && caller.organisationId !== id) {
      throw new ForbiddenError(
        "Only the organisation's own suppliers (or an admin) can change this",
        'OUT_OF_SCOPE',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(OrganisationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFoundError('Organisation', id);
      const before = { publishPricesOpenly: row.publishPricesOpenly };
      row.publishPricesOpenly = publish;
      await manager.save(row);
      await this.audit.record(manager, caller, {
        entityType: 'Organisation',
        entityId: id,
        organisationId: id,
        action: 'PRICE_PUBLICATION_SET',
        before,
        after: { publishPricesOpenly: publish },
      });
      return toOrganisationModel(row);
    });
  }

  // ---- reading listings ----------------------------------------------------------------------

  async intervention(caller: Caller, id: string): Promise<Intervention> {
    const row = await this.dataSource.getRepository(InterventionEntity).findOneBy({ id });
    if (!row || !canSee(caller, row)) throw new NotFoundError('Intervention', id);
    return toInterventionModel(row);
  }

  /** The request's loader of organisations by id (one query for every provider field of a response). */
  organisationLoader(request: object): DataLoader<string, Organisation | undefined> {
    return requestLoader(request, 'organisationById', (ids: readonly string[]) =>
      this.organisationsByIds(ids),
    );
  }

  /** The request's loader of listings by id, whatever their status (for other modules' fields). */
  interventionLoader(request: object): DataLoader<string, Intervention | undefined> {
    return requestLoader(request, 'interventionById', (ids: readonly string[]) =>
      this.interventionsByIds(ids),
    );
  }

  /** The request's loader of a listing's venues, by position (one query for a whole response). */
  venueLoader(request: object): DataLoader<string, VenueEntity[]> {
    return requestLoader(request, 'venuesByIntervention', async (ids: readonly string[]) =>
      groupByKey(ids, await this.venuesFor(ids), (row: VenueEntity) => row.interventionId),
    );
  }

  /** The request's loader of a listing's price versions, oldest first. */
  priceLoader(request: object): DataLoader<string, InterventionPriceEntity[]> {
    return requestLoader(request, 'pricesByIntervention', async (ids: readonly string[]) =>
      groupByKey(
        ids,
        await this.pricesFor(ids),
        (row: InterventionPriceEntity) => row.interventionId,
      ),
    );
  }

  /**
   * SQL for a JSON array of listings with everything their fields read (provider, price
   * versions, venues), for the listings whose ids are in `idColumn` of `fromTable`: lets a
   * statement that finds listings (the search) return them in the same round trip. Read the
   * result with `primeListings`.
   */
  listingsJsonSql(fromTable: string, idColumn = 'id'): string {
    return `(SELECT COALESCE(json_agg(json_build_object(
        'listing', to_jsonb(li),
        'provider', to_jsonb(lo),
        'prices', (SELECT COALESCE(json_agg(to_jsonb(lp) ORDER BY lp.effective_from), '[]')
                   FROM intervention_price lp WHERE lp.intervention_id = li.id),
        'venues', (SELECT COALESCE(json_agg(to_jsonb(lv) ORDER BY lv.position), '[]')
                   FROM venue lv WHERE lv.intervention_id = li.id))), '[]')
      FROM ${fromTable} JOIN intervention li ON li.id = ${fromTable}.${idColumn}
      JOIN organisation lo ON lo.id = li.provider_id)`;
  }

  /**
   * Reads `listingsJsonSql`'s rows into listings and gives their providers, prices and venues to
   * the request's loaders, so that the response's fields ask no more queries. By id.
   */
  primeListings(request: object, json: ListingJson[]): Map<string, Intervention> {
    const listings = new Map<string, Intervention>();
    const organisations = this.organisationLoader(request);
    const prices = this.priceLoader(request);
    const venues = this.venueLoader(request);
    const byId = this.interventionLoader(request);
    for (const row of json) {
      const listing = toInterventionModel(
        hydrateJson(this.dataSource, InterventionEntity, row.listing),
      );
      listings.set(listing.id, listing);
      byId.prime(listing.id, listing);
      organisations.prime(
        listing.providerId,
        toOrganisationModel(hydrateJson(this.dataSource, OrganisationEntity, row.provider)),
      );
      prices.prime(
        listing.id,
        row.prices.map((p) => hydrateJson(this.dataSource, InterventionPriceEntity, p)),
      );
      venues.prime(
        listing.id,
        row.venues.map((v) => hydrateJson(this.dataSource, VenueEntity, v)),
      );
    }
    return listings;
  }

  /** Listings by id for other modules' fields (a referral's listing), whatever their status. */
  async interventionsByIds(ids: readonly string[]): Promise<(Intervention | undefined)[]> {
    const rows = await this.dataSource
      .getRepository(InterventionEntity)
      .findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, toInterventionModel(row)]));
    return ids.map((id) => byId.get(id));
  }

  async myInterventions(caller: Caller, status?: ListingStatus): Promise<Intervention[]> {
    if (!caller.organisationId) return [];
    const rows = await this.dataSource.getRepository(InterventionEntity).find({
      where: { providerId: caller.organisationId, ...(status ? { status } : {}) },
      order: { title: 'ASC', id: 'ASC' },
    });
    return rows.map(toInterventionModel);
  }

  async venuesFor(interventionIds: readonly string[]): Promise<VenueEntity[]> {
    return this.dataSource.getRepository(VenueEntity).find({
      where: { interventionId: In([...interventionIds]) },
      order: { position: 'ASC' },
    });
  }

  /** Where venues with this postcode are (their average), or null when none has it. */
  async knownPostcodeLocation(postcode: string): Promise<{ lat: number; lng: number } | null> {
    const [row] = await this.dataSource.query<{ lat: number | null; lng: number | null }[]>(
      `SELECT avg(lat) AS lat, avg(lng) AS lng FROM venue WHERE postcode = $1`,
      [normalisePostcode(postcode)],
    );
    return row?.lat == null || row.lng == null
      ? null
      : { lat: Number(row.lat), lng: Number(row.lng) };
  }

  async pricesFor(interventionIds: readonly string[]): Promise<InterventionPriceEntity[]> {
    return this.dataSource.getRepository(InterventionPriceEntity).find({
      where: { interventionId: In([...interventionIds]) },
      order: { effectiveFrom: 'ASC' },
    });
  }

  isStale(listing: Intervention): boolean {
    return isStale(listing.lastConfirmedAt, this.clock.now(), this.config.staleAfterDays);
  }

  /**
   * The provider's listings on sale on `asOf` with the price in force that day, as a buyer saw
   * them. A past day reads the listings' status history: those PUBLISHED at the end of that day
   * (London), including listings withdrawn or suspended since. Today and later read the listings'
   * current status.
   */
  async rateCard(providerId: string, asOf?: string): Promise<RateCard> {
    const provider = await this.organisation(providerId);
    const today = this.clock.today();
    const day = asOf ?? today;
    const query = this.dataSource
      .getRepository(InterventionEntity)
      .createQueryBuilder('i')
      .innerJoinAndMapOne(
        'i.priceOnDay',
        InterventionPriceEntity,
        'p',
        'p.intervention_id = i.id AND p.effective_from <= :day AND (p.effective_to IS NULL OR p.effective_to >= :day)',
        { day },
      )
      .where('i.provider_id = :providerId', { providerId });
    if (day < today) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM listing_status_history h WHERE h.intervention_id = i.id
           AND h.status = :status AND h.valid_from < :dayEnd
           AND (h.valid_to IS NULL OR h.valid_to >= :dayEnd))`,
        { status: ListingStatus.PUBLISHED, dayEnd: londonDayStart(addDays(day, 1)) },
      );
    } else {
      query.andWhere('i.status = :status', { status: ListingStatus.PUBLISHED });
    }
    const rows = await query.orderBy('i.title', 'ASC').addOrderBy('i.id', 'ASC').getMany();
    return {
      provider,
      asOf: day,
      entries: rows.map((row) => ({
        intervention: toInterventionModel(row),
        price: toPriceModel(
          (row as InterventionEntity & { priceOnDay: InterventionPriceEntity }).priceOnDay,
        ),
      })),
    };
  }

  // ---- changing listings ---------------------------------------------------------------------

  async createIntervention(caller: Caller, input: CreateInterventionInput): Promise<Intervention> {
    const providerId = providerForNewListing(caller, input.providerId);
    const venues = await this.checkPlaces(input);
    return this.dataSource.transaction(async (manager) =>
      toInterventionModel(await this.createListingIn(manager, caller, providerId, input, venues)),
    );
  }

  /**
   * Creates a DRAFT listing (and its first price) in the caller's transaction, audited. The
   * caller has checked who may create it (`providerForNewListing`) and its places (`placesOf`).
   */
  async createListingIn(
    manager: EntityManager,
    caller: Caller,
    providerId: string,
    input: CreateInterventionInput,
    venues: ListingVenue[] | undefined,
  ): Promise<InterventionEntity> {
    const today = this.clock.today();
    const provider = await manager.findOneBy(OrganisationEntity, { id: providerId });
    if (!provider) {
      throw new BadUserInputError('Unknown provider', [
        { field: 'input.providerId', message: `no organisation ${providerId}` },
      ]);
    }
    const row = await manager.save(
      manager.create(InterventionEntity, {
        providerId,
        ...this.listingFields(input),
        capacity: input.capacity ?? 0,
        nextStartDate: input.nextStartDate ?? null,
        status: ListingStatus.DRAFT,
        lastConfirmedAt: this.clock.now(),
      }),
    );
    await this.recordStatus(manager, row.id, ListingStatus.DRAFT);
    if (venues?.length)
      await manager.insert(
        VenueEntity,
        venues.map((venue) => ({ ...venue, interventionId: row.id })),
      );
    const audit = { entityType: INTERVENTION, entityId: row.id, organisationId: providerId };
    await this.audit.record(manager, caller, {
      ...audit,
      action: 'CREATED',
      before: null,
      after: { ...row, venues },
    });
    if (input.price) {
      const { from } = planPriceVersion([], input.price.effectiveFrom, today);
      const price = await manager.save(
        manager.create(InterventionPriceEntity, {
          interventionId: row.id,
          ...input.price,
          effectiveFrom: from,
        }),
      );
      await this.audit.record(manager, caller, {
        ...audit,
        action: 'PRICE_SET',
        before: null,
        after: price,
      });
    }
    return row;
  }

  async updateIntervention(
    caller: Caller,
    id: string,
    input: UpdateInterventionInput,
  ): Promise<Intervention> {
    const venues = await this.checkPlaces(input);
    return this.changeListing(caller, id, 'UPDATED', this.updateChange(input, venues));
  }

  /** updateIntervention on a listing the caller has locked (`lockListing`), in its transaction. */
  async updateListingIn(
    manager: EntityManager,
    caller: Caller,
    row: InterventionEntity,
    input: UpdateInterventionInput,
    venues: ListingVenue[] | undefined,
  ): Promise<void> {
    await this.changeLocked(manager, caller, row, 'UPDATED', this.updateChange(input, venues));
  }

  async setPrice(caller: Caller, id: string, input: PriceInput): Promise<Intervention> {
    return this.changeListing(caller, id, 'PRICE_SET', this.priceChange(input));
  }

  /** setPrice on a listing the caller has locked (`lockListing`), in its transaction. */
  async setPriceIn(
    manager: EntityManager,
    caller: Caller,
    row: InterventionEntity,
    input: PriceInput,
  ): Promise<void> {
    await this.changeLocked(manager, caller, row, 'PRICE_SET', this.priceChange(input));
  }

  async setCapacity(
    caller: Caller,
    id: string,
    capacity: number,
    nextStartDate: string | null | undefined,
  ): Promise<Intervention> {
    return this.changeListing(
      caller,
      id,
      'CAPACITY_SET',
      this.capacityChange(capacity, nextStartDate),
    );
  }

  /** setCapacity on a listing the caller has locked (`lockListing`), in its transaction. */
  async setCapacityIn(
    manager: EntityManager,
    caller: Caller,
    row: InterventionEntity,
    capacity: number,
    nextStartDate: string | null | undefined,
  ): Promise<void> {
    await this.changeLocked(
      manager,
      caller,
      row,
      'CAPACITY_SET',
      this.capacityChange(capacity, nextStartDate),
    );
  }

  async changeStatus(caller: Caller, id: string, action: ListingAction): Promise<Intervention> {
    const auditAction = { publish: 'PUBLISHED', suspend: 'SUSPENDED', withdraw: 'WITHDRAWN' }[
      action
    ];
    return this.changeListing(caller, id, auditAction, async (manager, row) => {
      const status = nextListingStatus(row.status, action);
      if (status === ListingStatus.PUBLISHED) {
        await this.compliance.assertSafeguardingInDate(
          manager,
          row.providerId,
          'publish a listing',
        );
        await this.assertPublishable(manager, row);
      }
      const before = { status: row.status };
      row.status = status;
      if (status === ListingStatus.PUBLISHED) row.lastConfirmedAt = this.clock.now();
      await manager.save(row);
      await this.recordStatus(manager, row.id, status);
      return { before, after: { status } };
    });
  }

  async confirm(caller: Caller, id: string): Promise<Intervention> {
    return this.changeListing(caller, id, 'CONFIRMED', async (manager, row) => {
      assertEditable(row.status);
      const before = { lastConfirmedAt: row.lastConfirmedAt };
      row.lastConfirmedAt = this.clock.now();
      await manager.save(row);
      return { before, after: { lastConfirmedAt: row.lastConfirmedAt } };
    });
  }

  /**
   * One use case on one listing: lock its row, check the caller may manage it, apply the change
   * and write its audit event, all in one transaction.
   */
  private async changeListing(
    caller: Caller,
    id: string,
    action: string,
    change: ListingChange,
  ): Promise<Intervention> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lockListing(manager, caller, id);
      await this.changeLocked(manager, caller, row, action, change);
      const fresh = await manager.findOneByOrFail(InterventionEntity, { id });
      return toInterventionModel(fresh);
    });
  }

  /**
   * Starts a status in the listing's history (closing the current one), in the change's
   * transaction: what a past day's rate card reads.
   */
  private async recordStatus(
    manager: EntityManager,
    interventionId: string,
    status: ListingStatus,
  ): Promise<void> {
    const now = this.clock.now();
    await manager
      .createQueryBuilder()
      .update(ListingStatusHistoryEntity)
      .set({ validTo: () => 'greatest(valid_from, :now)' })
      .where('intervention_id = :interventionId AND valid_to IS NULL', { interventionId })
      .setParameter('now', now)
      .execute();
    await manager.insert(ListingStatusHistoryEntity, { interventionId, status, validFrom: now });
  }

  /** Locks a listing's row in the caller's transaction: NOT_FOUND, or FORBIDDEN unless the caller may manage it. */
  async lockListing(
    manager: EntityManager,
    caller: Caller,
    id: string,
  ): Promise<InterventionEntity> {
    const row = await manager.findOne(InterventionEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw new NotFoundError('Intervention', id);
    assertCanManage(caller, row.providerId);
    return row;
  }

  /** Applies a change to a locked listing and writes its audit event. */
  private async changeLocked(
    manager: EntityManager,
    caller: Caller,
    row: InterventionEntity,
    action: string,
    change: ListingChange,
  ): Promise<void> {
    const { before, after } = await change(manager, row);
    await this.audit.record(manager, caller, {
      entityType: INTERVENTION,
      entityId: row.id,
      organisationId: row.providerId,
      action,
      before,
      after,
    });
  }

  private updateChange(
    input: UpdateInterventionInput,
    venues: ListingVenue[] | undefined,
  ): ListingChange {
    return async (manager, row) => {
      assertEditable(row.status);
      const before = {
        ...row,
        venues: await manager.find(VenueEntity, {
          where: { interventionId: row.id },
          order: { position: 'ASC' },
        }),
      };
      Object.assign(row, this.listingFields(input, row), { lastConfirmedAt: this.clock.now() });
      if (row.status === ListingStatus.PUBLISHED)
        await this.assertPublishable(manager, row, venues?.length);
      const saved = await manager.save(row);
      if (venues) await this.replaceVenues(manager, row.id, venues);
      return { before, after: { ...saved, venues: venues ?? before.venues } };
    };
  }

  private priceChange(input: PriceInput): ListingChange {
    return async (manager, row) => {
      assertEditable(row.status);
      const today = this.clock.today();
      const versions = await manager.find(InterventionPriceEntity, {
        where: { interventionId: row.id },
      });
      const plan = planPriceVersion(versions, input.effectiveFrom, today);
      if (plan.kind === 'correct') {
        const version = versions.find((v) => v.id === plan.id)!;
        const before = { ...version };
        Object.assign(version, {
          amountPence: input.amountPence,
          unit: input.unit,
          outcomePaymentPence: input.outcomePaymentPence ?? 0,
        });
        return { before, after: await manager.save(version) };
      }
      const previous = plan.close ? versions.find((v) => v.id === plan.close!.id)! : null;
      const before = previous ? { ...previous } : null;
      if (previous) {
        previous.effectiveTo = plan.close!.effectiveTo;
        await manager.save(previous);
      }
      const created = await manager.save(
        manager.create(InterventionPriceEntity, {
          interventionId: row.id,
          amountPence: input.amountPence,
          unit: input.unit,
          outcomePaymentPence: input.outcomePaymentPence ?? 0,
          effectiveFrom: plan.from,
        }),
      );
      row.lastConfirmedAt = this.clock.now();
      await manager.save(row);
      return { before, after: { closed: previous, added: created } };
    };
  }

  private capacityChange(
    capacity: number,
    nextStartDate: string | null | undefined,
  ): ListingChange {
    return async (manager, row) => {
      assertEditable(row.status);
      const before = { capacity: row.capacity, nextStartDate: row.nextStartDate };
      row.capacity = capacity;
      if (nextStartDate !== undefined) row.nextStartDate = nextStartDate;
      row.lastConfirmedAt = this.clock.now();
      await manager.save(row);
      return { before, after: { capacity: row.capacity, nextStartDate: row.nextStartDate } };
    };
  }

  private async assertPublishable(
    manager: EntityManager,
    row: InterventionEntity,
    venueCount?: number,
  ): Promise<void> {
    const versions = await manager.find(InterventionPriceEntity, {
      where: { interventionId: row.id },
    });
    const venues =
      venueCount ?? (await manager.count(VenueEntity, { where: { interventionId: row.id } }));
    const problems = publishProblems({
      factors: row.factors,
      venues,
      coverage: row.coverage.length,
      hasPriceToday: priceInForce(versions, this.clock.today()) !== undefined,
    });
    if (problems.length > 0) {
      throw new BadUserInputError(
        `The listing cannot be published: ${problems.join('; ')}`,
        problems.map((message) => ({ field: 'id', message })),
        'LISTING_INCOMPLETE',
      );
    }
  }

  /** The listing's own columns from an input, keeping the current values where the input is silent. */
  private listingFields(
    input: UpdateInterventionInput,
    current?: InterventionEntity,
  ): Partial<InterventionEntity> {
    const eligibility = input.eligibility;
    const fields: Partial<InterventionEntity> = {
      title: input.title?.trim(),
      summary: input.summary?.trim(),
      description: input.description?.trim() ?? (current ? undefined : ''),
      factors: input.factors,
      deliveryModes: input.deliveryModes,
      accredited: input.accredited,
      adaptations: input.adaptations,
      coverage: input.coverage,
      eveningSessions: input.eveningSessions,
      weekendSessions: input.weekendSessions,
      durationWeeks: input.durationWeeks,
      sessionCount: input.sessionCount,
      ...(eligibility
        ? {
            sexes: eligibility.sexes ?? [],
            minAge: eligibility.minAge ?? null,
            maxAge: eligibility.maxAge ?? null,
            riskLevels: eligibility.riskLevels ?? [],
            supervisionTypes: eligibility.supervisionTypes ?? [],
            eligibilityNotes: eligibility.notes?.trim() || null,
          }
        : {}),
    };
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  }

  /** Checks PCC area codes against the reference data; returns venues ready to store. */
  private async checkPlaces(input: UpdateInterventionInput): Promise<ListingVenue[] | undefined> {
    const { venues, errors } = await this.placesOf(input);
    if (errors.length > 0) {
      throw new BadUserInputError(
        'The listing is not valid',
        errors.map((e) => ({ ...e, field: `input.${e.field}` })),
      );
    }
    return venues;
  }

  /**
   * The venues to store for an input, and each problem with its PCC area codes and coordinates
   * (fields relative to the input: `coverage.0`, `venues.1.pccAreaCode`).
   */
  async placesOf(
    input: UpdateInterventionInput,
  ): Promise<{ venues: ListingVenue[] | undefined; errors: FieldError[] }> {
    const { pccAreaByCode } = await this.reference.data();
    const errors: FieldError[] = [];
    (input.coverage ?? []).forEach((code, i) => {
      if (!pccAreaByCode.has(code))
        errors.push({ field: `coverage.${i}`, message: `unknown PCC area ${code}` });
    });
    const venues = input.venues?.map((venue: VenueInput, i) => {
      const area = pccAreaByCode.get(venue.pccAreaCode);
      if (!area)
        errors.push({
          field: `venues.${i}.pccAreaCode`,
          message: `unknown PCC area ${venue.pccAreaCode}`,
        });
      if ((venue.lat === undefined) !== (venue.lng === undefined)) {
        errors.push({
          field: `venues.${i}.lat`,
          message: 'give both lat and lng, or neither',
        });
      }
      if (venue.lat !== undefined && (venue.lat < UK.minLat || venue.lat > UK.maxLat)) {
        errors.push({
          field: `venues.${i}.lat`,
          message: `lat must be in the UK (${UK.minLat} to ${UK.maxLat})`,
        });
      }
      if (venue.lng !== undefined && (venue.lng < UK.minLng || venue.lng > UK.maxLng)) {
        errors.push({
          field: `venues.${i}.lng`,
          message: `lng must be in the UK (${UK.minLng} to ${UK.maxLng})`,
        });
      }
      return {
        name: venue.name.trim(),
        postcode: normalisePostcode(venue.postcode),
        pccAreaCode: venue.pccAreaCode,
        lat: venue.lat ?? area?.centroid.lat ?? 0,
        lng: venue.lng ?? area?.centroid.lng ?? 0,
        position: i,
      };
    });
    return { venues, errors };
  }

  /** Stores a listing's resent venues: the same venue keeps its id (see `matchVenues`). */
  private async replaceVenues(
    manager: EntityManager,
    interventionId: string,
    venues: ListingVenue[],
  ): Promise<void> {
    const stored = await manager.find(VenueEntity, { where: { interventionId } });
    const { keep, add, remove } = matchVenues(stored, venues);
    if (remove.length > 0) await manager.delete(VenueEntity, { id: In(remove) });
    for (const { id, venue } of keep) await manager.update(VenueEntity, { id }, venue);
    if (add.length > 0)
      await manager.insert(
        VenueEntity,
        add.map((venue) => ({ ...venue, interventionId })),
      );
  }
}
