import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { isCoFunderKind, ListingStatus, OrganisationKind } from '../catalogue/catalogue.enums';
import { listingAreasSql, staleSql } from '../catalogue/listing-rules';
import { placesAvailableSql } from '../catalogue/places.service';
import { withoutNulls } from '../common/arguments';
import { Clock } from '../common/clock';
import { ReportingDatabase } from '../database/reporting-database';
import { SqlParams } from '../common/sql-params';
import { encodeCursor, isCursorInstant, isCursorText } from '../common/cursor';
import { connectionOf, keysetConditions, keysetOrder, pageRows, readPage } from '../common/paging';
import { AppConfig } from '../config/app-config';
import { FactorCode } from '../reference/factor-code';
import { ReferenceService } from '../reference/reference.service';
import { CommissioningPolicy } from './commissioning.policy';
import { classifyGap } from './gap-rules';
import {
  demandCte,
  divisionDemandCte,
  factorDemandCte,
  needCountsCte,
  pendingSearchesCte,
} from './demand-rollups';
import { nationalAvailability } from './national-figures';
import { judgedCte, purchasesCte } from './purchase-rollups';
import { reportPeriod } from './report-period';
import {
  PeriodArgs,
  ProvisionGapFilter,
  RateCardUsageArgs,
  SpendArgs,
  StaleListingsArgs,
} from './reports.inputs';
import {
  AreaLevel,
  AreaWithoutPurchases,
  ProvisionGapRow,
  RateCardUsageConnection,
  RateCardUsageRow,
  SpendGrouping,
  SpendRow,
  StaleListing,
  StaleListingConnection,
} from './reports.models';

/** The shared parameter builder, plus the reports' period condition. */
export class Params extends SqlParams {
  /** `column` falls within the period's London days, as instants (index-friendly). */
  period(column: string, period: { from: string; to: string }): string {
    const from = this.add(period.from, '::date');
    const to = this.add(period.to, '::date');
    return `${column} >= (${from}::timestamp AT TIME ZONE 'Europe/London') AND ${column} < ((${to} + 1)::timestamp AT TIME ZONE 'Europe/London')`;
  }
}

/** Row `n` of a referral's target factors gets an even share of `amount`, to the penny. */
function evenShare(amount: string): string {
  const n = 'cardinality(b.target_factors)';
  return `(${amount} / ${n} + CASE WHEN u.n <= ${amount} % ${n} THEN 1 ELSE 0 END)`;
}

/** Referrals that committed or spent money: declined and cancelled ones gave it back. */
/** The keyset reports' pages: 100 rows unless asked, at most 500 (as their arguments say). */
const REPORT_PAGES = { size: 100, max: 500, list: 'this report' };
export const BOUGHT = `r.status NOT IN ('DECLINED', 'CANCELLED')`;
/** A referral's outcome payments: what its report earned, else the most it can still earn. */
const OUTCOME_PENCE = 'COALESCE(r.outcome_payment_earned_pence, r.outcome_payment_max_pence)';
/** Demand is what purchasers looked for (commissioners and suppliers browsing is not). */

const KIND_LABELS: Record<OrganisationKind, string> = {
  CRC: 'Community Rehabilitation Company',
  VOLUNTARY_SECTOR: 'Voluntary sector',
  PRIVATE: 'Private sector',
  PUBLIC_SECTOR: 'Public sector',
  PCC: 'Police and Crime Commissioner',
  LOCAL_AUTHORITY: 'Local authority',
  HEALTH: 'Health',
};

interface GapSqlRow {
  pcc: string;
  factor: FactorCode;
  published: number;
  places: number;
  searches: number;
  no_result: number;
  available: number;
  needs: number;
  needs_met: number;
  referrals: number;
  declined: number;
  median_days: number | null;
  judged: number;
  sufficient: number;
}

interface UsageSqlRow {
  total: number;
  id: string;
  title: string;
  status: ListingStatus;
  provider_id: string;
  provider_name: string;
  referrals: number;
  completed: number;
  given_back: number;
  fee: string;
  outcome: string;
  last_at: Date | null;
}

interface StaleSqlRow {
  total: number;
  id: string;
  title: string;
  provider_id: string;
  provider_name: string;
  last_confirmed_at: Date;
  days: number;
  places: number;
}

/**
 * The commissioners' reports. Every figure is aggregated in PostgreSQL over the whole period
 * (counts, FILTER, percentile_cont), never by loading rows into Node; the scope is applied in
 * the query by CommissioningPolicy.
 */
@Injectable()
export class ReportsService {
  private readonly national = nationalAvailability();

  constructor(
    private readonly reporting: ReportingDatabase,
    private readonly policy: CommissioningPolicy,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * One row per PCC area x factor in scope, demand or not: supply now, purchasers' searches and
   * what they found, referrals and their outcomes in the period, and a verdict.
   */
  async provisionGaps(
    caller: Caller,
    filter: ProvisionGapFilter = {},
    /** A transaction of the caller's own to read in (the demo seed's test); else the reporting pool. */
    manager?: EntityManager,
  ): Promise<ProvisionGapRow[]> {
    const scope = await this.policy.areas(caller, filter);
    const period = this.period(filter);
    const { pccAreaByCode, factors } = await this.reference.data();
    const wanted = factors.filter((f) => !filter.factors || filter.factors.includes(f.code));
    const p = new Params();
    const areas = p.add(scope.areaCodes, '::text[]');
    const factorCodes = p.add(
      wanted.map((f) => f.code),
      '::text[]',
    );
    const sql = `
      WITH reach AS (
        SELECT i.id, i.factors, ${placesAvailableSql('i')} AS places, a.pcc
        FROM intervention i
        CROSS JOIN LATERAL ${listingAreasSql('i')} a
        WHERE i.status = 'PUBLISHED' AND a.pcc = ANY(${areas})
      ),
      supply AS (
        SELECT pcc, f AS factor, count(*)::int AS published, sum(places)::int AS places
        FROM reach, unnest(factors) AS f
        WHERE f = ANY(${factorCodes})
        GROUP BY pcc, f
      ),
      ${pendingSearchesCte(p, period)},
      ${factorDemandCte('demand_rows', p, period, areas, factorCodes)},
      demand AS (
        SELECT pcc, factor, sum(searches)::int AS searches, sum(no_result)::int AS no_result,
               sum(available)::int AS available
        FROM demand_rows GROUP BY pcc, factor
      ),
      ${needCountsCte('need_counts', p, period, areas, 'ALL')},
      needs AS (
        SELECT pcc, factor, sum(needs)::int AS needs, sum(met)::int AS needs_met
        FROM need_counts WHERE factor = ANY(${factorCodes}) GROUP BY pcc, factor
      ),
      ${purchasesCte('purchases', p, period, areas, factorCodes)},
      ${judgedCte('judged', p, period, areas, factorCodes)}
      SELECT a.pcc, f.factor,
             COALESCE(s.published, 0) AS published, COALESCE(s.places, 0) AS places,
             COALESCE(d.searches, 0) AS searches, COALESCE(d.no_result, 0) AS no_result,
             COALESCE(d.available, 0) AS available,
             COALESCE(n.needs, 0) AS needs, COALESCE(n.needs_met, 0) AS needs_met,
             COALESCE(u.referrals, 0) AS referrals, COALESCE(u.declined, 0) AS declined,
             u.median_days::float8 AS median_days,
             COALESCE(j.judged, 0) AS judged, COALESCE(j.sufficient, 0) AS sufficient
      FROM unnest(${areas}) AS a(pcc)
      CROSS JOIN unnest(${factorCodes}) WITH ORDINALITY AS f(factor, n)
      LEFT JOIN supply s ON s.pcc = a.pcc AND s.factor = f.factor
      LEFT JOIN demand d ON d.pcc = a.pcc AND d.factor = f.factor
      LEFT JOIN needs n ON n.pcc = a.pcc AND n.factor = f.factor
      LEFT JOIN purchases u ON u.pcc = a.pcc AND u.factor = f.factor
      LEFT JOIN judged j ON j.pcc = a.pcc AND j.factor = f.factor
      ORDER BY a.pcc, f.n`;
    const rows = await (manager ?? this.reporting).query<GapSqlRow[]>(sql, p.values);
    const factorByCode = new Map(wanted.map((f) => [f.code, f]));
    const thresholds = this.config.provisionGapThresholds;
    return rows
      .map((row) => {
        const figures = {
          pccArea: pccAreaByCode.get(row.pcc)!,
          factor: factorByCode.get(row.factor)!,
          publishedInterventions: row.published,
          placesAvailable: row.places,
          searches: row.searches,
          searchesWithNoResult: row.no_result,
          searchHitRate: row.searches > 0 ? row.available / row.searches : null,
          needs: row.needs,
          needsMet: row.needs_met,
          availabilityRate: row.needs > 0 ? row.needs_met / row.needs : null,
          nationalAvailabilityCrc: this.national.crc(row.factor),
          nationalAvailabilityNps: this.national.nps(row.factor),
          referrals: row.referrals,
          declined: row.declined,
          medianDaysToStart: row.median_days,
          judgements: row.judged,
          contributionRate: row.judged > 0 ? row.sufficient / row.judged : null,
        };
        return { ...figures, gap: classifyGap(figures, thresholds) };
      })
      .filter((row) => !filter.gaps || filter.gaps.includes(row.gap));
  }

  /** Every listing on offer (not drafts), used or not, with its use in the period. */
  async rateCardUsage(caller: Caller, args: RateCardUsageArgs): Promise<RateCardUsageConnection> {
    // An argument given as null means the same as one left out.
    const { filter = {} } = withoutNulls(args);
    const page = readPage<[string, string, string]>(args, {
      ...REPORT_PAGES,
      valid: (v) => v.length === 3 && isCursorText(v[0]) && isCursorText(v[1]),
    });
    const providerId = this.policy.provider(caller, filter.providerId);
    const scope = await this.policy.areas(caller, { divisionCode: filter.divisionCode });
    const period = this.period(filter);

    const p = new Params();
    const where = [`i.status <> 'DRAFT'`];
    if (providerId) where.push(`i.provider_id = ${p.add(providerId, '::uuid')}`);
    const referralWhere = [p.period('r.created_at', period)];
    if (scope.divisionCode) {
      const division = p.add(scope.divisionCode);
      const areas = p.add(scope.areaCodes, '::text[]');
      referralWhere.push(`r.division_code = ${division}`);
      where.push(`(i.coverage && ${areas}
        OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = ANY(${areas}))
        OR EXISTS (SELECT 1 FROM referral r WHERE r.intervention_id = i.id AND ${referralWhere.join(' AND ')}))`);
    }
    if (filter.bought !== undefined) {
      // Bought in the period (by the division in view): any referral, declined ones included.
      where.push(`${filter.bought ? '' : 'NOT '}EXISTS (
        SELECT 1 FROM referral r WHERE r.intervention_id = i.id AND ${referralWhere.join(' AND ')})`);
    }
    const keys = ['provider_name', 'title', 'id'];
    const bounds = keysetConditions(page, keys, (v, i) => p.add(v, i === 2 ? '::uuid' : ''));
    const order = keysetOrder(page, keys);
    const sql = `
      WITH listing AS (
        SELECT i.id, i.title, i.status, o.id AS provider_id, o.name AS provider_name
        FROM intervention i JOIN organisation o ON o.id = i.provider_id
        WHERE ${where.join(' AND ')}
      ),
      page AS (
        SELECT * FROM listing ${bounds.length ? `WHERE ${bounds.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT ${p.add(page.limit, '::int')}
      ),
      used AS (
        SELECT r.intervention_id, count(*)::int AS referrals,
               count(*) FILTER (WHERE r.status = 'COMPLETED')::int AS completed,
               count(*) FILTER (WHERE NOT (${BOUGHT}))::int AS given_back,
               COALESCE(sum(r.total_pence) FILTER (WHERE ${BOUGHT}), 0) AS fee,
               COALESCE(sum(${OUTCOME_PENCE}) FILTER (WHERE ${BOUGHT}), 0) AS outcome,
               max(r.created_at) AS last_at
        FROM referral r
        WHERE r.intervention_id IN (SELECT id FROM page) AND ${referralWhere.join(' AND ')}
        GROUP BY r.intervention_id
      )
      SELECT t.total, page.*,
             COALESCE(u.referrals, 0) AS referrals, COALESCE(u.completed, 0) AS completed,
             COALESCE(u.given_back, 0) AS given_back, COALESCE(u.fee, 0) AS fee,
             COALESCE(u.outcome, 0) AS outcome, u.last_at
      FROM (SELECT count(*)::int AS total FROM listing) t
      LEFT JOIN page ON true
      LEFT JOIN used u ON u.intervention_id = page.id
      ORDER BY ${order}`;
    const result = await this.reporting.query<UsageSqlRow[]>(sql, p.values);
    const fetched = result.filter((row) => row.id !== null);
    const { rows, ...flags } = pageRows(fetched, page);
    const edges = rows.map((row) => ({
      node: {
        interventionId: row.id,
        providerId: row.provider_id,
        title: row.title,
        providerName: row.provider_name,
        status: row.status,
        referrals: row.referrals,
        completed: row.completed,
        givenBack: row.given_back,
        feePence: Number(row.fee),
        outcomePaymentsPence: Number(row.outcome),
        spendPence: Number(row.fee) + Number(row.outcome),
        lastReferralAt: row.last_at,
      } satisfies RateCardUsageRow,
      cursor: encodeCursor([row.provider_name, row.title, row.id]),
    }));
    return { ...connectionOf(edges, flags), totalCount: result[0]?.total ?? 0 };
  }

  /**
   * Spend in the period by provider, kind of provider, division or factor, with shares; in one
   * division and/or one PCC area (the referral's area) when asked.
   */
  async spend(caller: Caller, args: SpendArgs): Promise<SpendRow[]> {
    const { divisionCode, pccAreaCode } = withoutNulls(args);
    const scope = await this.policy.areas(caller, { divisionCode, pccAreaCode }, '');
    const period = this.period(args);
    const p = new Params();
    const where = [BOUGHT, p.period('r.created_at', period)];
    if (scope.divisionCode) where.push(`r.division_code = ${p.add(scope.divisionCode)}`);
    // The referral's own area (see referral-area.ts), not the buying division's other areas.
    if (pccAreaCode) where.push(`r.pcc_area_code = ${p.add(pccAreaCode)}`);
    const bought = `SELECT r.*, r.total_pence AS fee, ${OUTCOME_PENCE} AS outcome
      FROM referral r WHERE ${where.join(' AND ')}`;
    const { divisions, factors, pccAreaByCode } = await this.reference.data();

    let grouped: string;
    switch (args.groupBy) {
      case SpendGrouping.PROVIDER:
        grouped = `
          SELECT o.id::text AS key, o.name AS label, count(*)::int AS referrals,
                 sum(b.fee) AS fee, sum(b.outcome) AS outcome
          FROM bought b JOIN organisation o ON o.id = b.provider_id
          GROUP BY o.id, o.name`;
        break;
      case SpendGrouping.PROVIDER_KIND:
        grouped = this.everyKey(
          p,
          // Providers' kinds only: co-funders provide nothing.
          Object.values(OrganisationKind)
            .filter((kind) => !isCoFunderKind(kind))
            .map((kind) => [kind, KIND_LABELS[kind]]),
          `SELECT o.kind AS key, b.fee, b.outcome FROM bought b JOIN organisation o ON o.id = b.provider_id`,
        );
        break;
      case SpendGrouping.DIVISION:
        grouped = this.everyKey(
          p,
          divisions
            .filter((d) => scope.divisionCodes.includes(d.code))
            .map((d) => [d.code, d.name]),
          `SELECT b.division_code AS key, b.fee, b.outcome FROM bought b`,
        );
        break;
      case SpendGrouping.PCC_AREA:
        grouped = this.everyKey(
          p,
          scope.areaCodes.map((code) => [code, pccAreaByCode.get(code)!.name]),
          `SELECT b.pcc_area_code AS key, b.fee, b.outcome FROM bought b`,
        );
        break;
      case SpendGrouping.FACTOR:
        // An even split to the penny: the first (amount mod n) factors get one penny more.
        grouped = this.everyKey(
          p,
          factors.map((f) => [f.code, f.name]),
          `SELECT u.factor AS key, ${evenShare('b.fee')} AS fee, ${evenShare('b.outcome')} AS outcome
           FROM bought b, unnest(b.target_factors) WITH ORDINALITY AS u(factor, n)`,
        );
        break;
    }
    const sql = `
      WITH bought AS (${bought}), grouped AS (${grouped})
      SELECT key, label, referrals, fee::text AS fee_text, outcome::text AS outcome_text,
             COALESCE((fee + outcome) / NULLIF(sum(fee + outcome) OVER (), 0), 0)::float8 AS share
      FROM grouped ORDER BY fee + outcome DESC, label, key`;
    const rows = await this.reporting.query<
      {
        key: string;
        label: string;
        referrals: number;
        fee_text: string;
        outcome_text: string;
        share: number;
      }[]
    >(sql, p.values);
    return rows.map((row) => ({
      key: row.key,
      label: row.label,
      referrals: row.referrals,
      feePence: Number(row.fee_text),
      outcomePaymentsPence: Number(row.outcome_text),
      spendPence: Number(row.fee_text) + Number(row.outcome_text),
      share: row.share,
    }));
  }

  /** Divisions and PCC areas in scope that bought nothing in the period. */
  async divisionsWithoutPurchases(
    caller: Caller,
    args: PeriodArgs,
  ): Promise<AreaWithoutPurchases[]> {
    const scope = await this.policy.areas(caller, {}, '');
    const period = this.period(args);
    const { divisionByCode, pccAreaByCode } = await this.reference.data();
    const p = new Params();
    const areas = p.add(scope.areaCodes, '::text[]');
    const divisionsParam = p.add(scope.divisionCodes, '::text[]');
    const from = p.add(period.from, '::date');
    const inPeriod = p.period('r.created_at', period);
    // Per division or area, probes of the referrals' indexes (by area and day bought; by day
    // bought for a division), never a pass over every referral: whether it bought in the
    // period, and when it last bought before it.
    const boughtIn = (column: string) =>
      `EXISTS (SELECT 1 FROM referral r WHERE r.${column} = x.code AND ${BOUGHT} AND ${inPeriod})`;
    const lastBefore = (column: string) =>
      `(SELECT max(r.created_at) FROM referral r WHERE r.${column} = x.code AND ${BOUGHT}
          AND r.created_at < (${from}::timestamp AT TIME ZONE 'Europe/London'))`;
    const sql = `
      WITH ${pendingSearchesCte(p, period)},
      ${demandCte('area_searches', p, period, areas)},
      ${divisionDemandCte('division_searches', p, period)}
      SELECT 'DIVISION' AS level, x.code,
             (SELECT COALESCE(sum(s.searches), 0) FROM division_searches s WHERE s.division = x.code)::int AS searches,
             ${lastBefore('division_code')} AS last_at
      FROM unnest(${divisionsParam}) AS x(code)
      WHERE NOT ${boughtIn('division_code')}
      UNION ALL
      SELECT 'PCC_AREA', x.code,
             (SELECT COALESCE(sum(s.searches), 0) FROM area_searches s WHERE s.pcc = x.code)::int,
             ${lastBefore('pcc_area_code')}
      FROM unnest(${areas}) AS x(code)
      WHERE NOT ${boughtIn('pcc_area_code')}
      ORDER BY 1, 2`;
    const rows = await this.reporting.query<
      { level: AreaLevel; code: string; searches: number; last_at: Date | null }[]
    >(sql, p.values);
    return rows.map((row) => {
      const division =
        row.level === AreaLevel.DIVISION
          ? divisionByCode.get(row.code)!
          : pccAreaByCode.get(row.code)!.division;
      return {
        level: row.level,
        code: row.code,
        name: row.level === AreaLevel.DIVISION ? division.name : pccAreaByCode.get(row.code)!.name,
        divisionCode: division.code,
        searches: row.searches,
        lastPurchaseAt: row.last_at,
      };
    });
  }

  /** PUBLISHED listings not confirmed for more than `olderThanDays`, longest first. */
  async staleListings(caller: Caller, args: StaleListingsArgs): Promise<StaleListingConnection> {
    const { olderThanDays = this.config.staleAfterDays } = withoutNulls(args);
    const page = readPage<[string, string]>(args, {
      ...REPORT_PAGES,
      valid: (v) => v.length === 2 && isCursorInstant(v[0]),
    });
    const scope = await this.policy.areas(caller, { divisionCode: args.divisionCode }, '');
    const p = new Params();
    const now = p.add(this.clock.now(), '::timestamptz');
    const where = [`i.status = 'PUBLISHED'`, staleSql('i', now, p.add(olderThanDays, '::int'))];
    if (scope.divisionCode) {
      const areas = p.add(scope.areaCodes, '::text[]');
      where.push(`(i.coverage && ${areas}
        OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = ANY(${areas})))`);
    }
    const keys = ['last_confirmed_at', 'id'];
    const bounds = keysetConditions(page, keys, (v, i) => p.add(v, ['::timestamptz', '::uuid'][i]));
    const order = keysetOrder(page, keys);
    const sql = `
      WITH stale AS (
        SELECT i.id, i.title, o.id AS provider_id, o.name AS provider_name, i.last_confirmed_at,
               floor(extract(epoch FROM ${now} - i.last_confirmed_at) / 86400)::int AS days,
               ${placesAvailableSql('i')} AS places
        FROM intervention i JOIN organisation o ON o.id = i.provider_id
        WHERE ${where.join(' AND ')}
      )
      SELECT t.total, page.*
      FROM (SELECT count(*)::int AS total FROM stale) t
      LEFT JOIN (
        SELECT * FROM stale ${bounds.length ? `WHERE ${bounds.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT ${p.add(page.limit, '::int')}
      ) page ON true
      ORDER BY ${order}`;
    const result = await this.reporting.query<StaleSqlRow[]>(sql, p.values);
    const fetched = result.filter((row) => row.id !== null);
    const { rows, ...flags } = pageRows(fetched, page);
    const edges = rows.map((row) => ({
      node: {
        interventionId: row.id,
        providerId: row.provider_id,
        title: row.title,
        providerName: row.provider_name,
        lastConfirmedAt: row.last_confirmed_at,
        daysSinceConfirmed: row.days,
        placesAvailable: row.places,
      } satisfies StaleListing,
      cursor: encodeCursor([row.last_confirmed_at.toISOString(), row.id]),
    }));
    return { ...connectionOf(edges, flags), totalCount: result[0]?.total ?? 0 };
  }

  private period(input: PeriodArgs): { from: string; to: string } {
    return reportPeriod(input, this.clock.today());
  }

  /** Groups `source` (key, fee, outcome) rows under every one of `keys`, zero rows included. */
  private everyKey(p: Params, keys: [string, string][], source: string): string {
    return `
      SELECT k.key, k.label, count(s.key)::int AS referrals,
             COALESCE(sum(s.fee), 0) AS fee, COALESCE(sum(s.outcome), 0) AS outcome
      FROM unnest(${p.add(
        keys.map(([key]) => key),
        '::text[]',
      )}, ${p.add(
        keys.map(([, label]) => label),
        '::text[]',
      )}) AS k(key, label)
      LEFT JOIN (${source}) s ON s.key = k.key
      GROUP BY k.key, k.label`;
  }
}
