import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { Adaptation, ListingStatus } from '../catalogue/catalogue.enums';
import { listingAreasSql, staleSql } from '../catalogue/listing-rules';
import { placesAvailableSql } from '../catalogue/places.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { FactorCode } from '../reference/factor-code';
import { ReferenceService } from '../reference/reference.service';
import { CommissioningPolicy } from './commissioning.policy';
import {
  reviewVerdict,
  riskReasons,
  SPECIALIST_ADAPTATIONS,
  SUBCONTRACT_ENDING_WITHIN_DAYS,
} from './rate-card-review-rules';
import { reportPeriod } from './report-period';
import { demandCte, pendingSearchesCte } from './demand-rollups';
import { BOUGHT, Params } from './reports.service';
import { RateCardReviewArgs, ServicesAtRiskArgs } from './reports.inputs';
import { RateCardReviewRow, ServiceAtRisk } from './review.models';
import { listingsWithSubcontractEndingSql } from './subcontract-risk';

/** A listing's PCC areas: its coverage and its venues' areas (`i` is the intervention). */
const LISTING_AREAS = listingAreasSql('i');

interface ReviewSqlRow {
  id: string;
  title: string;
  status: ListingStatus;
  rationale: string | null;
  factors: FactorCode[];
  areas: string[];
  provider_id: string;
  provider_name: string;
  capacity: number;
  places_held: number;
  places: number;
  searches: number;
  nothing: number;
  purchases: number;
  completed: number;
  elsewhere: number;
  judged: number;
  sufficient: number;
  last_at: Date | null;
  last_on: string | null;
}

interface RiskSqlRow {
  id: string;
  title: string;
  status: ListingStatus;
  provider_id: string;
  provider_name: string;
  pcc: string;
  factor: FactorCode;
  only_provider: boolean;
  only_adapted: Adaptation[];
  stale: boolean;
  subcontract_ending: boolean;
  last_confirmed_at: Date;
  last_at: Date | null;
  last_on: string | null;
}

/**
 * The rate card review (is each listing on a provider's rate card justified and used?) and
 * stewardship of specialist services (which listings are the only ones of their kind in an area,
 * and at risk). Read-only SQL aggregated in PostgreSQL; the verdicts are the pure rules of
 * rate-card-review-rules.ts.
 */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: CommissioningPolicy,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Every PUBLISHED or SUSPENDED listing of the provider, with its figures and a verdict. */
  async rateCardReview(
    caller: Caller,
    args: RateCardReviewArgs,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RateCardReviewRow[]> {
    const providerId = this.policy.provider(caller, args.providerId)!;
    const period = reportPeriod(args, this.clock.today());
    const p = new Params();
    const provider = p.add(providerId, '::uuid');
    const end = `((${p.add(period.to, '::date')} + 1)::timestamp AT TIME ZONE 'Europe/London')`;
    const sql = `
      WITH provider AS (SELECT o.id, o.name FROM organisation o WHERE o.id = ${provider}),
      listing AS (
        SELECT i.id, i.title, i.status, i.rationale, i.factors, i.capacity, i.places_held,
               ${placesAvailableSql('i')} AS places, o.id AS provider_id, o.name AS provider_name,
               ARRAY(SELECT a.pcc FROM ${LISTING_AREAS} a ORDER BY a.pcc) AS areas
        FROM intervention i JOIN provider o ON o.id = i.provider_id
        WHERE i.status IN ('PUBLISHED', 'SUSPENDED')
      ),
      ${pendingSearchesCte(p, period)},
      ${demandCte('demand_rows', p, period)},
      demand AS (
        SELECT l.id, sum(d.searches)::int AS searches,
               sum(d.searches - d.available)::int AS nothing
        FROM listing l
        JOIN demand_rows d ON d.pcc = ANY(l.areas) AND d.factors && l.factors::text[]
        GROUP BY l.id
      ),
      own AS (
        SELECT r.intervention_id AS id,
               count(*) FILTER (WHERE ${p.period('r.created_at', period)})::int AS purchases,
               count(*) FILTER (WHERE ${p.period('r.created_at', period)} AND r.status = 'COMPLETED')::int AS completed,
               max(r.created_at) AS last_at
        FROM referral r
        WHERE r.intervention_id IN (SELECT id FROM listing) AND ${BOUGHT} AND r.created_at < ${end}
        GROUP BY r.intervention_id
      ),
      elsewhere AS (
        SELECT l.id, count(*)::int AS purchases
        FROM listing l
        JOIN referral r ON r.pcc_area_code = ANY(l.areas) AND r.target_factors && l.factors::text[]
          AND r.intervention_id <> l.id
        WHERE ${BOUGHT} AND ${p.period('r.created_at', period)}
        GROUP BY l.id
      ),
      judged AS (
        SELECT r.intervention_id AS id, count(*)::int AS judged,
               count(*) FILTER (WHERE j.sufficient)::int AS sufficient
        FROM outcome o
        JOIN outcome_factor_judgement j ON j.outcome_id = o.id
        JOIN referral r ON r.id = o.referral_id
        WHERE r.intervention_id IN (SELECT id FROM listing) AND ${p.period('o.recorded_at', period)}
        GROUP BY r.intervention_id
      )
      SELECT l.*, (SELECT count(*) FROM provider)::int AS known,
             COALESCE(d.searches, 0) AS searches, COALESCE(d.nothing, 0) AS nothing,
             COALESCE(u.purchases, 0) AS purchases, COALESCE(u.completed, 0) AS completed,
             COALESCE(e.purchases, 0) AS elsewhere,
             COALESCE(j.judged, 0) AS judged, COALESCE(j.sufficient, 0) AS sufficient,
             u.last_at, (u.last_at AT TIME ZONE 'Europe/London')::date::text AS last_on
      FROM (SELECT 1) one
      LEFT JOIN listing l ON true
      LEFT JOIN demand d ON d.id = l.id
      LEFT JOIN own u ON u.id = l.id
      LEFT JOIN elsewhere e ON e.id = l.id
      LEFT JOIN judged j ON j.id = l.id
      ORDER BY l.title, l.id`;
    const result = await manager.query<(ReviewSqlRow & { known: number })[]>(sql, p.values);
    if (result[0].known === 0) throw new NotFoundError('Organisation', providerId);
    return result
      .filter((row) => row.id !== null)
      .map((row) => {
        const figures = {
          purchases: row.purchases,
          lastPurchaseOn: row.last_on,
          purchasesElsewhere: row.elsewhere,
          placesAvailable: row.places,
          searchesNothingAvailable: row.nothing,
        };
        return {
          interventionId: row.id,
          providerId: row.provider_id,
          title: row.title,
          providerName: row.provider_name,
          status: row.status,
          rationale: row.rationale,
          factors: row.factors,
          pccAreaCodes: row.areas,
          searches: row.searches,
          searchesNothingAvailable: row.nothing,
          purchases: row.purchases,
          purchasesElsewhere: row.elsewhere,
          placesUsed: row.places_held,
          placesOffered: row.capacity,
          completed: row.completed,
          judgements: row.judged,
          contributionRate: row.judged > 0 ? row.sufficient / row.judged : null,
          lastPurchaseAt: row.last_at,
          verdict: reviewVerdict(figures, period.to),
        } satisfies RateCardReviewRow;
      });
  }

  /**
   * Listings that are the only ones of their kind for a need in a PCC area in scope and at risk:
   * one row per listing, area and need, by area, need and title.
   */
  async servicesAtRisk(
    caller: Caller,
    args: ServicesAtRiskArgs,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceAtRisk[]> {
    const scope = await this.policy.areas(caller, { divisionCode: args.divisionCode }, '');
    const { pccAreaByCode, factors } = await this.reference.data();
    const today = this.clock.today();
    const p = new Params();
    const areas = p.add(scope.areaCodes, '::text[]');
    const specialist = p.add([...SPECIALIST_ADAPTATIONS], '::text[]');
    const now = p.add(this.clock.now(), '::timestamptz');
    const stale = staleSql('i', now, p.add(this.config.staleAfterDays, '::int'));
    const ending = listingsWithSubcontractEndingSql(
      p.add(today, '::date'),
      p.add(SUBCONTRACT_ENDING_WITHIN_DAYS, '::int'),
    );
    const sql = `
      WITH cells AS (
        SELECT i.id, i.provider_id, i.status, i.adaptations, a.pcc, f AS factor
        FROM intervention i
        CROSS JOIN LATERAL ${LISTING_AREAS} a
        CROSS JOIN LATERAL unnest(i.factors) AS f
        WHERE i.status IN ('PUBLISHED', 'SUSPENDED') AND a.pcc = ANY(${areas})
      ),
      providers AS (
        SELECT pcc, factor, array_agg(DISTINCT provider_id) AS ids
        FROM cells WHERE status = 'PUBLISHED' GROUP BY pcc, factor
      ),
      adapted AS (
        SELECT c.pcc, c.factor, m.adaptation, array_agg(c.id) AS ids
        FROM cells c, unnest(c.adaptations) AS m(adaptation)
        WHERE c.status = 'PUBLISHED' AND m.adaptation = ANY(${specialist})
        GROUP BY c.pcc, c.factor, m.adaptation
      ),
      only_adapted AS (
        SELECT c.id, c.pcc, c.factor, array_agg(m.adaptation ORDER BY m.adaptation) AS adaptations
        FROM cells c
        CROSS JOIN LATERAL unnest(c.adaptations) AS m(adaptation)
        LEFT JOIN adapted x ON x.pcc = c.pcc AND x.factor = c.factor AND x.adaptation = m.adaptation
        WHERE m.adaptation = ANY(${specialist}) AND COALESCE(x.ids, '{}') <@ ARRAY[c.id]
        GROUP BY c.id, c.pcc, c.factor
      ),
      only_ones AS (
        SELECT c.id, c.pcc, c.factor,
               COALESCE(pr.ids, '{}') <@ ARRAY[c.provider_id] AS only_provider,
               COALESCE(oa.adaptations, '{}') AS only_adapted
        FROM cells c
        LEFT JOIN providers pr ON pr.pcc = c.pcc AND pr.factor = c.factor
        LEFT JOIN only_adapted oa ON oa.id = c.id AND oa.pcc = c.pcc AND oa.factor = c.factor
      ),
      candidate AS (
        SELECT * FROM only_ones WHERE only_provider OR cardinality(only_adapted) > 0
      ),
      listing AS (
        SELECT i.id, i.title, i.status, i.provider_id, o.name AS provider_name,
               i.last_confirmed_at, ${stale} AS stale,
               i.id IN (${ending}) AS subcontract_ending,
               (SELECT max(r.created_at) FROM referral r WHERE r.intervention_id = i.id AND ${BOUGHT}) AS last_at
        FROM intervention i JOIN organisation o ON o.id = i.provider_id
        WHERE i.id IN (SELECT id FROM candidate)
      )
      SELECT l.*, c.pcc, c.factor, c.only_provider, c.only_adapted,
             (l.last_at AT TIME ZONE 'Europe/London')::date::text AS last_on
      FROM candidate c JOIN listing l ON l.id = c.id
      ORDER BY c.pcc, c.factor, l.title, l.id`;
    const rows = await manager.query<RiskSqlRow[]>(sql, p.values);
    const factorByCode = new Map(factors.map((f) => [f.code, f]));
    return rows.flatMap((row) => {
      const reasons = riskReasons(
        {
          status: row.status,
          stale: row.stale,
          lastPurchaseOn: row.last_on,
          subcontractEnding: row.subcontract_ending,
        },
        today,
      );
      if (reasons.length === 0) return [];
      return [
        {
          interventionId: row.id,
          providerId: row.provider_id,
          title: row.title,
          providerName: row.provider_name,
          pccAreaCode: row.pcc,
          pccArea: pccAreaByCode.get(row.pcc)!,
          factor: factorByCode.get(row.factor)!,
          status: row.status,
          onlyProvider: row.only_provider,
          onlyWithAdaptations: row.only_adapted,
          reasons,
          lastPurchaseAt: row.last_at,
          lastConfirmedAt: row.last_confirmed_at,
        } satisfies ServiceAtRisk,
      ];
    });
  }
}
