import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { BadUserInputError, FieldError, NotFoundError } from '../common/errors';
import { ComplianceService } from '../framework/compliance.service';
import { ReferenceService } from '../reference/reference.service';
import { isCoFunderKind, ListingStatus } from './catalogue.enums';
import {
  CreateInterventionInput,
  PriceInput,
  UpdateInterventionInput,
  VenueInput,
} from './catalogue.inputs';
import { Intervention } from './catalogue.models';
import { assertCanManage, providerForNewListing } from './catalogue.policy';
import { normalisePostcode, toInterventionModel } from './catalogue-read-model';
import {
  InterventionEntity,
  InterventionPriceEntity,
  ListingStatusHistoryEntity,
  VenueEntity,
} from './intervention.entity';
import {
  assertEditable,
  ListingAction,
  nextListingStatus,
  publishProblems,
  rationaleProblem,
} from './listing-rules';
import { OrganisationEntity } from './organisation.entity';
import { planPriceVersion, priceInForce } from './pricing';
import { matchVenues } from './venue-identity';

const INTERVENTION = 'Intervention';

/** A venue ready to store under a listing. */
export type ListingVenue = Omit<VenueEntity, 'id' | 'interventionId'>;

/** One change to a locked listing: what it was and what it became, for the audit trail. */
type ListingChange = (
  manager: EntityManager,
  row: InterventionEntity,
) => Promise<{ before: object | null; after: object | null }>;
/** The box venues must lie in (the venue table checks it too). */
const UK = { minLat: 49.8, maxLat: 60.9, minLng: -8.7, maxLng: 1.8 };

/**
 * Changing listings: create, update, price, capacity, status and confirmation. Every change checks
 * who may make it, validates it against the reference data, and writes the change and its audit
 * event in one transaction with the listing's row locked.
 */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly compliance: ComplianceService,
  ) {}

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
    if (isCoFunderKind(provider.kind)) {
      throw new BadUserInputError(
        'A co-funder does not provide interventions',
        [
          {
            field: 'input.providerId',
            message: `${provider.name} is a co-funder (${provider.kind}), not a provider: it cannot have listings`,
          },
        ],
        'NOT_A_PROVIDER',
      );
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

  /**
   * Sets who delivers a locked listing for its provider (a subcontractor under `subcontractId`),
   * or clears it (`null`), with its audit event, in the caller's transaction. The supply chains
   * module decides whether the subcontract may carry the listing.
   */
  async setDeliverer(
    manager: EntityManager,
    caller: Caller,
    row: InterventionEntity,
    deliverer: { deliveredById: string; subcontractId: string } | null,
  ): Promise<Intervention> {
    await this.changeLocked(manager, caller, row, 'DELIVERER_SET', async () => {
      const before = { deliveredById: row.deliveredById, subcontractId: row.subcontractId };
      const after = {
        deliveredById: deliverer?.deliveredById ?? null,
        subcontractId: deliverer?.subcontractId ?? null,
      };
      await manager.update(InterventionEntity, { id: row.id }, after);
      return { before, after };
    });
    return toInterventionModel(await manager.findOneByOrFail(InterventionEntity, { id: row.id }));
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
        await this.assertPublishable(manager, row, venues?.length, 'input.');
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
    fieldPrefix = '',
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
    const provider = await manager.findOneByOrFail(OrganisationEntity, { id: row.providerId });
    const rationale = rationaleProblem(provider.kind, row.rationale);
    const fieldErrors = problems.map((message) => ({ field: 'id', message }));
    if (rationale) fieldErrors.push({ field: `${fieldPrefix}rationale`, message: rationale });
    if (problems.length > 0) {
      throw new BadUserInputError(
        `The listing cannot be published: ${[...problems, ...(rationale ? [rationale] : [])].join('; ')}`,
        fieldErrors,
        'LISTING_INCOMPLETE',
      );
    }
    if (rationale) {
      throw new BadUserInputError(
        `The listing cannot be published: ${rationale}`,
        fieldErrors,
        'RATIONALE_REQUIRED',
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
      rationale: input.rationale === undefined ? undefined : input.rationale?.trim() || null,
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
