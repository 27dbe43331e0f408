import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { OpenToCoFunders, Roles } from '../auth/roles.decorator';
import { HttpErrorsFilter } from '../common/http-errors.filter';
import { FundingPotsArgs } from '../referrals/funding-pots.inputs';
import { CsvColumn, streamCsv } from './csv';
import { FunderSpendRow } from './funder-spend.models';
import { FunderSpendService } from './funder-spend.service';
import { readQuery } from './query-params';

export const FUNDER_SPEND_COLUMNS: CsvColumn<FunderSpendRow>[] = [
  ['funderId', (r) => r.funderId],
  ['funder', (r) => r.funderName],
  ['funderKind', (r) => r.funderKind],
  ['potId', (r) => r.potId],
  ['pot', (r) => r.potName],
  ['divisionCode', (r) => r.divisionCode],
  ['contributedPence', (r) => r.contributedPence],
  ['potTotalPence', (r) => r.potTotalPence],
  ['share', (r) => r.share],
  ['committedPence', (r) => r.committedPence],
  ['spentPence', (r) => r.spentPence],
  ['outcomePaymentsSpentPence', (r) => r.outcomePaymentsSpentPence],
  ['funderSpentPence', (r) => r.funderSpentPence],
  ['remainingPence', (r) => r.remainingPence],
  ['referrals', (r) => r.referrals],
  ['finishedReferrals', (r) => r.finishedReferrals],
  ['endOfServiceReports', (r) => r.endOfServiceReports],
  ['outcomesAchieved', (r) => r.outcomesAchieved],
  ['outcomesPartiallyAchieved', (r) => r.outcomesPartiallyAchieved],
  ['outcomesNotAchieved', (r) => r.outcomesNotAchieved],
];

async function* onePage<R>(rows: R[]): AsyncIterable<R[]> {
  yield rows;
}

/** Spend by funder as CSV, beside the other reports: `GET /reports/spendByFunder.csv?financialYear=2043`. */
@Controller('reports')
@UseFilters(HttpErrorsFilter)
export class FunderSpendController {
  constructor(private readonly funderSpend: FunderSpendService) {}

  @Get('spendByFunder.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @OpenToCoFunders()
  async spendByFunder(
    @CurrentCaller() caller: Caller,
    @Query() query: Record<string, string | string[] | undefined>,
    @Res() response: Response,
  ): Promise<void> {
    const args = await readQuery(FundingPotsArgs, query, { integers: ['financialYear'] });
    const rows = await this.funderSpend.spendByFunder(caller, args);
    await streamCsv(
      response,
      `spend-by-funder-${args.financialYear}.csv`,
      FUNDER_SPEND_COLUMNS,
      onePage(rows),
    );
  }
}
