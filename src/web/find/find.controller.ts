import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AnyRole } from '../../auth/roles.decorator';
import { Geocoder } from '../../oruk/geocoder';
import type { FindChoicesQuery, FindInterventionsQuery } from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { pageErrorOf, WebGraphql } from '../web-graphql';
import { WebErrorsFilter } from '../web-errors.filter';
import { formToken } from '../web-session';
import { contributionInWords } from './contribution-words';
import {
  DELIVERY_MODES,
  PROVIDER_KINDS,
  RADIUS_MILES,
  readSearchForm,
  RISK_LEVELS,
  SearchQuery,
  searchQueryString,
  SEXES,
  SORTS,
  START_WITHIN_DAYS,
  SUPERVISION_TYPES,
} from './search-form';
import { selectedFilters } from './selected-filters';

const PAGE_SIZE = 20;
const KM_PER_MILE = 1.609344;

/** The API's field paths (`filter.person.age`) as the form's field names (`age`). */
export function formFieldOf(path: string): string {
  return path
    .replace(/^filter\./, '')
    .replace(/^person\./, '')
    .replace(/^near\..*/, 'postcode');
}

/**
 * Find: what the person needs, where, who they are; results with price, places, next start and
 * the provider's contribution in words. A GET form, so every search is a link (and the back
 * button works); each search is recorded as demand by the API, as any search is.
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class FindController {
  constructor(
    private readonly graphql: WebGraphql,
    private readonly geocoder: Geocoder,
  ) {}

  @Get('find')
  @AnyRole()
  async find(@Req() req: Request, @Res() res: Response, @Query() query: SearchQuery) {
    const choices = await this.graphql.read<FindChoicesQuery>(req, res, 'FindChoices');
    const form = readSearchForm(
      query,
      choices.factors.map((f) => f.code),
    );
    const errors: FieldMessage[] = [...form.errors];
    const filter = { ...form.filter };
    if (form.near && errors.length === 0) {
      const point = await this.geocoder.locate(form.near.postcode).catch(() => undefined);
      if (point === undefined) {
        errors.push({
          field: 'postcode',
          message: 'Postcodes cannot be looked up just now: choose an area instead',
        });
      } else if (point === null) {
        errors.push({ field: 'postcode', message: 'We could not find that postcode' });
      } else {
        filter.near = { lat: point.lat, lng: point.lng, radiusKm: form.near.radiusKm };
      }
    }

    let results: FindInterventionsQuery['searchInterventions'] | undefined;
    if (form.submitted && errors.length === 0) {
      const answer = await this.graphql.run<FindInterventionsQuery>(req, res, 'FindInterventions', {
        filter,
        sort: form.sort,
        first: PAGE_SIZE,
        after: form.after,
        contributionFactor: form.values.factors.length === 1 ? form.values.factors[0] : null,
      });
      const refusal = answer.errors?.[0];
      if (refusal?.extensions?.code === 'BAD_USER_INPUT') {
        const fieldErrors = (refusal.extensions.fieldErrors ?? []) as FieldMessage[];
        errors.push(
          ...(fieldErrors.length > 0
            ? fieldErrors.map((e) => ({ field: formFieldOf(e.field), message: e.message }))
            : [{ field: 'factors', message: refusal.message }]),
        );
      } else if (refusal) {
        throw pageErrorOf(refusal);
      } else {
        if (!answer.data) throw new Error('FindInterventions answered no data');
        results = answer.data.searchInterventions;
      }
    }

    const factorNames = new Map(choices.factors.map((f) => [f.code, f.name]));
    const areaNames = new Map(choices.pccAreas.map((a) => [a.code, a.name]));
    res.status(errors.length > 0 ? 400 : 200).render('pages/find/find', {
      pageTitle: 'Find an intervention',
      csrfToken: formToken(req),
      choices,
      form: form.values,
      submitted: form.submitted,
      errors,
      // The MoJ filter's tags, each a link to the search without it; "Clear filters" starts again.
      selectedFilters: selectedFilters(form.values, { factors: factorNames, pccAreas: areaNames }),
      options: {
        sexes: SEXES,
        riskLevels: RISK_LEVELS,
        supervisionTypes: SUPERVISION_TYPES,
        deliveryModes: DELIVERY_MODES,
        providerKinds: PROVIDER_KINDS,
        sorts: SORTS,
        startWithinDays: START_WITHIN_DAYS,
        radiusMiles: RADIUS_MILES,
      },
      results: results && {
        totalCount: results.totalCount,
        facets: {
          factors: Object.fromEntries(results.facets.factors.map((f) => [f.factor, f.count])),
          providerKinds: Object.fromEntries(
            results.facets.providerKinds.map((k) => [k.kind, k.count]),
          ),
        },
        items: results.edges.map((edge) => ({
          ...edge.node,
          factorNames: edge.node.factors.map((code) => factorNames.get(code) ?? code),
          distanceMiles:
            edge.distanceKm === null ? null : Math.round((edge.distanceKm / KM_PER_MILE) * 10) / 10,
          contributionWords: contributionInWords(edge.node.provider.contribution),
        })),
        nextPage: results.pageInfo.hasNextPage
          ? `/find?${searchQueryString(form.values, { after: results.pageInfo.endCursor ?? '' })}`
          : undefined,
        firstPage: form.after ? `/find?${searchQueryString(form.values)}` : undefined,
      },
      searchQuery: searchQueryString(form.values),
      sortLink: (sort: string) => `/find?${searchQueryString({ ...form.values, sort })}`,
    });
  }
}
