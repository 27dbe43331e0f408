import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { OrganisationKind } from '../catalogue/catalogue.enums';
import { BadUserInputError, ForbiddenError } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import { ReferenceService } from '../reference/reference.service';
import { potScopeOf } from '../referrals/funding-pots.service';
import { FundingPotsArgs } from '../referrals/funding-pots.inputs';
import { FunderSpendRow } from './funder-spend.models';

interface SqlRow {
  funderId: string;
  funderName: string;
  funderKind: OrganisationKind;
  potId: string;
  potName: string;
  divisionCode: string;
  contributed: string;
  total: string;
  committed: string;
  spent: string;
  outcomeSpent: string;
  referrals: number;
  finished: number;
  reports: number;
  achieved: number;
  partially: number;
  notAchieved: number;
}

/**
 * Spend by funder (joint commissioning): a row per co-funder and pot of a financial year, with
 * the pot's money and the outcomes of the referrals it paid for. Admins and national
 * commissioners see every pot; a division's commissioner its division's; a co-funder's
 * commissioner only its own rows. One statement, read-only.
 */
@Injectable()
export class FunderSpendService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
  ) {}

  async spendByFunder(caller: Caller, args: FundingPotsArgs): Promise<FunderSpendRow[]> {
    const scope = potScopeOf(caller);
    if (args.divisionCode !== undefined) {
      const { divisionByCode } = await this.reference.data();
      if (!divisionByCode.has(args.divisionCode))
        throw new BadUserInputError('Unknown division', [
          { field: 'divisionCode', message: `unknown division ${args.divisionCode}` },
        ]);
      if (scope.kind === 'DIVISION' && scope.divisionCode !== args.divisionCode)
        throw new ForbiddenError(
          `Your reports are limited to division ${scope.divisionCode}`,
          'OUT_OF_SCOPE',
        );
    }
    const p = new SqlParams();
    const pots = [`p.financial_year = ${p.add(args.financialYear, '::int')}`];
    if (args.divisionCode) pots.push(`p.division_code = ${p.add(args.divisionCode)}`);
    if (scope.kind === 'DIVISION') pots.push(`p.division_code = ${p.add(scope.divisionCode)}`);
    const funders =
      scope.kind === 'FUNDER'
        ? `WHERE f.organisation_id = ${p.add(scope.organisationId, '::uuid')}`
        : '';
    const rows = await this.dataSource.query<SqlRow[]>(
      `WITH pots AS (SELECT p.* FROM funding_pot p WHERE ${pots.join(' AND ')}),
       bought AS (
         SELECT r.funding_pot_id AS pot_id,
                count(*) FILTER (WHERE r.status NOT IN ('DECLINED', 'CANCELLED'))::int AS referrals,
                count(*) FILTER (WHERE r.status IN ('COMPLETED', 'ENDED_EARLY'))::int AS finished
         FROM referral r WHERE r.funding_pot_id IN (SELECT id FROM pots)
         GROUP BY r.funding_pot_id),
       reported AS (
         SELECT r.funding_pot_id AS pot_id, count(DISTINCT e.id)::int AS reports,
                count(eo.report_id) FILTER (WHERE eo.achievement = 'ACHIEVED')::int AS achieved,
                count(eo.report_id) FILTER (WHERE eo.achievement = 'PARTIALLY_ACHIEVED')::int AS partially,
                count(eo.report_id) FILTER (WHERE eo.achievement = 'NOT_ACHIEVED')::int AS not_achieved
         FROM referral r
         JOIN end_of_service_report e ON e.referral_id = r.id
         LEFT JOIN end_of_service_outcome eo ON eo.report_id = e.id
         WHERE r.funding_pot_id IN (SELECT id FROM pots)
         GROUP BY r.funding_pot_id)
       SELECT f.organisation_id AS "funderId", o.name AS "funderName", o.kind AS "funderKind",
              p.id AS "potId", p.name AS "potName", p.division_code AS "divisionCode",
              f.amount_pence::text AS contributed, p.total_pence::text AS total,
              p.committed_pence::text AS committed, p.spent_pence::text AS spent,
              p.outcome_payments_spent_pence::text AS "outcomeSpent",
              coalesce(b.referrals, 0) AS referrals, coalesce(b.finished, 0) AS finished,
              coalesce(x.reports, 0) AS reports, coalesce(x.achieved, 0) AS achieved,
              coalesce(x.partially, 0) AS partially, coalesce(x.not_achieved, 0) AS "notAchieved"
       FROM pots p
       JOIN funding_pot_funder f ON f.pot_id = p.id
       JOIN organisation o ON o.id = f.organisation_id
       LEFT JOIN bought b ON b.pot_id = p.id
       LEFT JOIN reported x ON x.pot_id = p.id
       ${funders}
       ORDER BY o.name, o.id, p.division_code, p.name, p.id`,
      p.values,
    );
    return rows.map((r) => {
      const contributed = Number(r.contributed);
      const total = Number(r.total);
      const spent = Number(r.spent);
      const committed = Number(r.committed);
      return {
        funderId: r.funderId,
        funderName: r.funderName,
        funderKind: r.funderKind,
        potId: r.potId,
        potName: r.potName,
        divisionCode: r.divisionCode,
        contributedPence: contributed,
        potTotalPence: total,
        share: total > 0 ? contributed / total : 0,
        committedPence: committed,
        spentPence: spent,
        outcomePaymentsSpentPence: Number(r.outcomeSpent),
        // Integer arithmetic (BigInt): pence x pence can pass 2^53.
        funderSpentPence:
          total > 0 ? Number((BigInt(spent) * BigInt(contributed)) / BigInt(total)) : 0,
        remainingPence: total - committed - spent,
        referrals: r.referrals,
        finishedReferrals: r.finished,
        endOfServiceReports: r.reports,
        outcomesAchieved: r.achieved,
        outcomesPartiallyAchieved: r.partially,
        outcomesNotAchieved: r.notAchieved,
      };
    });
  }
}
