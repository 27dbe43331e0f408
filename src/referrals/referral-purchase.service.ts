import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Caller } from '../auth/caller';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import { ListingStatus } from '../catalogue/catalogue.enums';
import { eligibilityFailures } from '../catalogue/eligibility';
import { PlacesService } from '../catalogue/places.service';
import { unitsProblem } from '../catalogue/pricing';
import { Clock } from '../common/clock';
import {
  BadUserInputError,
  ConflictError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors';
import { inTransaction } from '../common/transaction';
import { DesiredOutcome } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { SupplyChainsService } from '../supply-chains/supply-chains.service';
import { BudgetService } from './budget.service';
import { financialYearOf } from './financial-year';
import { referralArea } from './referral-area';
import { ReferralTransitionsService } from './referral-transitions.service';
import { ReferralStatus } from './referral-status';
import { ReferralDesiredOutcomeEntity, ReferralEntity } from './referral.entity';
import { CreateReferralInput } from './referrals.inputs';
import { Referral } from './referrals.models';
import { ReferralsService } from './referrals.service';
import { purchaseCommitment } from './settlement';

export class NoPlacesLeftError extends ConflictError {
  constructor(message: string) {
    super(message, 'NO_PLACES_LEFT');
  }
}
export class ListingNotPublishedError extends ConflictError {
  constructor(message: string) {
    super(message, 'LISTING_NOT_PUBLISHED');
  }
}

/** A stable fingerprint of a purchase, to tell a retry from a different purchase under one key. */
function requestHash(input: CreateReferralInput): string {
  const canonical = {
    interventionId: input.interventionId,
    crn: input.crn,
    person: input.person,
    targetFactors: [...input.targetFactors].sort(),
    desiredOutcomes: [...input.desiredOutcomes].sort(),
    complexity: input.complexity,
    units: input.units ?? 1,
    notes: input.notes ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError =
    error instanceof QueryFailedError
      ? (error.driverError as { code?: string; constraint?: string })
      : undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}

/**
 * Buying places. A purchase takes a place and commits the cost against the division's budget in
 * one transaction with conditional updates, so that neither can be oversold under any
 * concurrency; a retry under the same idempotency key answers with the same referral.
 */
@Injectable()
export class ReferralPurchaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly budgets: BudgetService,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly transitions: ReferralTransitionsService,
    private readonly referrals: ReferralsService,
    private readonly catalogue: CatalogueReadModel,
    private readonly supplyChains: SupplyChainsService,
  ) {}

  async purchase(
    caller: Caller,
    input: CreateReferralInput,
    idempotencyKey: string,
  ): Promise<Referral> {
    if (!caller.divisionCode)
      throw new ForbiddenError('Your token names no division to buy for', 'TOKEN_HAS_NO_DIVISION');
    if (!/^[\w.:-]{1,200}$/.test(idempotencyKey)) {
      throw new BadUserInputError('The idempotency key is not valid', [
        {
          field: 'idempotencyKey',
          message: 'idempotencyKey must be 1-200 letters, digits, or . _ : -',
        },
      ]);
    }
    const hash = requestHash(input);
    const earlier = await this.replay(caller, idempotencyKey, hash);
    if (earlier) return earlier;

    // Reference data is read once per process on its own connection: never inside a transaction
    // (the embedded database has one connection).
    await this.reference.data();
    try {
      const id = await inTransaction(this.dataSource, (manager) =>
        this.buy(manager, caller, input, idempotencyKey, hash),
      );
      return this.referrals.load(id);
    } catch (error) {
      // Two requests with the same key raced: the loser's transaction rolled back; answer as a retry.
      if (isUniqueViolation(error, 'referral_idempotency_key')) {
        const winner = await this.replay(caller, idempotencyKey, hash);
        if (winner) return winner;
      }
      throw error;
    }
  }

  private async replay(
    caller: Caller,
    idempotencyKey: string,
    hash: string,
  ): Promise<Referral | undefined> {
    const existing = await this.dataSource
      .getRepository(ReferralEntity)
      .findOneBy({ createdBy: caller.id, idempotencyKey });
    if (!existing) return undefined;
    if (existing.requestHash !== hash) {
      throw new ConflictError(
        'This idempotencyKey was already used for a different purchase',
        'IDEMPOTENCY_KEY_REUSED',
      );
    }
    return this.referrals.load(existing.id);
  }

  private async buy(
    manager: EntityManager,
    caller: Caller,
    input: CreateReferralInput,
    idempotencyKey: string,
    hash: string,
  ): Promise<string> {
    const today = this.clock.today();
    const toBuy = await this.catalogue.listingToBuy(manager, input.interventionId, today);
    if (!toBuy || toBuy.listing.status === ListingStatus.DRAFT)
      throw new NotFoundError('Intervention', input.interventionId);
    const { listing, venueAreas, price } = toBuy;
    if (listing.status !== ListingStatus.PUBLISHED) {
      throw new ListingNotPublishedError(
        `The listing is ${listing.status}: only PUBLISHED listings can be bought`,
      );
    }
    // A subcontractor's listing is bought only while its subcontract is in force.
    await this.supplyChains.assertMayBuyUnder(manager, listing.subcontractId);
    const failures = [
      ...eligibilityFailures(listing.eligibility, input.person).map((message) => ({
        field: `input.person.${message.split(':')[0]}`,
        message,
      })),
      ...input.targetFactors
        .filter((factor) => !listing.factors.includes(factor))
        .map((factor) => ({
          field: 'input.targetFactors',
          message: `${factor} is not among the listing's factors (${listing.factors.join(', ')})`,
        })),
    ];
    const { pccAreaByCode, divisionByCode } = await this.reference.data();
    if (input.pccAreaCode !== undefined && !pccAreaByCode.has(input.pccAreaCode)) {
      failures.push({
        field: 'input.pccAreaCode',
        message: `unknown PCC area ${input.pccAreaCode}`,
      });
    }
    const outcomes = await this.reference.desiredOutcomesByIds(input.desiredOutcomes);
    failures.push(...desiredOutcomeFailures(input, outcomes));
    if (failures.length > 0)
      throw new BadUserInputError(
        'The person or the purpose does not fit this listing',
        failures,
        'DOES_NOT_FIT_LISTING',
      );
    const pccAreaCode = referralArea({
      requested: input.pccAreaCode,
      venueAreas,
      coverage: listing.coverageCodes,
      divisionAreas: (divisionByCode.get(caller.divisionCode!)?.pccAreas ?? [])
        .map((a) => a.code)
        .sort(),
    });

    if (!price)
      throw new ConflictError('The listing has no price in force today', 'NO_PRICE_IN_FORCE');
    const units = input.units ?? 1;
    const unitsFailure = unitsProblem(price.unit, units, listing);
    if (unitsFailure) {
      throw new BadUserInputError(
        'The units do not fit the price',
        [{ field: 'input.units', message: unitsFailure }],
        'UNITS_OUT_OF_RANGE',
      );
    }
    const cost = purchaseCommitment(price, units, outcomes.length);
    const financialYear = financialYearOf(today);

    // Lock order, here and in every transition: the listing's row, then one funding pot's row or
    // the budget's (never both). The funding is only chosen here; its row, which every purchase
    // of the division may need, is locked by the purchase's last write (below), held only until
    // the commit that follows.
    if (!(await this.places.take(manager, listing.id))) {
      throw new NoPlacesLeftError('No places are free on this listing');
    }
    // The fee and the most the outcome payments can come to, from the most specific funding pot
    // that can pay it all, else the division's budget: neither can ever be overrun.
    const fundingPotId = await this.budgets.fundingFor(
      manager,
      caller.divisionCode!,
      financialYear,
      { targetFactors: input.targetFactors, pccAreaCode },
      cost.commitPence,
    );

    const referral = await manager.save(
      manager.create(ReferralEntity, {
        interventionId: listing.id,
        providerId: listing.providerId,
        deliveredById: listing.deliveredById,
        divisionCode: caller.divisionCode!,
        crn: input.crn,
        personSex: input.person.sex,
        personAge: input.person.age,
        personRiskLevel: input.person.riskLevel,
        personSupervisionType: input.person.supervisionType,
        targetFactors: input.targetFactors,
        pccAreaCode,
        units,
        priceAmountPence: price.amountPence,
        priceUnit: price.unit,
        totalPence: cost.totalPence,
        outcomePaymentPence: price.outcomePaymentPence,
        outcomePaymentMaxPence: cost.outcomePaymentMaxPence,
        complexity: input.complexity,
        financialYear,
        fundingPotId,
        status: ReferralStatus.SUBMITTED,
        notes: input.notes?.trim() || null,
        createdBy: caller.id,
        idempotencyKey,
        requestHash: hash,
        // The clock's now, not the database's: days to start and the financial year agree with it.
        createdAt: this.clock.now(),
      }),
    );
    await manager.insert(
      ReferralDesiredOutcomeEntity,
      outcomes.map((o) => ({ referralId: referral.id, desiredOutcomeId: o.id, factor: o.factor })),
    );
    await this.transitions.recordStatus(manager, referral, ReferralStatus.SUBMITTED, caller, null, {
      interventionId: listing.id,
      providerId: listing.providerId,
      divisionCode: referral.divisionCode,
      fundingPotId,
    });
    await this.budgets.commitFundingTo(
      manager,
      fundingPotId,
      caller.divisionCode!,
      financialYear,
      cost.commitPence,
    );
    return referral.id;
  }
}

/**
 * Desired outcomes must be current, each of a target factor, with at least one per target factor.
 * `found` are the ones that exist (unknown ids are missing from it).
 */
export function desiredOutcomeFailures(
  input: Pick<CreateReferralInput, 'desiredOutcomes' | 'targetFactors'>,
  found: DesiredOutcome[],
): FieldError[] {
  const byId = new Map(found.map((o) => [o.id, o]));
  const failures: FieldError[] = [];
  input.desiredOutcomes.forEach((id, i) => {
    const outcome = byId.get(id);
    const field = `input.desiredOutcomes.${i}`;
    if (!outcome) failures.push({ field, message: `${id} is not a desired outcome` });
    else if (outcome.retiredOn)
      failures.push({ field, message: `"${outcome.description}" is retired` });
    else if (!input.targetFactors.includes(outcome.factor))
      failures.push({
        field,
        message: `"${outcome.description}" belongs to ${outcome.factor}, not a target factor`,
      });
  });
  for (const factor of input.targetFactors) {
    if (!found.some((o) => o.factor === factor && input.desiredOutcomes.includes(o.id))) {
      failures.push({
        field: 'input.desiredOutcomes',
        message: `Name at least one desired outcome for ${factor}`,
      });
    }
  }
  return failures;
}
