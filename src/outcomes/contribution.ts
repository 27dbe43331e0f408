import quantile from '@stdlib/stats-base-dists-beta-quantile';

export interface ContributionFigures {
  /** Judgements made. */
  judged: number;
  /** Judged sufficient. */
  sufficient: number;
}

export interface ScoreEstimate {
  /** sufficient / judged; null when nothing has been judged. */
  rate: number | null;
  /** Posterior mean: the national baseline pulled towards the provider's own record. */
  score: number;
  /** 95% credible interval of the posterior. */
  lower: number;
  upper: number;
}

/**
 * Beta-binomial contribution score. The prior is Beta(m·k, (1-m)·k): the national baseline m
 * worth k judgements. After s sufficient of n judged the posterior is Beta(m·k + s, (1-m)·k + n - s),
 * whose mean is the score and whose 2.5% and 97.5% quantiles are the interval. Two of two does
 * not beat ninety of a hundred: the small sample stays near the baseline, with a wide interval.
 */
export function contributionScore(
  { judged, sufficient }: ContributionFigures,
  priorMean: number,
  priorStrength: number,
): ScoreEstimate {
  const alpha = priorMean * priorStrength + sufficient;
  const beta = (1 - priorMean) * priorStrength + (judged - sufficient);
  return {
    rate: judged > 0 ? sufficient / judged : null,
    score: alpha / (alpha + beta),
    lower: quantile(0.025, alpha, beta),
    upper: quantile(0.975, alpha, beta),
  };
}
