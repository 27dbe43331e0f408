import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { HttpErrorsFilter } from '../common/http-errors.filter';
import { CsvColumn, streamCsv } from './csv';
import { readQuery } from './query-params';
import {
  PeriodArgs,
  ProvisionGapFilter,
  RateCardUsageFilter,
  SpendArgs,
  StaleListingsArgs,
} from './reports.inputs';
import {
  AreaWithoutPurchases,
  ProvisionGapRow,
  RateCardUsageRow,
  SpendRow,
  StaleListing,
} from './reports.models';
import { ReportsService } from './reports.service';

type QueryString = Record<string, string | string[] | undefined>;

/** Rows a page of this size at a time, so a national report never sits whole in memory. */
const PAGE = 500;

const GAP_COLUMNS: CsvColumn<ProvisionGapRow>[] = [
  ['pccAreaCode', (r) => r.pccArea.code],
  ['pccArea', (r) => r.pccArea.name],
  ['divisionCode', (r) => r.pccArea.division.code],
  ['factorCode', (r) => r.factor.code],
  ['factor', (r) => r.factor.name],
  ['publishedInterventions', (r) => r.publishedInterventions],
  ['placesAvailable', (r) => r.placesAvailable],
  ['searches', (r) => r.searches],
  ['searchesWithNoResult', (r) => r.searchesWithNoResult],
  ['availabilityRate', (r) => r.availabilityRate],
  ['referrals', (r) => r.referrals],
  ['declined', (r) => r.declined],
  ['medianDaysToStart', (r) => r.medianDaysToStart],
  ['judgements', (r) => r.judgements],
  ['contributionRate', (r) => r.contributionRate],
  ['gap', (r) => r.gap],
];

const USAGE_COLUMNS: CsvColumn<RateCardUsageRow>[] = [
  ['interventionId', (r) => r.interventionId],
  ['intervention', (r) => r.title],
  ['providerId', (r) => r.providerId],
  ['provider', (r) => r.providerName],
  ['status', (r) => r.status],
  ['referrals', (r) => r.referrals],
  ['completed', (r) => r.completed],
  ['givenBack', (r) => r.givenBack],
  ['spendPence', (r) => r.spendPence],
  ['feePence', (r) => r.feePence],
  ['outcomePaymentsPence', (r) => r.outcomePaymentsPence],
  ['lastReferralAt', (r) => r.lastReferralAt?.toISOString() ?? null],
];

const SPEND_COLUMNS: CsvColumn<SpendRow>[] = [
  ['key', (r) => r.key],
  ['label', (r) => r.label],
  ['referrals', (r) => r.referrals],
  ['spendPence', (r) => r.spendPence],
  ['feePence', (r) => r.feePence],
  ['outcomePaymentsPence', (r) => r.outcomePaymentsPence],
  ['share', (r) => r.share],
];

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

async function* onePage<R>(rows: R[]): AsyncIterable<R[]> {
  yield rows;
}

/** Every page of a keyset connection, one after another. */
async function* everyPage<R>(
  fetch: (after?: string) => Promise<{
    edges: { node: R }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }>,
): AsyncIterable<R[]> {
  let after: string | undefined;
  do {
    const page = await fetch(after);
    yield page.edges.map((edge) => edge.node);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : undefined;
  } while (after);
}

/**
 * The reports as CSV for spreadsheets: `GET /reports/<name>.csv?<the GraphQL filter's fields>`,
 * with the same bearer token, roles and scope as the GraphQL queries. Errors are JSON.
 */
@Controller('reports')
@UseFilters(HttpErrorsFilter)
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('provisionGaps.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async provisionGaps(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const filter = await readQuery(ProvisionGapFilter, query, { lists: ['factors', 'gaps'] });
    const rows = await this.reports.provisionGaps(caller, filter);
    await streamCsv(response, 'provision-gaps.csv', GAP_COLUMNS, onePage(rows));
  }

  @Get('rateCardUsage.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN, Role.SUPPLIER)
  async rateCardUsage(
    @CurrentCaller() caller: Caller,
    @Query() query: QueryString,
    @Res() response: Response,
  ): Promise<void> {
    const filter = await readQuery(RateCardUsageFilter, query);
    // The first page is read before answering, so a scope or input error is still a JSON error.
    const first = await this.reports.rateCardUsage(caller, { filter, first: PAGE });
    const pages = everyPage((after) =>
      after
        ? this.reports.rateCardUsage(caller, { filter, first: PAGE, after })
        : Promise.resolve(first),
    );
    await streamCsv(response, 'rate-card-usage.csv', USAGE_COLUMNS, pages);
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
      `spend-by-${args.groupBy.toLowerCase()}.csv`,
      SPEND_COLUMNS,
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
}
