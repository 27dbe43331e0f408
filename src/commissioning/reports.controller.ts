import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { HttpErrorsFilter } from '../common/http-errors.filter';
import { everyPage } from '../common/paging';
import {
  AdaptationProvisionRow,
  MeasureBreakdownRow,
  OwnAreaCrcPurchasesRow,
} from './breakdowns.models';
import { BreakdownsService } from './breakdowns.service';
import { CsvColumn, streamCsv } from './csv';
import { GAP_CSV_COLUMNS } from './gap-csv-columns';
import { USAGE_CSV_COLUMNS } from './usage-csv-columns';
import { SPEND_CSV_COLUMNS } from './spend-csv-columns';
import { REVIEW_CSV_COLUMNS, RISK_CSV_COLUMNS } from './review-csv-columns';
import { ReviewService } from './review.service';
import { readQuery } from './query-params';
import {
  AdaptationProvisionArgs,
  MeasureBreakdownArgs,
  OwnAreaCrcPurchasesArgs,
  PeriodArgs,
  ProvisionGapFilter,
  RateCardReviewArgs,
  RateCardUsageFilter,
  ServicesAtRiskArgs,
  SpendArgs,
  StaleListingsArgs,
} from './reports.inputs';
import { AreaWithoutPurchases, StaleListing } from './reports.models';
import { ReportsService } from './reports.service';

type QueryString = Record<string, string | string[] | undefined>;

/** Rows a page of this size at a time, so a national report never sits whole in memory. */
const PAGE = 500;

const ABSENCE_COLUMNS: CsvColumn<AreaWithoutPurchases>[] = [
  ['level', (r) => r.level],
  ['code', (r) => r.code],
  ['name', (r) => r.name],
  ['divisionCode', (r) => r.divisionCode],
  ['searches', (r) => r.searches],
  ['lastPurchaseAt', (r) => r.lastPurchaseAt?.toISOString() ?? null],
];

const STALE_COLUMNS: CsvColumn<StaleListing>[] = [
  ['interventionId', (r) => r.interventionId],
  ['intervention', (r) => r.title],
  ['providerId', (r) => r.providerId],
  ['provider', (r) => r.providerName],
  ['lastConfirmedAt', (r) => r.lastConfirmedAt.toISOString()],
  ['daysSinceConfirmed', (r) => r.daysSinceConfirmed],
  ['placesAvailable', (r) => r.placesAvailable],
];

export const BREAKDOWN_COLUMNS: CsvColumn<MeasureBreakdownRow>[] = [
  ['key', (r) => r.key],
  ['referrals', (r) => r.referrals],
  ['spendPence', (r) => r.spendPence],
  ['needs', (r) => r.needs],
  ['needsMet', (r) => r.needsMet],
  ['availabilityRate', (r) => r.availabilityRate],
  ['judgements', (r) => r.judgements],
  ['contributionRate', (r) => r.contributionRate],
  ['riskOfHarmFocusApplicable', (r) => r.riskOfHarmFocusApplicable],
  ['riskOfHarmFocusRate', (r) => r.riskOfHarmFocusRate],
  ['informationForReviewApplicable', (r) => r.informationForReviewApplicable],
  ['informationForReviewRate', (r) => r.informationForReviewRate],
];

export const OWN_AREA_CRC_COLUMNS: CsvColumn<OwnAreaCrcPurchasesRow>[] = [
  ['contractPackageAreaCode', (r) => r.contractPackageArea.code],
  ['contractPackageArea', (r) => r.contractPackageArea.name],
  ['divisionCode', (r) => r.divisionCode],
  ['crcId', (r) => r.crcId],
  ['referrals', (r) => r.referrals],
  ['fromOwnCrc', (r) => r.fromOwnCrc],
  ['share', (r) => r.share],
  ['divisionReferrals', (r) => r.divisionReferrals],
  ['shareOfDivision', (r) => r.shareOfDivision],
];

export const ADAPTATION_COLUMNS: CsvColumn<AdaptationProvisionRow>[] = [
  ['pccAreaCode', (r) => r.pccArea.code],
  ['pccArea', (r) => r.pccArea.name],
  ['publishedInterventions', (r) => r.publishedInterventions],
  ['adapted', (r) => r.adapted],
  ['share', (r) => r.share],
  ['adaptedPlacesAvailable', (r) => r.adaptedPlacesAvailable],
  ['adaptedReferrals', (r) => r.adaptedReferrals],
];

async function* onePage<R>(rows: R[]): AsyncIterable<R[]> {
  yield rows;
}

/**
 * The reports as CSV for spreadsheets: `GET /reports/<name>.csv?<the GraphQL filter's fields>`,
 * with the same bearer token, roles and scope as the GraphQL queries. Errors are JSON.
 */
@Controller('reports')
@UseFilters(HttpErrorsFilter)
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly breakdowns: BreakdownsService,
    private readonly review: ReviewService,
  ) {}

  @Get('provisionGaps.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async provisionGaps(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const filter = await readQuery(ProvisionGapFilter, query, { lists: ['factors', 'gaps'] });
    const rows = await this.reports.provisionGaps(caller, filter);
    await streamCsv(response, 'provision-gaps.csv', GAP_CSV_COLUMNS, onePage(rows));
  }

  @Get('rateCardUsage.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN, Role.SUPPLIER)
  async rateCardUsage(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const filter = await readQuery(RateCardUsageFilter, query, { booleans: ['bought'] });
    // The first page is read before answering, so a scope or input error is still a JSON error.
    const first = await this.reports.rateCardUsage(caller, { filter, first: PAGE });
    const pages = everyPage((after) =>
      after
        ? this.reports.rateCardUsage(caller, { filter, first: PAGE, after })
        : Promise.resolve(first),
    );
    await streamCsv(response, 'rate-card-usage.csv', USAGE_CSV_COLUMNS, pages);
  }

  @Get('spend.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async spend(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(SpendArgs, query);
    const rows = await this.reports.spend(caller, args);
    await streamCsv(
      response,
      `spend-by-${args.groupBy.toLowerCase()}${args.pccAreaCode ? `-in-${args.pccAreaCode}` : ''}.csv`,
      SPEND_CSV_COLUMNS,
      onePage(rows),
    );
  }

  @Get('divisionsWithoutPurchases.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async divisionsWithoutPurchases(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(PeriodArgs, query);
    const rows = await this.reports.divisionsWithoutPurchases(caller, args);
    await streamCsv(response, 'divisions-without-purchases.csv', ABSENCE_COLUMNS, onePage(rows));
  }

  @Get('staleListings.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async staleListings(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(StaleListingsArgs, query, { integers: ['olderThanDays'] });
    const { olderThanDays, divisionCode } = args;
    const pageArgs = { olderThanDays, divisionCode, first: PAGE };
    const first = await this.reports.staleListings(caller, pageArgs);
    const pages = everyPage((after) =>
      after ? this.reports.staleListings(caller, { ...pageArgs, after }) : Promise.resolve(first),
    );
    await streamCsv(response, 'stale-listings.csv', STALE_COLUMNS, pages);
  }

  @Get('measureBreakdown.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async measureBreakdown(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(MeasureBreakdownArgs, query);
    const rows = await this.breakdowns.measureBreakdown(caller, args);
    await streamCsv(
      response,
      `measures-by-${args.by.toLowerCase().replace('_', '-')}.csv`,
      BREAKDOWN_COLUMNS,
      onePage(rows),
    );
  }

  @Get('ownAreaCrcPurchases.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async ownAreaCrcPurchases(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(OwnAreaCrcPurchasesArgs, query);
    const rows = await this.breakdowns.ownAreaCrcPurchases(caller, args);
    await streamCsv(response, 'own-area-crc-purchases.csv', OWN_AREA_CRC_COLUMNS, onePage(rows));
  }

  @Get('adaptationProvision.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async adaptationProvision(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(AdaptationProvisionArgs, query);
    const rows = await this.breakdowns.adaptationProvision(caller, args);
    await streamCsv(response, 'adaptation-provision.csv', ADAPTATION_COLUMNS, onePage(rows));
  }

  @Get('rateCardReview.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN, Role.SUPPLIER)
  async rateCardReview(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(RateCardReviewArgs, query);
    const rows = await this.review.rateCardReview(caller, args);
    await streamCsv(response, 'rate-card-review.csv', REVIEW_CSV_COLUMNS, onePage(rows));
  }

  @Get('servicesAtRisk.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async servicesAtRisk(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(ServicesAtRiskArgs, query);
    const rows = await this.review.servicesAtRisk(caller, args);
    await streamCsv(response, 'services-at-risk.csv', RISK_CSV_COLUMNS, onePage(rows));
  }
}
