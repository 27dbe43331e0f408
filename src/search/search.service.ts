import { Injectable } from '@nestjs/common';
import { Caller } from '../auth/caller';
import { OrganisationKind } from '../catalogue/catalogue.enums';
import {
  CatalogueReadModel,
  ListingJson,
  ListingParts,
  listingPartsFor,
} from '../catalogue/catalogue-read-model';
import { eligibilitySql } from '../catalogue/eligibility';
import { staleSql } from '../catalogue/listing-rules';
import { placesAvailableSql } from '../catalogue/places.service';
import { priceInForceSql } from '../catalogue/pricing';
import { withoutNulls } from '../common/arguments';
import { Clock } from '../common/clock';
import { SqlParams as Params } from '../common/sql-params';
import { AppConfig } from '../config/app-config';
import { PreparedStatements } from '../database/prepared-statements';
import { encodeCursor } from '../common/cursor';
import {
  connectionOf,
  keysetConditions,
  keysetOrder,
  Page,
  pageRows,
  readPage,
} from '../common/paging';
import { BadUserInputError, FieldError } from '../common/errors';
import { SelectionInfo, selectedFields } from '../common/selection';
import { FactorCode } from '../reference/factor-code';
import { PccArea } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { ContributionService } from '../outcomes/contribution.service';
import { nearestArea, sqlDistanceKm } from './geo';
import { InterventionSearchInput, SearchArgs, SearchSort } from './search.inputs';
import { InterventionSearchConnection } from './search.models';

/** Sort keys, every one ascending and numeric, so a cursor is a row comparison on them plus id. */
const SORT_KEYS: Record<SearchSort, string[]> = {
  BEST_MATCH: ['score', 'stale', 'start_days', 'distance'],
  CONTRIBUTION: ['score', 'evidence', 'stale', 'start_days', 'distance'],
  DISTANCE: ['distance'],
  PRICE: ['price'],
  SOONEST_START: ['start_days', 'stale'],
};

/** A search cursor: the sort it was given for, the row's sort keys, its id. */
type SearchCursor = [SearchSort, number[], string];

interface SearchRow {
  total: number;
  available: number;
  factor_facets: { factor: FactorCode; count: number }[];
  kind_facets: { kind: OrganisationKind; count: number }[];
  page: {
    id: string;
    distanceKm: number | null;
    keys: number[];
    score: number | null;
    judged: number | null;
    factor: FactorCode | null;
  }[];
  /** The page's listings with their provider, prices and venues (CatalogueReadModel.listingsJsonSql). */
  listings: ListingJson[];
}

/** A row of search_demand (SearchDemandEntity), written by the search statement itself. */
interface DemandRecord {
  at: Date;
  divisionCode: string | null;
  callerRoles: string[];
  factors: string[];
  pccAreaCode: string | null;
  contractPackageAreaCode: string | null;
  areaDivisionCode: string | null;
  /** The filter as JSON. */
  filters: string;
  searchedBy: string;
  personSex: string | null;
  personSupervisionType: string | null;
}

/** What the caller of a search will read of its answer, so its statement builds no more. */
export interface SearchSelection {
  facets: boolean;
  /** What the page's listings' fields read besides the listing and its provider. */
  listingParts: ListingParts;
}

/** What a `searchInterventions` query selects of its answer. */
export function searchSelection(info: SelectionInfo): SearchSelection {
  const listingFields = new Set([
    ...selectedFields(info, ['edges', 'node']),
    ...selectedFields(info, ['nodes']),
  ]);
  const providerFields = new Set([
    ...selectedFields(info, ['edges', 'node', 'provider']),
    ...selectedFields(info, ['nodes', 'provider']),
  ]);
  return {
    facets: selectedFields(info, []).has('facets'),
    listingParts: listingPartsFor(listingFields, providerFields),
  };
}

/** Where a search was aimed, in PCC areas, for the filter and for the demand record. */
interface SearchArea {
  codes?: string[];
  pccArea?: PccArea;
  contractPackageAreaCode?: string;
  divisionCode?: string;
}

/**
 * Finds published listings for a person and a need, in one SQL statement that also counts all
 * results and facets, and records every search as demand for the gap report.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly catalogue: CatalogueReadModel,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly contribution: ContributionService,
    private readonly statements: PreparedStatements,
  ) {}

  /**
   * `request` is the HTTP request whose loaders get the page's providers, prices and venues,
   * read by the search statement itself (those `selection` names: the facets are empty and the
   * listings' other parts left to their loaders when it says they will not be read).
   */
  async search(
    caller: Caller,
    args: SearchArgs,
    request: object,
    selection: SearchSelection,
  ): Promise<InterventionSearchConnection> {
    // An argument given as null means the same as one left out.
    const { filter, sort = SearchSort.BEST_MATCH } = withoutNulls(args);
    const page = readPage<SearchCursor>(args, {
      size: 20,
      max: 100,
      list: 'the same search and sort',
      valid: ([cursorSort, keys, ...rest]) =>
        rest.length === 1 &&
        cursorSort === sort &&
        Array.isArray(keys) &&
        keys.length === SORT_KEYS[sort].length &&
        keys.every((k) => typeof k === 'number' && Number.isFinite(k)),
    });
    if (sort === SearchSort.DISTANCE && !filter.near) {
      throw new BadUserInputError('Sorting by distance needs a point', [
        { field: 'filter.near', message: 'near is required to sort by DISTANCE' },
      ]);
    }
    const area = await this.resolveArea(filter);
    // A later page is the same search: demand is recorded once, with the first page, by the
    // search statement itself (one round trip, and the counts it records are the ones it found).
    const later = page.after !== undefined || page.before !== undefined;
    const demand = later ? undefined : this.demandRecord(caller, filter, area);
    const day = this.clock.today();
    const { sql, params } = this.buildQuery(filter, area, sort, page, demand, selection, day);
    const [row] = await this.statements.query<SearchRow>(sql, params);

    const { rows, ...flags } = pageRows(row.page, page);
    const listings = this.catalogue.primeListings(
      request,
      row.listings,
      selection.listingParts,
      day,
    );
    const edges = rows.map((p) => ({
      node: listings.get(p.id)!,
      distanceKm: p.distanceKm === null ? null : Math.round(p.distanceKm * 100) / 100,
      contributionScore: p.score,
      contributionJudged: p.judged ?? 0,
      contributionFactor: p.factor,
      cursor: encodeCursor([sort, p.keys, p.id]),
    }));
    return {
      ...connectionOf(edges, flags),
      totalCount: row.total,
      facets: { factors: row.factor_facets, providerKinds: row.kind_facets },
    };
  }

  private async resolveArea(filter: InterventionSearchInput): Promise<SearchArea> {
    const { pccAreaByCode, contractPackageAreaByCode, divisionByCode, pccAreas } =
      await this.reference.data();
    const errors: FieldError[] = [];
    const sets: string[][] = [];
    const area: SearchArea = {};
    if (filter.pccAreaCode !== undefined) {
      const pcc = pccAreaByCode.get(filter.pccAreaCode);
      if (!pcc)
        errors.push({
          field: 'filter.pccAreaCode',
          message: `unknown PCC area ${filter.pccAreaCode}`,
        });
      else {
        sets.push([pcc.code]);
        area.pccArea = pcc;
      }
    }
    if (filter.contractPackageAreaCode !== undefined) {
      const cpa = contractPackageAreaByCode.get(filter.contractPackageAreaCode);
      if (!cpa) {
        errors.push({
          field: 'filter.contractPackageAreaCode',
          message: `unknown contract package area ${filter.contractPackageAreaCode}`,
        });
      } else {
        sets.push(cpa.pccAreas.map((p) => p.code));
        area.contractPackageAreaCode = cpa.code;
      }
    }
    if (filter.divisionCode !== undefined) {
      const division = divisionByCode.get(filter.divisionCode);
      if (!division)
        errors.push({
          field: 'filter.divisionCode',
          message: `unknown division ${filter.divisionCode}`,
        });
      else {
        sets.push(division.pccAreas.map((p) => p.code));
        area.divisionCode = division.code;
      }
    }
    if (errors.length > 0) throw new BadUserInputError('The search names an unknown area', errors);
    if (sets.length > 0) area.codes = sets.reduce((a, b) => a.filter((code) => b.includes(code)));
    if (filter.near && !area.pccArea) area.pccArea = nearestArea(filter.near, pccAreas);
    if (area.pccArea) {
      area.contractPackageAreaCode ??= area.pccArea.contractPackageArea.code;
      area.divisionCode ??= area.pccArea.division.code;
    }
    return area;
  }

  private buildQuery(
    filter: InterventionSearchInput,
    area: SearchArea,
    sort: SearchSort,
    page: Page<SearchCursor>,
    demand: DemandRecord | undefined,
    selection: SearchSelection,
    day: string,
  ): { sql: string; params: unknown[] } {
    const p = new Params();
    const today = p.add(day, '::date');
    const where: string[] = [`i.status = 'PUBLISHED'`];
    let nearJoin = '';
    let distance = 'NULL::float8';

    const factors = filter.factors?.length ? p.add(filter.factors, '::text[]') : undefined;
    if (factors) where.push(`i.factors && ${factors}`);
    const contributionJoin = this.contribution.bestScoreJoin(
      (value, cast) => p.add(value, cast),
      factors,
    );
    if (area.codes) {
      const codes = p.add(area.codes, '::text[]');
      where.push(`(i.coverage && ${codes} OR i.venue_pcc_areas && ${codes})`);
    }
    if (filter.near) {
      const lat = p.add(filter.near.lat, '::float8');
      const lng = p.add(filter.near.lng, '::float8');
      nearJoin = `LEFT JOIN LATERAL (SELECT min(${sqlDistanceKm('v.lat', 'v.lng', lat, lng)}) AS km FROM venue v WHERE v.intervention_id = i.id) near ON true`;
      distance = 'near.km';
      const served = area.pccArea
        ? ` OR i.coverage && ARRAY[${p.add(area.pccArea.code)}]::text[]`
        : '';
      where.push(`(near.km <= ${p.add(filter.near.radiusKm, '::float8')}${served})`);
    }
    if (filter.text?.trim()) {
      const query = `websearch_to_tsquery('english', ${p.add(filter.text.trim())})`;
      // The listings, and the providers, whose words match, each found through its own full-text
      // index (the same expressions as the indexes'): the two tsvectors in one OR across the join
      // could use neither index, and put every listing's text into words, some 350 ms for a
      // national search of the benchmark market against 25 ms this way.
      where.push(
        `(i.id IN (SELECT t.id FROM intervention t
                   WHERE to_tsvector('english', t.title || ' ' || t.summary || ' ' || t.description) @@ ${query})
          OR i.provider_id IN (SELECT t.id FROM organisation t WHERE to_tsvector('english', t.name) @@ ${query}))`,
      );
    }
    if (filter.availableOnly) where.push(`${placesAvailableSql('i')} > 0`);
    if (filter.startWithinDays !== undefined) {
      where.push(
        `i.next_start_date BETWEEN ${today} AND ${today} + ${p.add(filter.startWithinDays, '::int')}`,
      );
    }
    if (filter.eveningSessions) where.push('i.evening_sessions');
    if (filter.weekendSessions) where.push('i.weekend_sessions');
    if (filter.deliveryModes?.length)
      where.push(`i.delivery_modes && ${p.add(filter.deliveryModes, '::text[]')}`);
    if (filter.adaptations?.length)
      where.push(`i.adaptations @> ${p.add(filter.adaptations, '::text[]')}`);
    if (filter.accredited !== undefined)
      where.push(`i.accredited = ${p.add(filter.accredited, '::boolean')}`);
    if (filter.maxPricePence !== undefined)
      where.push(`price.amount_pence <= ${p.add(filter.maxPricePence, '::bigint')}`);
    if (filter.providerKinds?.length)
      where.push(`o.kind = ANY(${p.add(filter.providerKinds, '::text[]')})`);
    if (filter.person) where.push(...eligibilitySql('i', filter.person, p));

    const stale = staleSql(
      'i',
      p.add(this.clock.now(), '::timestamptz'),
      p.add(this.config.staleAfterDays, '::int'),
    );
    const keys = [...SORT_KEYS[sort]];
    const keyList = keys.map((k) => `k_${k}`).join(', ');
    const keyColumns = [...keys.map((k) => `k_${k}`), 'id'];
    const bounds = keysetConditions(
      page,
      keyColumns,
      (value, index) => p.add(value, index < keys.length ? '::float8' : '::uuid'),
      { values: ([, cursorKeys, id]) => [...cursorKeys, id] },
    );
    const between = bounds.length ? `WHERE ${bounds.join(' AND ')}` : '';
    const order = keysetOrder(page, keyColumns);
    const limit = p.add(page.limit, '::int');
    // The price in force is read per matched listing only when something needs it: the PRICE
    // sort or a price limit (the page's prices come from the listings' own field). One version
    // is in force on a day; the LIMIT keeps this a per-listing index lookup (without it the
    // planner joins the whole price history by hash).
    const priceJoin =
      sort === SearchSort.PRICE || filter.maxPricePence !== undefined
        ? `LEFT JOIN LATERAL (
          SELECT pr.amount_pence FROM intervention_price pr
          WHERE pr.intervention_id = i.id AND ${priceInForceSql('pr', today)}
          ORDER BY pr.effective_from DESC LIMIT 1
        ) price ON true`
        : 'LEFT JOIN LATERAL (SELECT NULL::bigint AS amount_pence) price ON true';

    const facets = selection.facets
      ? `(SELECT COALESCE(json_agg(json_build_object('factor', f, 'count', n) ORDER BY n DESC, f), '[]')
           FROM (SELECT f, count(*)::int AS n FROM matched, unnest(factors) AS f GROUP BY f) fx) AS factor_facets,
        (SELECT COALESCE(json_agg(json_build_object('kind', provider_kind, 'count', n) ORDER BY n DESC, provider_kind), '[]')
           FROM (SELECT provider_kind, count(*)::int AS n FROM matched GROUP BY provider_kind) kx) AS kind_facets`
      : `'[]'::json AS factor_facets, '[]'::json AS kind_facets`;
    // Data-modifying CTEs run once, whether or not the query reads them.
    const recordDemand = demand
      ? `,
      ${this.demandInsert(p, demand)}`
      : '';
    const sql = `
      WITH matched AS (
        SELECT i.id, i.factors, i.coverage, o.kind AS provider_kind,
               ${placesAvailableSql('i')} > 0 AS available,
               ${distance} AS distance_km,
               (${stale})::int::float8 AS k_stale,
               COALESCE(i.next_start_date - ${today}, 100000)::float8 AS k_start_days,
               COALESCE(${distance}, 1e9)::float8 AS k_distance,
               COALESCE(price.amount_pence, 9e15)::float8 AS k_price,
               -COALESCE(contribution.score, 0)::float8 AS k_score,
               -COALESCE(contribution.judged, 0)::float8 AS k_evidence,
               contribution.score, contribution.judged, contribution.factor
        FROM intervention i
        JOIN organisation o ON o.id = i.provider_id
        ${priceJoin}
        ${contributionJoin}
        ${nearJoin}
        WHERE ${where.join('\n          AND ')}
      ),
      page AS (
        SELECT * FROM matched ${between} ORDER BY ${order} LIMIT ${limit}
      )${recordDemand}
      SELECT
        (SELECT count(*) FROM matched)::int AS total,
        (SELECT count(*) FROM matched WHERE available)::int AS available,
        ${facets},
        (SELECT COALESCE(json_agg(json_build_object('id', id, 'distanceKm', distance_km, 'keys', json_build_array(${keyList}),
                   'score', score, 'judged', judged, 'factor', factor)
                 ORDER BY ${order}), '[]') FROM page) AS page,
        ${this.catalogue.listingsJsonSql('page', 'id', selection.listingParts, today)} AS listings`;
    return { sql, params: p.values };
  }

  /**
   * The data-modifying CTE that records a search as demand (it reads `matched`). Besides the
   * counts, it records which of the factors searched for it found available in the PCC area
   * searched: a matched (so PUBLISHED, and admitting the person when one was given) listing
   * addressing the factor, serving the area (covering it or with a venue there), with a place.
   *
   * Demand is analytics, not a record anyone relies on: the statement's commit does not wait
   * for the WAL to reach the disk (`set_config(..., true)` is SET LOCAL: `synchronous_commit`
   * off for this transaction alone, which is this one statement, as the search runs outside any
   * transaction). A database crash may lose the last moment's demand rows, never anything else.
   */
  private demandInsert(p: Params, demand: DemandRecord): string {
    const pcc = p.add(demand.pccAreaCode, '::text');
    return `demand AS (
        INSERT INTO search_demand (at, division_code, caller_roles, factors, pcc_area_code,
          contract_package_area_code, area_division_code, filters, result_count, available_count,
          searched_by, available_factors, person_sex, person_supervision_type)
        SELECT ${p.add(demand.at, '::timestamptz')}, ${p.add(demand.divisionCode, '::text')},
               ${p.add(demand.callerRoles, '::text[]')}, ${p.add(demand.factors, '::text[]')},
               ${pcc}, ${p.add(demand.contractPackageAreaCode, '::text')},
               ${p.add(demand.areaDivisionCode, '::text')}, ${p.add(demand.filters, '::jsonb')},
               (SELECT count(*) FROM matched), (SELECT count(*) FROM matched WHERE available),
               ${p.add(demand.searchedBy, '::text')},
               ARRAY(SELECT DISTINCT f FROM matched m, unnest(m.factors) AS f
                     WHERE m.available AND f = ANY(${p.add(demand.factors, '::text[]')})
                       AND (${pcc} IS NULL OR ${pcc} = ANY(m.coverage)
                            OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = m.id AND v.pcc_area_code = ${pcc}))
                     ORDER BY f),
               ${p.add(demand.personSex, '::text')}, ${p.add(demand.personSupervisionType, '::text')}
        WHERE set_config('synchronous_commit', 'off', true) = 'off'
      )`;
  }

  /** The demand record of a search: what was looked for, where and by whom. */
  private demandRecord(
    caller: Caller,
    filter: InterventionSearchInput,
    area: SearchArea,
  ): DemandRecord {
    return {
      at: this.clock.now(),
      divisionCode: caller.divisionCode ?? null,
      callerRoles: caller.roles,
      factors: filter.factors ?? [],
      pccAreaCode: area.pccArea?.code ?? null,
      contractPackageAreaCode: area.contractPackageAreaCode ?? null,
      areaDivisionCode: area.divisionCode ?? null,
      filters: JSON.stringify(filter),
      searchedBy: caller.id,
      personSex: filter.person?.sex ?? null,
      personSupervisionType: filter.person?.supervisionType ?? null,
    };
  }
}
