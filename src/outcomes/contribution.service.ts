import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { FactorCode } from '../reference/factor-code';
import { ReferralsService } from '../referrals/referrals.service';
import { Baseline, contributionBaselines } from './baselines';
import { contributionScore } from './contribution';
import { ContributionAggregateEntity } from './outcome.entity';
import { ContributionScore } from './outcomes.models';

const OVERALL = '*';
type Scope = 'PROVIDER' | 'INTERVENTION';

/** Contribution scores read from the running aggregates, with their baselines and delivery figures. */
@Injectable()
export class ContributionService {
  private readonly baselines = contributionBaselines();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsService,
    private readonly config: AppConfig,
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

  /** One score per (scope id, factor) asked for; a provider never judged gets the baseline. */
  async scores(
    scope: Scope,
    keys: readonly { id: string; factor: FactorCode | null }[],
  ): Promise<ContributionScore[]> {
    if (keys.length === 0) return [];
    const ids = [...new Set(keys.map((k) => k.id))];
    const [rows, delivery] = await Promise.all([
      this.dataSource
        .getRepository(ContributionAggregateEntity)
        .createQueryBuilder('a')
        .where('a.scope = :scope AND a.scope_id IN (:...ids)', { scope, ids })
        .getMany(),
      this.referrals.deliveryStats(scope === 'PROVIDER' ? 'provider' : 'intervention', ids),
    ]);
    const byKey = new Map(rows.map((r) => [`${r.scopeId}|${r.factor}`, r]));
    return keys.map(({ id, factor }) => {
      const row = byKey.get(`${id}|${factor ?? OVERALL}`);
      const baseline = this.baseline(factor);
      const judged = row?.judged ?? 0;
      const sufficient = row?.sufficient ?? 0;
      const outcomes = row?.outcomes ?? 0;
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
        baselineFellBack: baseline.fellBack,
        outcomes,
        riskOfHarmFocusRate: outcomes ? (row?.riskOfHarmFocusSufficient ?? 0) / outcomes : null,
        informationForReviewRate: outcomes
          ? (row?.informationForReviewSufficient ?? 0) / outcomes
          : null,
        reports: row?.reports ?? 0,
        achievementRate: row?.reports ? row.achievementRateMicros / row.reports / 1_000_000 : null,
        completionRate: finished ? (stats?.completed ?? 0) / finished : null,
        medianDaysToStart: stats?.medianDaysToStart ?? null,
        updatedAt: row?.updatedAt ?? null,
      };
    });
  }

  /** A provider's overall score and every factor it has been judged or reported on (or just `factor`). */
  async forProvider(providerId: string, factor?: FactorCode): Promise<ContributionScore[]> {
    if (factor) return this.scores('PROVIDER', [{ id: providerId, factor }]);
    const judgedFactors = await this.dataSource
      .getRepository(ContributionAggregateEntity)
      .createQueryBuilder('a')
      .select('a.factor', 'factor')
      .where(
        `a.scope = 'PROVIDER' AND a.scope_id = :providerId AND a.factor <> '*' AND (a.judged > 0 OR a.reports > 0)`,
        { providerId },
      )
      .orderBy('a.factor')
      .getRawMany<{ factor: FactorCode }>();
    return this.scores('PROVIDER', [
      { id: providerId, factor: null },
      ...judgedFactors.map((r) => ({ id: providerId, factor: r.factor })),
    ]);
  }

  /** Every provider's score (overall or for one factor), best first. */
  async ranking(providerIds: string[], factor: FactorCode | null): Promise<ContributionScore[]> {
    const scores = await this.scores(
      'PROVIDER',
      providerIds.map((id) => ({ id, factor })),
    );
    return scores.sort(
      (a, b) =>
        b.score - a.score || b.judged - a.judged || a.providerId.localeCompare(b.providerId),
    );
  }
}
