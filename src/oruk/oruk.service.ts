import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListingStatus } from '../catalogue/catalogue.enums';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import { OrganisationsService } from '../catalogue/organisations.service';
import { priceInForce } from '../catalogue/pricing';
import { Clock } from '../common/clock';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import { nearestArea, sqlDistanceKm } from '../search/geo';
import { Geocoder, GeoPoint } from './geocoder';
import { NEEDS, TAXONOMIES, TAXONOMY_BY_ID, TERM_BY_ID, TERMS } from './oruk-ids';
import {
  pageOf,
  serviceAtLocationRecord,
  serviceOf,
  taxonomyOf,
  termOf,
  FeedContext,
  FeedListing,
} from './oruk.mapper';
import { SqlParams as Params } from '../common/sql-params';
import { LocationFilters, Paging, ServiceFilters } from './oruk-params';

type Json = Record<string, unknown>;

/**
 * The Open Referral UK 3.0 view of the catalogue: published listings only. Which listings match
 * and in what order is one parameterised SQL statement (like search, it reads the catalogue's
 * tables); what is shown about them comes from the catalogue's read model and organisations.
 */
@Injectable()
export class OrukService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueReadModel,
    private readonly organisations: OrganisationsService,
    private readonly reference: ReferenceService,
    private readonly geocoder: Geocoder,
    private readonly clock: Clock,
  ) {}

  async services(query: Paging & ServiceFilters, feedUrl: string): Promise<Json> {
    const params = new Params();
    const where = this.serviceWhere(query, params).join(' AND ');
    const from = `FROM intervention i JOIN organisation o ON o.id = i.provider_id WHERE ${where}`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${from}`,
      params.values,
    );
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT i.id ${from} ORDER BY i.title, i.id LIMIT ${params.add(query.perPage)} OFFSET ${params.add((query.page - 1) * query.perPage)}`,
      params.values,
    );
    const listings = await this.listings(rows.map((r) => r.id));
    const context = await this.context(feedUrl);
    return pageOf(
      listings.map((listing) => serviceOf(listing, context)),
      total,
      query.page,
      query.perPage,
    );
  }

  async service(id: string, feedUrl: string): Promise<Json> {
    const [listing] = await this.listings([id]);
    if (!listing) throw new NotFoundError('Service', id);
    return serviceOf(listing, await this.context(feedUrl));
  }

  async serviceAtLocations(query: Paging & LocationFilters, feedUrl: string): Promise<Json> {
    const params = new Params();
    const where = this.serviceWhere(query, params);
    let order = 'i.title, i.id, v.position, v.id';
    let point: GeoPoint | null = null;
    const distance = () =>
      sqlDistanceKm('v.lat', 'v.lng', params.add(point!.lat), params.add(point!.lng));
    if (query.postcode) {
      point = await this.geocoder.locate(query.postcode);
      if (!point) {
        throw new BadUserInputError(`The postcode ${query.postcode} cannot be placed`, [
          { field: 'postcode', message: `no location is known for postcode ${query.postcode}` },
        ]);
      }
      if (query.proximityMetres !== undefined) {
        const km = distance();
        where.push(`${km} * 1000 <= ${params.add(query.proximityMetres)}`);
        order = `${km}, v.id`;
      } else {
        // Without a proximity, the places whose service covers the postcode's police force area.
        const area = nearestArea(point, (await this.reference.data()).pccAreas);
        if (area) {
          const code = params.add(area.code);
          where.push(`(${code} = ANY(i.coverage) OR v.pcc_area_code = ${code})`);
        }
      }
    }
    const from = `FROM venue v JOIN intervention i ON i.id = v.intervention_id JOIN organisation o ON o.id = i.provider_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${from}`,
      [...params.values],
    );
    // Nearest first; the point's parameters come after the count's, which does not use them.
    if (point && query.proximityMetres === undefined) order = `${distance()}, v.id`;
    const rows = await this.dataSource.query<{ id: string; intervention_id: string }[]>(
      `SELECT v.id, v.intervention_id ${from} ORDER BY ${order} LIMIT ${params.add(query.perPage)} OFFSET ${params.add((query.page - 1) * query.perPage)}`,
      params.values,
    );
    const listings = await this.listings([...new Set(rows.map((r) => r.intervention_id))]);
    const byId = new Map(listings.map((listing) => [listing.intervention.id, listing]));
    const context = await this.context(feedUrl);
    return pageOf(
      rows.map((row) => serviceAtLocationRecord(byId.get(row.intervention_id)!, row.id, context)),
      total,
      query.page,
      query.perPage,
    );
  }

  async serviceAtLocation(id: string, feedUrl: string): Promise<Json> {
    const [row] = await this.dataSource.query<{ intervention_id: string }[]>(
      `SELECT v.intervention_id FROM venue v JOIN intervention i ON i.id = v.intervention_id WHERE v.id = $1 AND i.status = $2`,
      [id, ListingStatus.PUBLISHED],
    );
    const [listing] = row ? await this.listings([row.intervention_id]) : [];
    if (!listing) throw new NotFoundError('Service at location', id);
    return serviceAtLocationRecord(listing, id, await this.context(feedUrl));
  }

  async taxonomies(paging: Paging, feedUrl: string): Promise<Json> {
    const context = await this.context(feedUrl);
    const slice = TAXONOMIES.slice(
      (paging.page - 1) * paging.perPage,
      paging.page * paging.perPage,
    );
    return pageOf(
      slice.map((taxonomy) => taxonomyOf(taxonomy, context, false)),
      TAXONOMIES.length,
      paging.page,
      paging.perPage,
    );
  }

  async taxonomy(id: string, feedUrl: string): Promise<Json> {
    const taxonomy = TAXONOMY_BY_ID.get(id);
    if (!taxonomy) throw new NotFoundError('Taxonomy', id);
    return taxonomyOf(taxonomy, await this.context(feedUrl), true);
  }

  async taxonomyTerms(paging: Paging, feedUrl: string): Promise<Json> {
    const context = await this.context(feedUrl);
    const slice = TERMS.slice((paging.page - 1) * paging.perPage, paging.page * paging.perPage);
    return pageOf(
      slice.map((term) => termOf(term, context)),
      TERMS.length,
      paging.page,
      paging.perPage,
    );
  }

  async taxonomyTerm(id: string, feedUrl: string): Promise<Json> {
    const term = TERM_BY_ID.get(id);
    if (!term) throw new NotFoundError('Taxonomy term', id);
    return termOf(term, await this.context(feedUrl));
  }

  /** The filters every list shares, ANDed; published listings only. */
  private serviceWhere(filters: ServiceFilters, params: Params): string[] {
    const where = [`i.status = ${params.add(ListingStatus.PUBLISHED)}`];
    if (filters.search) {
      const query = `websearch_to_tsquery('english', ${params.add(filters.search)})`;
      where.push(
        `(to_tsvector('english', i.title || ' ' || i.summary || ' ' || i.description) @@ ${query} OR to_tsvector('english', o.name) @@ ${query})`,
      );
    }
    if (filters.taxonomyTermId) {
      const term = TERM_BY_ID.get(filters.taxonomyTermId);
      where.push(term ? this.termClause(term.code, term.taxonomyId, params) : 'false');
    }
    if (filters.taxonomyId) {
      // Every published listing addresses at least one need; eligibility terms are optional.
      where.push(
        filters.taxonomyId === NEEDS.id
          ? 'true'
          : TAXONOMY_BY_ID.has(filters.taxonomyId)
            ? `(cardinality(i.sexes) + cardinality(i.risk_levels) + cardinality(i.supervision_types) + cardinality(i.adaptations)) > 0`
            : 'false',
      );
    }
    if (filters.organizationId) {
      // The organisation's own services and those it delivers for a prime as a subcontractor.
      const organisation = params.add(filters.organizationId);
      where.push(`(i.provider_id = ${organisation} OR i.delivered_by_id = ${organisation})`);
    }
    if (filters.modifiedAfter) {
      where.push(`greatest(i.updated_at, o.updated_at) >= ${params.add(filters.modifiedAfter)}`);
    }
    // As the profile defines them: a minimum age of at least, a maximum age of at most, the value.
    if (filters.minimumAge !== undefined)
      where.push(`i.min_age >= ${params.add(filters.minimumAge)}`);
    if (filters.maximumAge !== undefined)
      where.push(`i.max_age <= ${params.add(filters.maximumAge)}`);
    return where;
  }

  private termClause(code: string, taxonomyId: string, params: Params): string {
    if (taxonomyId === NEEDS.id) return `${params.add(code)} = ANY(i.factors)`;
    const [, column, value] = /^(SEX|RISK|SUPERVISION|ADAPTATION)_(.+)$/.exec(code)!;
    const columns: Record<string, string> = {
      SEX: 'i.sexes',
      RISK: 'i.risk_levels',
      SUPERVISION: 'i.supervision_types',
      ADAPTATION: 'i.adaptations',
    };
    return `${params.add(value)} = ANY(${columns[column]})`;
  }

  /** Published listings by id, in the order given, with what the feed shows about each. */
  private async listings(ids: string[]): Promise<FeedListing[]> {
    if (ids.length === 0) return [];
    const interventions = (await this.catalogue.interventionsByIds(ids)).filter(
      (i) => i?.status === ListingStatus.PUBLISHED,
    );
    const found = interventions.map((i) => i!.id);
    const [organisations, venues, prices] = await Promise.all([
      this.organisations.organisationsByIds([
        ...new Set(
          interventions.flatMap((i) => [
            i!.providerId,
            ...(i!.deliveredById ? [i!.deliveredById] : []),
          ]),
        ),
      ]),
      this.catalogue.venuesFor(found),
      this.catalogue.pricesFor(found),
    ]);
    const organisationById = new Map(organisations.filter(Boolean).map((o) => [o!.id, o!]));
    const today = this.clock.today();
    return interventions.map((intervention) => {
      const i = intervention!;
      const organisation = organisationById.get(i.providerId)!;
      const price = organisation.publishPricesOpenly
        ? priceInForce(
            prices.filter((p) => p.interventionId === i.id),
            today,
          )
        : undefined;
      return {
        intervention: i,
        organisation,
        deliverer: i.deliveredById ? organisationById.get(i.deliveredById) : undefined,
        venues: venues.filter((v) => v.interventionId === i.id),
        price,
        lastModified: new Date(Math.max(i.updatedAt.getTime(), organisation.updatedAt.getTime())),
      };
    });
  }

  private async context(feedUrl: string): Promise<FeedContext> {
    const { pccAreaByCode } = await this.reference.data();
    return { feedUrl, pccAreaName: (code) => pccAreaByCode.get(code)?.name ?? code };
  }
}
