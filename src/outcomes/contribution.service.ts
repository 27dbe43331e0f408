import { CO_FUNDER_KINDS_SQL } from '../catalogue/catalogue.enums';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { encodeCursor } from '../common/cursor';
import {
  connectionOf,
  keysetConditions,
  keysetOrder,
  keysetPage,
  Page,
  pageRows,
  readPage,
} from '../common/paging';
import { SqlParams } from '../common/sql-params';
import { ReportingDatabase, SqlReader } from '../database/reporting-database';
import { AppConfig } from '../config/app-config';
import { FactorCode } from '../reference/factor-code';
import { ReferralsService } from '../referrals/referrals.service';
import { Baseline, contributionBaselines, nationalFocusFigures } from './baselines';
import { contributionScore } from './contribution';
import { ContributionAggregateEntity } from './outcome.entity';
import { ContributionScoresArgs } from './outcomes.inputs';
import { ContributionScore, ContributionScoreConnection } from './outcomes.models';

const OVERALL = '*';
type ScorePage = ContributionScoreConnection;
/** One provider's scores: overall, then its factors by code. */
const FACTOR_POSITION = new Map<FactorCode | null, number>([
  [null, 0],
  ...[...Object.values(FactorCode)].sort().map((f, i) => [f, i + 1] as [FactorCode, number]),
]);
const SCORE_PAGES = {
  size: 20,
  max: 100,
  list: "this provider's scores",
  valid: (values: unknown[]) => values.length === 2 && Number.isInteger(values[0]),
};
/** The ranking of providers is paged 50 at a time (at most 100). */
const RANKING_PAGES = {
  size: 50,
  max: 100,
  list: 'this ranking',
  valid: (values: unknown[]) =>
    values.length === 3 &&
    values.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v)),
};

/** Whether a position lies between a page's cursors. */
function isBetween(page: Page<[number, string]>, position: number): boolean {
  return (!page.after || position > page.after[0]) && (!page.before || position < page.before[0]);
}
type Scope = 'PROVIDER' | 'INTERVENTION';

/** A running aggregate as `AGGREGATES_SQL` reads it (bigint sums as PostgreSQL sends them). */
type AggregateRow = Omit<ContributionAggregateEntity, 'achievementRateMicros'> & {
  achievementRateMicros: string | number;
};
/** The running aggregates of some providers or listings ($1 the scope, $2 their ids). */
const AGGREGATES_SQL = `SELECT scope, scope_id AS "scopeId", factor, judged, sufficient, outcomes,
    risk_of_harm_focus_applicable AS "riskOfHarmFocusApplicable",
    risk_of_harm_focus_sufficient AS "riskOfHarmFocusSufficient",
    information_for_review_applicable AS "informationForReviewApplicable",
    information_for_review_sufficient AS "informationForReviewSufficient",
    reports, achievement_rate_micros AS "achievementRateMicros", updated_at AS "updatedAt"
  FROM contribution_aggregate WHERE scope = $1 AND scope_id = ANY($2::uuid[])`;

/** Contribution scores read from the running aggregates, with their baselines and delivery figures. */
@Injectable()
export class ContributionService {
  private readonly baselines = contributionBaselines();
  private readonly national = nationalFocusFigures();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsService,
    private readonly config: AppConfig,
    private readonly reporting: ReportingDatabase,
  ) {}

  baseline(factor: FactorCode | null): Baseline {
    return factor ? this.baselines.byFactor[factor] : this.baselines.overall;
  }

  /** Prior means per factor, for ranking in SQL (search) with the same prior as the scores. */
  priors(): { factors: FactorCode[]; means: number[]; strength: number } {
    const factors = Object.values(FactorCode);
    return {
      factors,
      means: factors.map((f) => this.baselines.byFactor[f].mean),
      strength: this.config.contributionPriorStrength,
    };
  }

  /**
   * SQL for a LATERAL join giving, per listing row, the provider's best contribution score among
   * the listing's factors (limited to `factorsParam` when the search names factors), with the
   * factor and its judgements: the same posterior mean as `scores()`, computed in the query.
   */
  bestScoreJoin(add: (value: unknown, cast?: string) => string, factorsParam?: string): string {
    const { factors, means, strength } = this.priors();
    const k = add(strength, '::float8');
    return `LEFT JOIN LATERAL (
          SELECT pr.factor, COALESCE(a.judged, 0) AS judged,
                 (pr.mean * ${k} + COALESCE(a.sufficient, 0)) / (${k} + COALESCE(a.judged, 0)) AS score
          FROM unnest(${add(factors, '::text[]')}, ${add(means, '::float8[]')}) AS pr (factor, mean)
          LEFT JOIN contribution_aggregate a
            ON a.scope = 'PROVIDER' AND a.scope_id = i.provider_id AND a.factor = pr.factor
          WHERE pr.factor = ANY(i.factors)${factorsParam ? ` AND pr.factor = ANY(${factorsParam})` : ''}
          ORDER BY score DESC, judged DESC LIMIT 1
        ) contribution ON true`;
  }

  /**
   * One score per (scope id, factor) asked for; a provider never judged gets the baseline. Read
   * through `via` (the reporting pool for a ranking), else the service's own database.
   */
  async scores(
    scope: Scope,
    keys: readonly { id: string; factor: FactorCode | null }[],
    via: SqlReader = this.dataSource,
  ): Promise<ContributionScore[]> {
    if (keys.length === 0) return [];
    const ids = [...new Set(keys.map((k) => k.id))];
    const [rows, delivery] = await Promise.all([
      via.query<AggregateRow[]>(AGGREGATES_SQL, [scope, ids]),
      this.referrals.deliveryStats(scope === 'PROVIDER' ? 'provider' : 'intervention', ids, via),
    ]);
    const byKey = new Map(rows.map((r) => [`${r.scopeId}|${r.factor}`, r]));
    return keys.map(({ id, factor }) => {
      const row = byKey.get(`${id}|${factor ?? OVERALL}`);
      const baseline = this.baseline(factor);
      const judged = row?.judged ?? 0;
      const sufficient = row?.sufficient ?? 0;
      const outcomes = row?.outcomes ?? 0;
      const rofApplicable = row?.riskOfHarmFocusApplicable ?? 0;
      const ifrApplicable = row?.informationForReviewApplicable ?? 0;
      const stats = delivery.get(id);
      const finished = (stats?.completed ?? 0) + (stats?.endedEarly ?? 0);
      return {
        providerId: scope === 'PROVIDER' ? id : '',
        interventionId: scope === 'INTERVENTION' ? id : null,
        factor,
        judged,
        sufficient,
        ...contributionScore(
          { judged, sufficient },
          baseline.mean,
          this.config.contributionPriorStrength,
        ),
        baseline: baseline.mean,
        baselineSource: baseline.source,
        baselineBasis: baseline.basis,
        baselineFellBack: baseline.fellBack,
        outcomes,
        riskOfHarmFocusApplicable: rofApplicable,
        riskOfHarmFocusRate: rofApplicable
          ? (row?.riskOfHarmFocusSufficient ?? 0) / rofApplicable
          : null,
        riskOfHarmFocusNational: this.national.riskOfHarmFocus,
        informationForReviewApplicable: ifrApplicable,
        informationForReviewRate: ifrApplicable
          ? (row?.informationForReviewSufficient ?? 0) / ifrApplicable
          : null,
        informationForReviewNational: this.national.informationForReview,
        reports: row?.reports ?? 0,
        achievementRate: row?.reports
          ? Number(row.achievementRateMicros) / row.reports / 1_000_000
          : null,
        completionRate: finished ? (stats?.completed ?? 0) / finished : null,
        medianDaysToStart: stats?.medianDaysToStart ?? null,
        updatedAt: row?.updatedAt ?? null,
      };
    });
  }

  /**
   * A provider's overall score and every factor it has been judged or reported on (or just
   * `factor`), overall first then by factor code: at most 13, paged in memory.
   */
  async forProvider(providerId: string, args: ContributionScoresArgs): Promise<ScorePage> {
    const page = readPage<[number, string]>(args, SCORE_PAGES);
    const { factor } = args;
    const judgedFactors = factor
      ? [{ factor }]
      : await this.dataSource
          .getRepository(ContributionAggregateEntity)
          .createQueryBuilder('a')
          .select('a.factor', 'factor')
          .where(
            `a.scope = 'PROVIDER' AND a.scope_id = :providerId AND a.factor <> '*' AND (a.judged > 0 OR a.reports > 0)`,
            { providerId },
          )
          .getRawMany<{ factor: FactorCode }>();
    const keys = [
      ...(factor ? [] : [{ id: providerId, factor: null }]),
      ...judgedFactors.map((r) => ({ id: providerId, factor: r.factor })),
    ]
      .map((key) => ({ ...key, position: FACTOR_POSITION.get(key.factor) ?? 0 }))
      .filter(({ position }) => isBetween(page, position))
      .sort((a, b) => (page.backward ? b.position - a.position : a.position - b.position))
      .slice(0, page.limit);
    const scores = await this.scores('PROVIDER', keys);
    return keysetPage(
      keys.map((key, i) => ({ key, score: scores[i] })),
      page,
      ({ key }) => [key.position, providerId],
      ({ score }) => score,
    );
  }

  /**
   * Every provider's score (overall or for one factor), best first (then most judged, then by
   * id), ranked in SQL with the same posterior mean as `scores()`; the page's scores in full.
   */
  async ranking(args: ContributionScoresArgs): Promise<ScorePage> {
    const page = readPage<[number, number, string]>(args, RANKING_PAGES);
    const factor = args.factor ?? null;
    const p = new SqlParams();
    const k = p.add(this.config.contributionPriorStrength, '::float8');
    const mean = p.add(this.baseline(factor).mean, '::float8');
    const keys = ['k_score', 'k_judged', 'id'];
    const bounds = keysetConditions(page, keys, (value, index) =>
      p.add(value, index < 2 ? '::float8' : '::uuid'),
    );
    if (args.pccAreaCode) {
      // Providers serving the area: a PUBLISHED listing covering it or with a venue there.
      const area = p.add(args.pccAreaCode);
      bounds.push(`EXISTS (
        SELECT 1 FROM intervention i
        WHERE i.provider_id = ranked.id AND i.status = 'PUBLISHED'
          ${factor ? `AND ${p.add(factor)}::text = ANY(i.factors::text[])` : ''}
          AND (${area}::text = ANY(i.coverage::text[])
               OR EXISTS (SELECT 1 FROM venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = ${area})))`);
    }
    // A ranking of every provider is a report: on the reporting pool, as are its page's scores.
    const rows = await this.reporting.query<{ id: string; k_score: number; k_judged: number }[]>(
      `SELECT * FROM (
         SELECT o.id,
                -((${mean} * ${k} + COALESCE(a.sufficient, 0)) / (${k} + COALESCE(a.judged, 0)))::float8 AS k_score,
                -COALESCE(a.judged, 0)::float8 AS k_judged
         FROM organisation o
         LEFT JOIN contribution_aggregate a
           ON a.scope = 'PROVIDER' AND a.scope_id = o.id AND a.factor = ${p.add(factor ?? OVERALL)}
         -- Co-funders (Police and Crime Commissioners...) never provide: not ranked.
         WHERE o.kind NOT IN ${CO_FUNDER_KINDS_SQL}
       ) ranked
       ${bounds.length ? `WHERE ${bounds.join(' AND ')}` : ''}
       ORDER BY ${keysetOrder(page, keys)} LIMIT ${p.add(page.limit, '::int')}`,
      p.values,
    );
    const { rows: shown, ...flags } = pageRows(rows, page);
    const scores = await this.scores(
      'PROVIDER',
      shown.map((row) => ({ id: row.id, factor })),
      this.reporting,
    );
    return connectionOf(
      shown.map((row, i) => ({
        node: scores[i],
        cursor: encodeCursor([row.k_score, row.k_judged, row.id]),
      })),
      flags,
    );
  }
}
