import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { CsvColumn } from '../../commissioning/csv';
import {
  REVIEW_CSV_COLUMNS,
  ReviewCsvRow,
  RISK_CSV_COLUMNS,
  RiskCsvRow,
} from '../../commissioning/review-csv-columns';
import type {
  RateCardReviewQuery,
  RateCardReviewQueryVariables,
  ReviewMeQuery,
  ReviewProvidersQuery,
  ServicesAtRiskQuery,
  ServicesAtRiskQueryVariables,
} from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { pageErrorOf, WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';

type QueryString = Record<string, string | string[] | undefined>;
type ReviewRow = RateCardReviewQuery['rateCardReview'][number];
type RiskRow = ServicesAtRiskQuery['servicesAtRisk'][number];

const one = (value: string | string[] | undefined): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

/** The verdicts as the page names and colours them. */
export const VERDICTS: Record<string, { text: string; colour: string }> = {
  USED: { text: 'Used', colour: 'green' },
  UNDERUSED: { text: 'Underused', colour: 'yellow' },
  UNUSED: { text: 'Unused', colour: 'red' },
  UNMET: { text: 'Unmet need', colour: 'purple' },
};

/** A CSV file of rows, by the same columns the API's CSV route writes. */
function sendCsv<R>(res: Response, filename: string, columns: CsvColumn<R>[], rows: R[]): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(
    stringify([
      columns.map(([name]) => name),
      ...rows.map((row) => columns.map(([, get]) => get(row))),
    ]),
  );
}

const reviewCsvRow = (row: ReviewRow, providerId: string): ReviewCsvRow => ({
  ...row,
  interventionId: row.intervention.id,
  providerId,
});

const riskCsvRow = (row: RiskRow): RiskCsvRow => ({
  ...row,
  interventionId: row.intervention.id,
  providerId: row.provider.id,
});

/**
 * The rate card review (commissioners pick a provider; suppliers see their own) and the
 * services at risk (commissioners), each a table with a CSV of the API's own figures and columns.
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class ReviewController {
  constructor(private readonly graphql: WebGraphql) {}

  /** The review's rows, or the period's field errors for the form. */
  private async review(
    req: Request,
    res: Response,
    variables: RateCardReviewQueryVariables,
  ): Promise<{ data?: RateCardReviewQuery; errors: FieldMessage[] }> {
    const answer = await this.graphql.run<RateCardReviewQuery, RateCardReviewQueryVariables>(
      req,
      res,
      'RateCardReview',
      variables,
    );
    const refusal = answer.errors?.[0];
    if (refusal?.extensions?.code === 'BAD_USER_INPUT') {
      const fields = (refusal.extensions.fieldErrors ?? []) as FieldMessage[];
      const errors = fields.filter((e) => e.field === 'from' || e.field === 'to');
      if (errors.length === 0) throw new PageNotFoundError();
      return { errors };
    }
    if (refusal) throw pageErrorOf(refusal);
    return { data: answer.data!, errors: [] };
  }

  private period(query: QueryString): { from?: string; to?: string } {
    return { from: one(query.from), to: one(query.to) };
  }

  private async renderReview(
    req: Request,
    res: Response,
    query: QueryString,
    providerId: string | undefined,
    area: 'commissioning' | 'listings',
    providers: { id: string; name: string }[],
  ): Promise<void> {
    const period = this.period(query);
    const result = providerId
      ? await this.review(req, res, { providerId, ...period })
      : { errors: [] as FieldMessage[], data: undefined };
    const base = area === 'commissioning' ? '/commissioning/rate-card-review' : '/listings/review';
    const params = new URLSearchParams(
      Object.entries({
        provider: area === 'commissioning' ? providerId : undefined,
        ...period,
      }).filter(([, v]) => v) as [string, string][],
    ).toString();
    const rows = result.data?.rateCardReview ?? [];
    res.status(result.errors.length ? 400 : 200).render('pages/review/rate-card-review', {
      pageTitle: result.data?.organisation
        ? `Rate card review: ${result.data.organisation.name}`
        : 'Rate card review',
      csrfToken: formToken(req),
      area,
      base,
      errors: result.errors,
      providers,
      providerId,
      period,
      organisation: result.data?.organisation,
      rows: rows.map((row) => ({ ...row, verdictTag: VERDICTS[row.verdict] })),
      counts: Object.keys(VERDICTS).map((verdict) => ({
        ...VERDICTS[verdict],
        count: rows.filter((row) => row.verdict === verdict).length,
      })),
      csvLink: `${base}.csv${params ? `?${params}` : ''}`,
    });
  }

  @Get('commissioning/rate-card-review')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async commissionerReview(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const { organisations } = await this.graphql.read<ReviewProvidersQuery>(
      req,
      res,
      'ReviewProviders',
    );
    await this.renderReview(req, res, query, one(query.provider), 'commissioning', [
      ...organisations.nodes,
    ]);
  }

  @Get('commissioning/rate-card-review.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async commissionerReviewCsv(
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: QueryString,
  ) {
    const providerId = one(query.provider);
    if (!providerId) throw new PageNotFoundError();
    await this.reviewCsv(req, res, providerId, query);
  }

  @Get('listings/review')
  @Roles(Role.SUPPLIER)
  async supplierReview(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const providerId = await this.ownOrganisation(req, res);
    await this.renderReview(req, res, query, providerId, 'listings', []);
  }

  @Get('listings/review.csv')
  @Roles(Role.SUPPLIER)
  async supplierReviewCsv(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    await this.reviewCsv(req, res, await this.ownOrganisation(req, res), query);
  }

  private async ownOrganisation(req: Request, res: Response): Promise<string> {
    const { me } = await this.graphql.read<ReviewMeQuery>(req, res, 'ReviewMe');
    if (!me.organisationId) throw new PageNotFoundError();
    return me.organisationId;
  }

  private async reviewCsv(
    req: Request,
    res: Response,
    providerId: string,
    query: QueryString,
  ): Promise<void> {
    const { data, errors } = await this.review(req, res, { providerId, ...this.period(query) });
    if (errors.length || !data) throw new PageNotFoundError();
    sendCsv(
      res,
      'rate-card-review.csv',
      REVIEW_CSV_COLUMNS,
      data.rateCardReview.map((row) => reviewCsvRow(row, providerId)),
    );
  }

  // ---- Services at risk ----------------------------------------------------------------------

  private async risks(req: Request, res: Response, query: QueryString) {
    return this.graphql.read<ServicesAtRiskQuery, ServicesAtRiskQueryVariables>(
      req,
      res,
      'ServicesAtRisk',
      one(query.division) ? { divisionCode: one(query.division) } : {},
    );
  }

  @Get('commissioning/services-at-risk')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async servicesAtRisk(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const data = await this.risks(req, res, query);
    const division = one(query.division);
    const rows = data.servicesAtRisk;
    res.render('pages/review/services-at-risk', {
      pageTitle: 'Services at risk',
      csrfToken: formToken(req),
      rows,
      women: rows.filter((r) => r.onlyWithAdaptations.includes('WOMEN_ONLY')).length,
      listings: new Set(rows.map((r) => r.intervention.id)).size,
      csvLink: `/commissioning/services-at-risk.csv${division ? `?division=${encodeURIComponent(division)}` : ''}`,
    });
  }

  @Get('commissioning/services-at-risk.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async servicesAtRiskCsv(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const data = await this.risks(req, res, query);
    sendCsv(res, 'services-at-risk.csv', RISK_CSV_COLUMNS, data.servicesAtRisk.map(riskCsvRow));
  }
}
