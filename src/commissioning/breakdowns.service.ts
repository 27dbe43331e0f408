import { Injectable } from '@nestjs/common';
import { Caller } from '../auth/caller';
import { Adaptation, Sex, SupervisionType } from '../catalogue/catalogue.enums';
import { listingAreasSql } from '../catalogue/listing-rules';
import { Clock } from '../common/clock';
import { ReportingDatabase } from '../database/reporting-database';
import { SqlParams } from '../common/sql-params';
import { ReferenceService } from '../reference/reference.service';
import {
  AdaptationProvisionRow,
  BreakdownDimension,
  MeasureBreakdownRow,
  OwnAreaCrcPurchasesRow,
} from './breakdowns.models';
import { CommissioningPolicy } from './commissioning.policy';
import { needCountsCte, pendingSearchesCte } from './demand-rollups';
import { reportPeriod } from './report-period';
import {
  AdaptationProvisionArgs,
  MeasureBreakdownArgs,
  OwnAreaCrcPurchasesArgs,
  PeriodArgs,
} from './reports.inputs';

/** The shared parameter builder, plus the reports' period condition (as ReportsService's). */
class Params extends SqlParams {
  period(column: string, period: { from: string; to: string }): string {
    const from = this.add(period.from, '::date');
    const to = this.add(period.to, '::date');
    return `${column} >= (${from}::timestamp AT TIME ZONE 'Europe/London') AND ${column} < ((${to} + 1)::timestamp AT TIME ZONE 'Europe/London')`;
  }
}

/** Referrals that committed or spent money: declined and cancelled ones gave it back. */
const BOUGHT = `r.status NOT IN ('DECLINED', 'CANCELLED')`;
const NOT_GIVEN = 'NOT_GIVEN';

const share = (numerator: number, denominator: number) =>
  denominator > 0 ? numerator / denominator : null;

/**
 * The breakdowns the inspectorate's reports asked for: purchases, outcomes and availability by
 * sex and by supervision type; provision of an adaptation (services focused on Black, Asian and
 * minority ethnic people) by area; NPS purchases from their own area's CRC, by CPA. Aggregated
 * in PostgreSQL; scope applied in the query by CommissioningPolicy.
 */
@Injectable()
export class BreakdownsService {
  constructor(
    private readonly reporting: ReportingDatabase,
    private readonly policy: CommissioningPolicy,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  async measureBreakdown(
    caller: Caller,
    args: MeasureBreakdownArgs,
  ): Promise<MeasureBreakdownRow[]> {
    const scope = await this.policy.areas(caller, { divisionCode: args.divisionCode }, '');
    const period = this.period(args);
    const [referralColumn, keys] =
      args.by === BreakdownDimension.SEX
        ? ['person_sex', Object.values(Sex) as string[]]
        : ['person_supervision_type', Object.values(SupervisionType) as string[]];
    const p = new Params();
    const areas = p.add(scope.areaCodes, '::text[]');
    // An anonymised referral no longer says (see docs/data-protection.md).
    const notGiven = p.add(NOT_GIVEN);
    const sql = `
      WITH bought AS (
        SELECT COALESCE(r.${referralColumn}, ${notGiven}) AS key, count(*)::int AS referrals,
               COALESCE(sum(r.total_pence + COALESCE(r.outcome_payment_earned_pence, r.outcome_payment_max_pence)), 0)::text AS spend
        FROM referral r
        WHERE ${BOUGHT} AND r.pcc_area_code = ANY(${areas}) AND ${p.period('r.created_at', period)}
        GROUP BY 1
      ),
      judged AS (
        SELECT COALESCE(r.${referralColumn}, ${notGiven}) AS key, count(*)::int AS judgements,
               count(*) FILTER (WHERE j.sufficient)::int AS sufficient
        FROM outcome o JOIN outcome_factor_judgement j ON j.outcome_id = o.id
        JOIN referral r ON r.id = o.referral_id
        WHERE r.pcc_area_code = ANY(${areas}) AND ${p.period('o.recorded_at', period)}
        GROUP BY 1
      ),
      focus AS (
        SELECT COALESCE(r.${referralColumn}, ${notGiven}) AS key,
               count(*) FILTER (WHERE o.risk_of_harm_focus <> 'NOT_APPLICABLE')::int AS rof_applicable,
               count(*) FILTER (WHERE o.risk_of_harm_focus = 'YES')::int AS rof,
               count(*) FILTER (WHERE o.information_for_review <> 'NOT_APPLICABLE')::int AS ifr_applicable,
               count(*) FILTER (WHERE o.information_for_review = 'YES')::int AS ifr
        FROM outcome o JOIN referral r ON r.id = o.referral_id
        WHERE r.pcc_area_code = ANY(${areas}) AND ${p.period('o.recorded_at', period)}
        GROUP BY 1
      ),
      ${pendingSearchesCte(p, period)},
      ${needCountsCte('need_counts', p, period, areas, args.by)},
      needs AS (
        SELECT COALESCE(NULLIF(key, ''), ${notGiven}) AS key, sum(needs)::int AS needs, sum(met)::int AS met
        FROM need_counts GROUP BY 1
      )
      SELECT k.key, COALESCE(b.referrals, 0) AS referrals, COALESCE(b.spend, '0') AS spend,
             COALESCE(j.judgements, 0) AS judgements, COALESCE(j.sufficient, 0) AS sufficient,
             COALESCE(f.rof_applicable, 0) AS rof_applicable, COALESCE(f.rof, 0) AS rof,
             COALESCE(f.ifr_applicable, 0) AS ifr_applicable, COALESCE(f.ifr, 0) AS ifr,
             COALESCE(n.needs, 0) AS needs, COALESCE(n.met, 0) AS met
      FROM unnest(${p.add([...keys, NOT_GIVEN], '::text[]')}) WITH ORDINALITY AS k(key, position)
      LEFT JOIN bought b ON b.key = k.key
      LEFT JOIN judged j ON j.key = k.key
      LEFT JOIN focus f ON f.key = k.key
      LEFT JOIN needs n ON n.key = k.key
      ORDER BY k.position`;
    const rows = await this.reporting.query<
      {
        key: string;
        referrals: number;
        spend: string;
        judgements: number;
        sufficient: number;
        rof_applicable: number;
        rof: number;
        ifr_applicable: number;
        ifr: number;
        needs: number;
        met: number;
      }[]
    >(sql, p.values);
    return rows.map((row) => ({
      key: row.key,
      referrals: row.referrals,
      spendPence: Number(row.spend),
      judgements: row.judgements,
      contributionRate: share(row.sufficient, row.judgements),
      riskOfHarmFocusApplicable: row.rof_applicable,
      riskOfHarmFocusRate: share(row.rof, row.rof_applicable),
      informationForReviewApplicable: row.ifr_applicable,
      informationForReviewRate: share(row.ifr, row.ifr_applicable),
      needs: row.needs,
      needsMet: row.met,
      availabilityRate: share(row.met, row.needs),
    }));
  }

  async adaptationProvision(
    caller: Caller,
    args: AdaptationProvisionArgs,
  ): Promise<AdaptationProvisionRow[]> {
    const scope = await this.policy.areas(caller, { divisionCode: args.divisionCode }, '');
    const period = this.period(args);
    const { pccAreaByCode } = await this.reference.data();
    const p = new Params();
    const areas = p.add(scope.areaCodes, '::text[]');
    const adaptation = p.add(args.adaptation ?? Adaptation.BAME_FOCUSED);
    const sql = `
      WITH reach AS (
        SELECT i.id, a.pcc, ${adaptation} = ANY(i.adaptations) AS adapted,
               GREATEST(i.capacity - i.places_held, 0) AS places
        FROM intervention i
        CROSS JOIN LATERAL ${listingAreasSql('i')} a
        WHERE i.status = 'PUBLISHED' AND a.pcc = ANY(${areas})
      ),
      supply AS (
        SELECT pcc, count(*)::int AS published, count(*) FILTER (WHERE adapted)::int AS adapted,
               COALESCE(sum(places) FILTER (WHERE adapted), 0)::int AS places
        FROM reach GROUP BY pcc
      ),
      bought AS (
        SELECT r.pcc_area_code AS pcc, count(*)::int AS referrals
        FROM referral r JOIN intervention i ON i.id = r.intervention_id
        WHERE ${BOUGHT} AND r.pcc_area_code = ANY(${areas}) AND ${adaptation} = ANY(i.adaptations)
          AND ${p.period('r.created_at', period)}
        GROUP BY 1
      )
      SELECT a.pcc, COALESCE(s.published, 0) AS published, COALESCE(s.adapted, 0) AS adapted,
             COALESCE(s.places, 0) AS places, COALESCE(b.referrals, 0) AS referrals
      FROM unnest(${areas}) AS a(pcc)
      LEFT JOIN supply s ON s.pcc = a.pcc
      LEFT JOIN bought b ON b.pcc = a.pcc
      ORDER BY a.pcc`;
    const rows = await this.reporting.query<
      { pcc: string; published: number; adapted: number; places: number; referrals: number }[]
    >(sql, p.values);
    return rows.map((row) => ({
      pccArea: pccAreaByCode.get(row.pcc)!,
      publishedInterventions: row.published,
      adapted: row.adapted,
      share: share(row.adapted, row.published),
      adaptedPlacesAvailable: row.places,
      adaptedReferrals: row.referrals,
    }));
  }

  async ownAreaCrcPurchases(
    caller: Caller,
    args: OwnAreaCrcPurchasesArgs,
  ): Promise<OwnAreaCrcPurchasesRow[]> {
    const scope = await this.policy.areas(caller, { divisionCode: args.divisionCode }, '');
    const period = this.period(args);
    const { contractPackageAreas, contractPackageAreaByCode } = await this.reference.data();
    const cpas = contractPackageAreas.filter((c) =>
      c.pccAreas.some((a) => scope.areaCodes.includes(a.code)),
    );
    const p = new Params();
    const cpaCodes = p.add(
      cpas.map((c) => c.code),
      '::text[]',
    );
    const cpaAreas = p.add(
      cpas.map((c) => c.pccAreas.map((a) => a.code).join(',')),
      '::text[]',
    );
    const cpaDivisions = p.add(
      cpas.map((c) => c.division.code),
      '::text[]',
    );
    const sql = `
      WITH cpa AS (
        SELECT code, string_to_array(areas, ',') AS areas, division
        FROM unnest(${cpaCodes}, ${cpaAreas}, ${cpaDivisions}) AS c(code, areas, division)
      ),
      bought AS (
        SELECT r.pcc_area_code, r.division_code, o.kind, o.contract_package_area_code AS crc_cpa
        FROM referral r JOIN organisation o ON o.id = r.provider_id
        WHERE ${BOUGHT} AND ${p.period('r.created_at', period)}
      )
      SELECT c.code, c.division,
             (SELECT o.id FROM organisation o WHERE o.kind = 'CRC' AND o.contract_package_area_code = c.code
               ORDER BY o.created_at LIMIT 1) AS crc_id,
             (SELECT count(*) FROM bought b WHERE b.pcc_area_code = ANY(c.areas))::int AS referrals,
             (SELECT count(*) FROM bought b WHERE b.pcc_area_code = ANY(c.areas)
                AND b.kind = 'CRC' AND b.crc_cpa = c.code)::int AS own,
             (SELECT count(*) FROM bought b WHERE b.division_code = c.division)::int AS division_referrals
      FROM cpa c ORDER BY c.division, c.code`;
    const rows = await this.reporting.query<
      {
        code: string;
        division: string;
        crc_id: string | null;
        referrals: number;
        own: number;
        division_referrals: number;
      }[]
    >(sql, p.values);
    return rows.map((row) => ({
      contractPackageArea: contractPackageAreaByCode.get(row.code)!,
      divisionCode: row.division,
      crcId: row.crc_id,
      referrals: row.referrals,
      fromOwnCrc: row.own,
      share: share(row.own, row.referrals),
      divisionReferrals: row.division_referrals,
      shareOfDivision: share(row.own, row.division_referrals),
    }));
  }

  private period(input: PeriodArgs): { from: string; to: string } {
    return reportPeriod(input, this.clock.today());
  }
}
