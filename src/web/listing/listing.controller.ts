import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../../auth/role';
import { AnyRole } from '../../auth/roles.decorator';
import { contributionInWords } from '../find/contribution-words';
import { readSearchForm, SearchQuery, searchQueryString } from '../find/search-form';
import type { ListingPageForPersonQuery, ListingPageQuery } from '../graphql-types';
import { PageNotFoundError } from '../web-errors';
import { WebGraphql } from '../web-graphql';
import { WebErrorsFilter } from '../web-errors.filter';
import { formToken } from '../web-session';

/** Names of the criteria as a referrer reads them. */
const CRITERIA: Record<string, string> = {
  sex: 'Sex',
  age: 'Age',
  riskLevel: 'Risk of serious harm',
  supervisionType: 'Supervision',
};

/**
 * A listing: everything it says, in plain words, its price history, and, when the find page
 * passed the person along, whether they are eligible (the API's own rule, each failure named).
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class ListingController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get('interventions/:id')
  @AnyRole()
  async listing(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new PageNotFoundError() }))
    id: string,
    @Query() query: SearchQuery,
  ) {
    // The search the person came from, for "back to results" and the eligibility check.
    const search = readSearchForm(query, []);
    const person = search.filter.person as Record<string, unknown> | undefined;
    const data = await this.graphql.read<ListingPageQuery | ListingPageForPersonQuery>(
      req,
      res,
      person ? 'ListingPageForPerson' : 'ListingPage',
      person ? { id, person } : { id },
    );
    const listing = data.intervention;
    if (!listing) throw new PageNotFoundError();
    const eligibility = 'eligibilityFor' in listing ? listing.eligibilityFor : undefined;
    const factorNames = new Map(data.factors.map((f) => [f.code, f.name]));
    const backQuery = searchQueryString({
      ...search.values,
      factors: [query.factors ?? []].flat(),
    });
    res.render('pages/listing/listing', {
      pageTitle: listing.title,
      csrfToken: formToken(req),
      listing,
      factorNames: listing.factors.map((code) => factorNames.get(code) ?? code),
      contributionWords: contributionInWords(listing.provider.contribution),
      eligibility: eligibility && {
        ...eligibility,
        failures: eligibility.failures.map((f) => ({
          criterion: CRITERIA[f.criterion] ?? f.criterion,
          message: f.message,
        })),
      },
      person: search.values,
      backLink: Object.keys(query).length > 0 ? `/find?${backQuery}` : '/find',
      buyLink:
        req.session?.user?.roles.includes(Role.PURCHASER) &&
        listing.status === 'PUBLISHED' &&
        listing.placesAvailable > 0 &&
        eligibility?.eligible !== false
          ? `/interventions/${id}/buy?${backQuery}`
          : undefined,
    });
  }
}
