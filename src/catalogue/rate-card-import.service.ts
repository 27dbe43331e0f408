import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { Clock } from '../common/clock';
import { BadUserInputError, DomainError, ForbiddenError } from '../common/errors';
import {
  CreateInterventionInput,
  PriceInput,
  SetCapacityArgs,
  UpdateInterventionInput,
} from './catalogue.inputs';
import { assertCanManage, providerForNewListing } from './catalogue.policy';
import { ListingsService, ListingVenue } from './listings.service';
import { InterventionEntity, InterventionPriceEntity } from './intervention.entity';
import { assertEditable } from './listing-rules';
import { OrganisationEntity } from './organisation.entity';
import { planPriceVersion, priceInForce } from './pricing';
import {
  changesNothing,
  createInputOf,
  missingForNew,
  parseRateCard,
  problemOf,
  RateCardProblem,
  RowInputs,
  rowInputs,
  sortProblems,
  validateAs,
} from './rate-card-import';

/** What an import did, or would do: counts are 0 whenever there is any problem. */
export interface RateCardImportResult {
  created: number;
  updated: number;
  errors: RateCardProblem[];
  dryRun: boolean;
}

/** One checked row, ready to write. */
type PlannedRow =
  | {
      kind: 'create';
      row: number;
      providerId: string;
      input: CreateInterventionInput;
      venues: ListingVenue[] | undefined;
    }
  | {
      kind: 'update';
      row: number;
      id: string;
      input: UpdateInterventionInput | undefined;
      venues: ListingVenue[] | undefined;
      capacity: { capacity: number; nextStartDate?: string | null } | undefined;
      price: PriceInput | undefined;
    };

/** A row that failed while being written (the state changed since it was checked). */
class RowWriteFailure extends Error {
  constructor(
    readonly problems: RateCardProblem[],
    readonly error: DomainError,
  ) {
    super(error.message);
  }
}

/**
 * Imports a supplier's rate card from CSV: every row is checked first (the API's own validation,
 * the reference data, who owns each listing, the price rules), and only a file with no problem
 * at all is written, in one transaction, each change audited as the single-listing mutations
 * audit it.
 */
@Injectable()
export class RateCardImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listingsService: ListingsService,
    private readonly clock: Clock,
  ) {}

  async importRateCard(caller: Caller, csv: string, dryRun = false): Promise<RateCardImportResult> {
    if (!hasRole(caller, Role.ADMIN) && !(hasRole(caller, Role.SUPPLIER) && caller.organisationId))
      throw new ForbiddenError(
        'Only suppliers with an organisation (or admins) can import rate cards',
        'TOKEN_HAS_NO_ORGANISATION',
      );
    const parsed = parseRateCard(csv);
    const problems = [...parsed.problems];
    const planned: PlannedRow[] = [];

    const ids = [...new Set(parsed.rows.flatMap(({ cells }) => (cells.id ? [cells.id] : [])))];
    const existing = await this.listings(ids);
    const providerIds = [
      ...new Set([
        ...(caller.organisationId ? [caller.organisationId] : []),
        ...parsed.rows.flatMap(({ cells }) => (cells.provider_id ? [cells.provider_id] : [])),
      ]),
    ];
    const providers = await this.providers(providerIds);
    const firstRowOfId = new Map<string, number>();

    for (const source of parsed.rows) {
      const id = source.cells.id;
      const current = id ? existing.get(id) : undefined;
      const inputs = rowInputs(source, current?.row);
      const rowProblems = [...inputs.problems];
      if (id && inputs.id) {
        const first = firstRowOfId.get(id);
        if (first !== undefined) {
          rowProblems.push({
            row: source.row,
            column: 'id',
            message: `listing ${id} is also on row ${first}: give each listing one row`,
          });
        } else firstRowOfId.set(id, source.row);
      }
      const plan = inputs.id
        ? await this.checkUpdate(caller, inputs, current, rowProblems)
        : await this.checkCreate(caller, inputs, providers, rowProblems);
      problems.push(...rowProblems);
      if (plan && rowProblems.length === 0) planned.push(plan);
    }

    const created = planned.filter((plan) => plan.kind === 'create').length;
    const updated = planned.length - created;
    if (problems.length > 0)
      return { created: 0, updated: 0, errors: sortProblems(problems), dryRun };
    if (dryRun) return { created, updated, errors: [], dryRun };

    try {
      await this.write(caller, planned);
    } catch (error) {
      if (error instanceof RowWriteFailure)
        return { created: 0, updated: 0, errors: error.problems, dryRun };
      throw error;
    }
    return { created, updated, errors: [], dryRun };
  }

  // ---- checking ------------------------------------------------------------------------------

  private async checkCreate(
    caller: Caller,
    inputs: RowInputs,
    providers: Set<string>,
    problems: RateCardProblem[],
  ): Promise<PlannedRow | undefined> {
    const { row } = inputs;
    let providerId: string | undefined;
    if (hasRole(caller, Role.ADMIN) && !inputs.providerId) {
      problems.push({
        row,
        column: 'provider_id',
        message: 'provider_id is required when an admin imports a rate card',
      });
    } else {
      try {
        providerId = providerForNewListing(caller, inputs.providerId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        problems.push({ row, column: 'provider_id', message: error.message });
      }
    }
    problems.push(...missingForNew(inputs));
    const { value: input, problems: invalid } = await validateAs(
      CreateInterventionInput,
      createInputOf(inputs),
      row,
    );
    problems.push(...newProblems(problems, invalid));
    if (
      providerId &&
      !invalid.some((p) => p.column === 'provider_id') &&
      !providers.has(providerId)
    )
      problems.push({ row, column: 'provider_id', message: `no organisation ${providerId}` });
    // The reference data is checked whatever else is wrong: the report lists every problem.
    const venues = await this.places(input, row, problems);
    if (input.price && !hasPriceProblem(problems)) {
      const today = this.clock.today();
      this.checkPrice(() => planPriceVersion([], input.price!.effectiveFrom, today), row, problems);
    }
    return providerId ? { kind: 'create', row, providerId, input, venues } : undefined;
  }

  private async checkUpdate(
    caller: Caller,
    inputs: RowInputs,
    current: ExistingListing | undefined,
    problems: RateCardProblem[],
  ): Promise<PlannedRow | undefined> {
    const { row, id } = inputs;
    if (!id || !current) {
      if (id) problems.push({ row, column: 'id', message: `Intervention ${id} was not found` });
      return undefined;
    }
    const listing = current.row;
    try {
      assertCanManage(caller, listing.providerId);
      assertEditable(listing.status);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ row, column: 'id', message: error.message });
      return undefined;
    }
    if (hasRole(caller, Role.ADMIN) && !inputs.providerId) {
      problems.push({
        row,
        column: 'provider_id',
        message: 'provider_id is required when an admin imports a rate card',
      });
    } else if (inputs.providerId && inputs.providerId !== listing.providerId) {
      problems.push({
        row,
        column: 'provider_id',
        message: `listing ${id} belongs to provider ${listing.providerId}, not ${inputs.providerId}: a listing cannot move between providers`,
      });
    }
    if (changesNothing(inputs)) {
      problems.push({
        row,
        column: null,
        message: 'the row changes nothing: fill in the columns to change besides id',
      });
      return undefined;
    }

    let input: UpdateInterventionInput | undefined;
    let venues: ListingVenue[] | undefined;
    if (Object.keys(inputs.listing).length > 0) {
      const checked = await validateAs(UpdateInterventionInput, inputs.listing, row);
      problems.push(...newProblems(problems, checked.problems));
      input = checked.value;
      venues = await this.places(input, row, problems);
    }

    let capacity: { capacity: number; nextStartDate?: string | null } | undefined;
    if (inputs.capacity !== undefined || inputs.nextStartDate !== undefined) {
      const checked = await validateAs(
        SetCapacityArgs,
        {
          id,
          capacity: inputs.capacity ?? listing.capacity,
          ...(inputs.nextStartDate !== undefined ? { nextStartDate: inputs.nextStartDate } : {}),
        },
        row,
      );
      problems.push(...newProblems(problems, checked.problems));
      capacity = checked.value;
    }

    let price: PriceInput | undefined;
    if (inputs.price) {
      const checked = await validateAs(PriceInput, inputs.price, row, 'price');
      problems.push(...newProblems(problems, checked.problems));
      if (
        checked.problems.length === 0 &&
        !samePrice(current.prices, checked.value, this.clock.today())
      ) {
        price = checked.value;
        const today = this.clock.today();
        this.checkPrice(
          () => planPriceVersion(current.prices, price!.effectiveFrom, today),
          row,
          problems,
        );
      }
    }
    return { kind: 'update', row, id, input, venues, capacity, price };
  }

  /** The PCC area codes of the row's coverage and venues against the reference data. */
  private async places(
    input: UpdateInterventionInput,
    row: number,
    problems: RateCardProblem[],
  ): Promise<ListingVenue[] | undefined> {
    const { venues, errors } = await this.listingsService.placesOf(input);
    problems.push(...errors.map((error) => problemOf(row, error)));
    return venues;
  }

  private checkPrice(plan: () => unknown, row: number, problems: RateCardProblem[]): void {
    try {
      plan();
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      problems.push(
        ...error.fieldErrors.map((e) =>
          problemOf(row, { ...e, field: `price.${e.field.replace(/^input\./, '')}` }),
        ),
      );
    }
  }

  private async listings(ids: string[]): Promise<Map<string, ExistingListing>> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(InterventionEntity).findBy({ id: In(valid) });
    const prices = await this.dataSource
      .getRepository(InterventionPriceEntity)
      .findBy({ interventionId: In(valid) });
    return new Map(
      rows.map((row) => [
        row.id,
        { row, prices: prices.filter((p) => p.interventionId === row.id) },
      ]),
    );
  }

  private async providers(ids: string[]): Promise<Set<string>> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Set();
    const rows = await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(valid) });
    return new Set(rows.map((row) => row.id));
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Every row in one transaction; the listings to update are locked first, in id order. */
  private async write(caller: Caller, planned: PlannedRow[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const ids = planned.flatMap((plan) => (plan.kind === 'update' ? [plan.id] : []));
      const locked = new Map(
        ids.length === 0
          ? []
          : (
              await manager.find(InterventionEntity, {
                where: { id: In(ids) },
                order: { id: 'ASC' },
                lock: { mode: 'pessimistic_write' },
              })
            ).map((row) => [row.id, row]),
      );
      for (const plan of planned) {
        try {
          if (plan.kind === 'create') {
            await this.listingsService.createListingIn(
              manager,
              caller,
              plan.providerId,
              plan.input,
              plan.venues,
            );
            continue;
          }
          const row =
            locked.get(plan.id) ??
            (await this.listingsService.lockListing(manager, caller, plan.id));
          assertCanManage(caller, row.providerId);
          if (plan.input)
            await this.listingsService.updateListingIn(
              manager,
              caller,
              row,
              plan.input,
              plan.venues,
            );
          if (plan.capacity)
            await this.listingsService.setCapacityIn(
              manager,
              caller,
              row,
              plan.capacity.capacity,
              plan.capacity.nextStartDate,
            );
          if (plan.price) await this.listingsService.setPriceIn(manager, caller, row, plan.price);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const problems =
            error instanceof BadUserInputError && error.fieldErrors.length > 0
              ? error.fieldErrors.map((e) => problemOf(plan.row, e))
              : [
                  {
                    row: plan.row,
                    column: plan.kind === 'update' ? 'id' : null,
                    message: error.message,
                  },
                ];
          throw new RowWriteFailure(problems, error);
        }
      }
    });
  }
}

interface ExistingListing {
  row: InterventionEntity;
  prices: InterventionPriceEntity[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validation problems on columns that do not already have one (a cell that could not be read). */
function newProblems(known: RateCardProblem[], found: RateCardProblem[]): RateCardProblem[] {
  const columns = new Set(known.filter((p) => p.column).map((p) => p.column));
  return found.filter((p) => !p.column || !columns.has(p.column));
}

function hasPriceProblem(problems: RateCardProblem[]): boolean {
  return problems.some((p) => p.column?.startsWith('price_'));
}

/** The price the row gives is the one already in force on its day: nothing to change. */
function samePrice(versions: InterventionPriceEntity[], price: PriceInput, today: string): boolean {
  const version = priceInForce(versions, price.effectiveFrom ?? today);
  return (
    version !== undefined &&
    version.amountPence === price.amountPence &&
    version.unit === price.unit &&
    version.outcomePaymentPence === (price.outcomePaymentPence ?? 0) &&
    (price.effectiveFrom === undefined || version.effectiveFrom === price.effectiveFrom)
  );
}
