import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Caller } from '../auth/caller';
import { AppConfig } from '../config/app-config';
import { Clock, londonDayStart } from '../common/clock';
import { addDays } from '../common/calendar';
import { keysetPage, readKeyset, readPage } from '../common/paging';
import { groupByKey, requestLoader } from '../common/request-loaders';
import { hydrateJson } from '../database/hydrate-json';
import { NotFoundError } from '../common/errors';
import { ListingStatus } from './catalogue.enums';
import { MY_LISTING_PAGES, MyInterventionsArgs } from './catalogue.inputs';
import {
  Intervention,
  InterventionConnection,
  Organisation,
  Price,
  RateCard,
} from './catalogue.models';
import { canSee } from './catalogue.policy';
import { InterventionEntity, InterventionPriceEntity, VenueEntity } from './intervention.entity';
import { isStale, staleFrom } from './listing-rules';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationsService, toOrganisationModel } from './organisations.service';
import { priceInForce, priceInForceSql } from './pricing';

/**
 * One row of `CatalogueReadModel.listingsJsonSql`: a listing and its related rows, as JSON (the
 * parts asked for).
 */
export interface ListingJson {
  listing: Record<string, unknown>;
  provider: Record<string, unknown>;
  /** The subcontractor delivering it, when one does. */
  deliverer?: Record<string, unknown> | null;
  prices?: Record<string, unknown>[];
  /** The price version in force on the day asked for, when only that was asked for. */
  price?: Record<string, unknown> | null;
  venues?: Record<string, unknown>[];
}

/** Which of a listing's related rows `listingsJsonSql` returns besides its provider. */
export interface ListingParts {
  deliverer: boolean;
  /**
   * The listing's price versions: every one (`history`), only the one in force on the day the
   * statement is for (`today`: what the `price` field reads), or none.
   */
  prices: 'history' | 'today' | false;
  venues: boolean;
  /**
   * The listing's columns to return (`listingColumnsFor`); undefined: the whole row. A listing
   * read in part is given to no loader: only the fields it was read for may read it.
   */
  columns?: readonly string[];
  /**
   * The provider's columns to return (`organisationColumnsFor`), only with `columns`; undefined:
   * the whole row. A provider read in part goes with its listing (`providerAsRead`), to no loader.
   */
  providerColumns?: readonly string[];
}

/** The columns every listing read in part has: its identity and who sells and delivers it. */
const LISTING_KEY_COLUMNS = ['id', 'provider_id', 'delivered_by_id', 'subcontract_id', 'status'];

/** The eligibility rule's columns (`eligibility` and `eligibilityFor` read them all). */
const ELIGIBILITY_COLUMNS = [
  'sexes',
  'min_age',
  'max_age',
  'risk_levels',
  'supervision_types',
  'eligibility_notes',
];

/**
 * The listing's columns each field of `Intervention` reads: its own, or those its resolver reads
 * (`toInterventionModel` names them). A field that is not here reads the whole row, so a new
 * field answers right before it is added here; a field's resolver that starts reading another
 * column must add it here (test/search.e2e-spec.ts asks every field alone of a search and of the
 * listing itself).
 */
export const LISTING_FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  __typename: [],
  id: [],
  status: [],
  title: ['title'],
  summary: ['summary'],
  description: ['description'],
  factors: ['factors'],
  deliveryModes: ['delivery_modes'],
  accredited: ['accredited'],
  eligibility: ELIGIBILITY_COLUMNS,
  eligibilityFor: ELIGIBILITY_COLUMNS,
  adaptations: ['adaptations'],
  rationale: ['rationale'],
  coverage: ['coverage'],
  eveningSessions: ['evening_sessions'],
  weekendSessions: ['weekend_sessions'],
  durationWeeks: ['duration_weeks'],
  sessionCount: ['session_count'],
  capacity: ['capacity'],
  placesAvailable: ['capacity', 'places_held'],
  nextStartDate: ['next_start_date'],
  lastConfirmedAt: ['last_confirmed_at'],
  stale: ['last_confirmed_at'],
  staleFrom: ['last_confirmed_at'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  // Resolved through the request's loaders or rules on the key columns.
  provider: [],
  deliveredBy: [],
  canManage: [],
  venues: [],
  price: [],
  priceHistory: [],
  contribution: [],
};

/**
 * The organisation's columns each field of `Organisation` reads, as `LISTING_FIELD_COLUMNS` for
 * listings (test/search.e2e-spec.ts asks each of a search's providers).
 */
export const ORGANISATION_FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  __typename: [],
  id: [],
  name: ['name'],
  kind: ['kind'],
  crcOwner: ['crc_owner'],
  charityNumber: ['charity_number'],
  companyNumber: ['company_number'],
  website: ['website'],
  description: ['description'],
  publishPricesOpenly: ['publish_prices_openly'],
  contractPackageArea: ['contract_package_area_code'],
  createdAt: ['created_at'],
  // Resolved through the request's loaders, by id.
  contribution: [],
  declarations: [],
};

/** The columns of `byField` that `fields` read, with `keys`, sorted; undefined for a field not there. */
function columnsFor(
  byField: Readonly<Record<string, readonly string[]>>,
  keys: readonly string[],
  fields: ReadonlySet<string>,
): string[] | undefined {
  const columns = new Set(keys);
  for (const field of fields) {
    const read = byField[field];
    if (read === undefined) return undefined;
    read.forEach((column) => columns.add(column));
  }
  // In one order whatever the query's, so that each set of columns is one statement's text (one
  // prepared statement).
  return [...columns].sort();
}

/**
 * The listing's columns that the fields a query selects read (by field name, as `selectedFields`
 * gives them), or undefined for the whole row (a field not in `LISTING_FIELD_COLUMNS`). A page
 * of search results that shows a title and a price needs a few of the listing's thirty columns:
 * the rest cost the database to put into JSON and the service to parse and convert.
 */
export function listingColumnsFor(fields: ReadonlySet<string>): string[] | undefined {
  return columnsFor(LISTING_FIELD_COLUMNS, LISTING_KEY_COLUMNS, fields);
}

/** The same for an organisation's fields (`ORGANISATION_FIELD_COLUMNS`). */
export function organisationColumnsFor(fields: ReadonlySet<string>): string[] | undefined {
  return columnsFor(ORGANISATION_FIELD_COLUMNS, ['id'], fields);
}

/**
 * The parts that the listing fields a query selects read (by field name, as
 * `selectedFields` gives them; `providerFields`: those selected of its provider): a field that
 * needs a part left out still answers, through its loader, at the cost of one more statement.
 */
export function listingPartsFor(
  fields: ReadonlySet<string>,
  providerFields: ReadonlySet<string>,
): ListingParts {
  const columns = listingColumnsFor(fields);
  return {
    deliverer: fields.has('deliveredBy'),
    prices: fields.has('priceHistory') ? 'history' : fields.has('price') ? 'today' : false,
    venues: fields.has('venues'),
    columns,
    providerColumns: columns && organisationColumnsFor(providerFields),
  };
}

/**
 * SQL for the JSON of the row aliased `alias`, keyed by column name: only `columns` (names from
 * the maps above, never from input), or all of them.
 */
function jsonOfRow(alias: string, columns: readonly string[] | undefined): string {
  return columns
    ? `jsonb_build_object(${columns.map((c) => `'${c}', ${alias}.${c}`).join(', ')})`
    : `to_jsonb(${alias})`;
}

/** The key of a listing's price on a day (`CatalogueReadModel.priceInForceLoader`). */
export function priceOnDayKey(listingId: string, day: string): string {
  return `${listingId}|${day}`;
}

/** What a purchase needs to know of a listing (`CatalogueReadModel.listingToBuy`). */
export interface ListingToBuy {
  listing: Intervention;
  /** The PCC areas of its venues, by position. */
  venueAreas: string[];
  /** The price in force on the day of the purchase, if one is. */
  price: Price | undefined;
}

/** Normalises a UK postcode to upper case with one space before the inward code: "ls14ap" -> "LS1 4AP". */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function toInterventionModel(row: InterventionEntity): Intervention {
  return Object.assign(new Intervention(), {
    id: row.id,
    providerId: row.providerId,
    deliveredById: row.deliveredById ?? null,
    subcontractId: row.subcontractId ?? null,
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
    rationaleText: row.rationale,
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

export function toPriceModel(row: InterventionPriceEntity): Price {
  return {
    id: row.id,
    amountPence: row.amountPence,
    currency: row.currency,
    outcomePaymentPence: row.outcomePaymentPence,
    unit: row.unit,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
  };
}

/**
 * Reading the catalogue's listings: one listing, a supplier's own, the request's loaders that
 * answer every listing field of a response in one query each (or none, when a statement that
 * found the listings also returned them: `listingsJsonSql`), and a provider's rate card on a day.
 * What other modules ask of the catalogue's tables, they ask here.
 */
@Injectable()
export class CatalogueReadModel {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async intervention(caller: Caller, id: string): Promise<Intervention> {
    const row = await this.dataSource.getRepository(InterventionEntity).findOneBy({ id });
    if (!row || !canSee(caller, row)) throw new NotFoundError('Intervention', id);
    return toInterventionModel(row);
  }

  /** The request's loader of organisations by id (one query for every provider field of a response). */
  organisationLoader(request: object): DataLoader<string, Organisation | undefined> {
    return requestLoader(request, 'organisationById', (ids: readonly string[]) =>
      this.organisations.organisationsByIds(ids),
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
   * The request's loader of the price version in force on a day, by `priceOnDayKey` (null when
   * none is): from the listing's price versions (`priceLoader`), unless a search gave it.
   */
  priceInForceLoader(request: object): DataLoader<string, InterventionPriceEntity | null> {
    return requestLoader(request, 'priceInForceByInterventionDay', (keys: readonly string[]) =>
      Promise.all(
        keys.map(async (key) => {
          const [id, day] = key.split('|');
          return priceInForce(await this.priceLoader(request).load(id), day) ?? null;
        }),
      ),
    );
  }

  /**
   * SQL for a JSON array of listings with what their fields read (provider, and the `parts`
   * asked for: deliverer, price versions, venues), for the listings whose ids are in `idColumn`
   * of `fromTable`: lets a statement that finds listings (the search) return them in the same
   * round trip; `day` is the statement's expression of the day the prices are for. Read the result
   * with `primeListings`.
   */
  listingsJsonSql(fromTable: string, idColumn: string, parts: ListingParts, day: string): string {
    const related = [
      `'listing', ${jsonOfRow('li', parts.columns)}`,
      `'provider', ${jsonOfRow('lo', parts.providerColumns)}`,
      parts.deliverer &&
        `'deliverer', (SELECT to_jsonb(ld) FROM organisation ld WHERE ld.id = li.delivered_by_id)`,
      parts.prices === 'today' &&
        `'price', (SELECT to_jsonb(lp) FROM intervention_price lp
                   WHERE lp.intervention_id = li.id AND ${priceInForceSql('lp', day)}
                   ORDER BY lp.effective_from DESC LIMIT 1)`,
      parts.prices === 'history' &&
        `'prices', (SELECT COALESCE(json_agg(to_jsonb(lp) ORDER BY lp.effective_from), '[]')
                   FROM intervention_price lp WHERE lp.intervention_id = li.id)`,
      parts.venues &&
        `'venues', (SELECT COALESCE(json_agg(to_jsonb(lv) ORDER BY lv.position), '[]')
                   FROM venue lv WHERE lv.intervention_id = li.id)`,
    ].filter(Boolean);
    return `(SELECT COALESCE(json_agg(json_build_object(${related.join(',\n        ')})), '[]')
      FROM ${fromTable} JOIN intervention li ON li.id = ${fromTable}.${idColumn}
      JOIN organisation lo ON lo.id = li.provider_id)`;
  }

  /**
   * Reads `listingsJsonSql`'s rows into listings and gives their providers, and the deliverers,
   * prices and venues the rows hold, to the request's loaders, so that the response's fields ask
   * no more queries; the listings themselves too when read whole (`parts` and `day` as given to
   * `listingsJsonSql`, the day as `Clock.today` gives it). By id.
   */
  primeListings(
    request: object,
    json: ListingJson[],
    parts: ListingParts,
    day: string,
  ): Map<string, Intervention> {
    const listings = new Map<string, Intervention>();
    const organisations = this.organisationLoader(request);
    const prices = this.priceLoader(request);
    const pricesInForce = this.priceInForceLoader(request);
    const venues = this.venueLoader(request);
    const byId = this.interventionLoader(request);
    for (const row of json) {
      const listing = toInterventionModel(
        hydrateJson(this.dataSource, InterventionEntity, row.listing),
      );
      listings.set(listing.id, listing);
      if (!parts.columns) byId.prime(listing.id, listing);
      const provider = toOrganisationModel(
        hydrateJson(this.dataSource, OrganisationEntity, row.provider),
      );
      if (parts.providerColumns) listing.providerAsRead = provider;
      else organisations.prime(listing.providerId, provider);
      if (listing.deliveredById && row.deliverer) {
        organisations.prime(
          listing.deliveredById,
          toOrganisationModel(hydrateJson(this.dataSource, OrganisationEntity, row.deliverer)),
        );
      }
      if (row.prices) {
        prices.prime(
          listing.id,
          row.prices.map((p) => hydrateJson(this.dataSource, InterventionPriceEntity, p)),
        );
      }
      if (row.price !== undefined) {
        pricesInForce.prime(
          priceOnDayKey(listing.id, day),
          row.price && hydrateJson(this.dataSource, InterventionPriceEntity, row.price),
        );
      }
      if (row.venues) {
        venues.prime(
          listing.id,
          row.venues.map((v) => hydrateJson(this.dataSource, VenueEntity, v)),
        );
      }
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

  async myInterventions(
    caller: Caller,
    args: MyInterventionsArgs,
  ): Promise<InterventionConnection> {
    const page = readPage<[string, string]>(args, MY_LISTING_PAGES);
    const query = this.dataSource
      .getRepository(InterventionEntity)
      .createQueryBuilder('i')
      .where('i.provider_id = :providerId', { providerId: caller.organisationId ?? null });
    if (args.status) query.andWhere('i.status = :status', { status: args.status });
    const rows = await readKeyset(query, page, [
      ['i.title', '::text'],
      ['i.id', '::uuid'],
    ]);
    return keysetPage(rows, page, (row) => [row.title, row.id], toInterventionModel);
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

  /** When the listing goes stale unless its supplier confirms (or changes) it first. */
  staleFrom(listing: Intervention): Date {
    return staleFrom(listing.lastConfirmedAt, this.config.staleAfterDays);
  }

  /**
   * What a purchase needs of a listing, read in the purchase's transaction: the listing whatever
   * its status, where its venues are and the price in force on `day`; undefined when there is no
   * such listing. The referrals module asks this rather than reading the catalogue's tables.
   */
  async listingToBuy(
    manager: EntityManager,
    id: string,
    day: string,
  ): Promise<ListingToBuy | undefined> {
    const listing = await manager.findOneBy(InterventionEntity, { id });
    if (!listing) return undefined;
    const venues = await manager.find(VenueEntity, {
      where: { interventionId: id },
      order: { position: 'ASC' },
    });
    const versions = await manager.findBy(InterventionPriceEntity, { interventionId: id });
    const price = priceInForce(versions, day);
    return {
      listing: toInterventionModel(listing),
      venueAreas: venues.map((v) => v.pccAreaCode),
      price: price && toPriceModel(price),
    };
  }

  /** The PCC areas a listing serves: its coverage and its venues' areas, read in `manager`'s transaction. */
  async areasOf(
    manager: EntityManager,
    listing: { id: string; coverage: string[] },
  ): Promise<string[]> {
    const venues = await manager.findBy(VenueEntity, { interventionId: listing.id });
    return [...new Set([...listing.coverage, ...venues.map((v) => v.pccAreaCode)])].sort();
  }

  /** Every listing a provider sells, whatever its status, by title (for its supply chain). */
  async listingsInChain(primeId: string): Promise<Intervention[]> {
    const rows = await this.dataSource
      .getRepository(InterventionEntity)
      .createQueryBuilder('i')
      .where('i.provider_id = :primeId', { primeId })
      .orderBy('i.title', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
    return rows.map(toInterventionModel);
  }

  /**
   * The provider's listings on sale on `asOf` with the price in force that day, as a buyer saw
   * them. A past day reads the listings' status history: those PUBLISHED at the end of that day
   * (London), including listings withdrawn or suspended since. Today and later read the listings'
   * current status.
   */
  async rateCard(providerId: string, asOf?: string): Promise<RateCard> {
    const provider = await this.organisations.organisation(providerId);
    const today = this.clock.today();
    const day = asOf ?? today;
    const query = this.dataSource
      .getRepository(InterventionEntity)
      .createQueryBuilder('i')
      .innerJoinAndMapOne(
        'i.priceOnDay',
        InterventionPriceEntity,
        'p',
        `p.intervention_id = i.id AND ${priceInForceSql('p', ':day')}`,
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
}
