import { registerDescribedEnum } from '../common/graphql-enums';
import { FactorCode } from '../reference/factor-code';
import baselines from './data/baselines.json';

/** How a factor's prior mean was arrived at. */
export enum BaselineBasis {
  /** The Bulletin printed the figure for all cases (ETE 70%, lifestyle 50%). */
  PRINTED = 'PRINTED',
  /** The Bulletin reported the factor but printed no figure: the midpoint of its printed range. */
  RANGE_MIDPOINT = 'RANGE_MIDPOINT',
  /** The Bulletin excluded the factor for small numbers: the same midpoint stands in. */
  EXCLUDED = 'EXCLUDED',
}

registerDescribedEnum(
  BaselineBasis,
  'BaselineBasis',
  'How a contribution score’s prior mean was arrived at.',
  {
    PRINTED:
      'Printed in Bulletin 2019/01 for all cases where a contracted provider contributed (ETE 70%, lifestyle 50%).',
    RANGE_MIDPOINT:
      'No figure printed for the factor (or all factors together): the midpoint of the printed range, 60%.',
    EXCLUDED:
      'The Bulletin excluded the factor for small numbers (finance, gang membership, discriminatory attitudes): the same documented fallback, 60%.',
  },
);

/** National figures for the two outcome-level questions, contracted providers, all cases. */
export function nationalFocusFigures(data = baselines): {
  riskOfHarmFocus: NationalFigureData;
  informationForReview: NationalFigureData;
} {
  const figure = (section: {
    source: string;
    contractedProviders: { all: { n: number; pct: number } };
  }): NationalFigureData => ({
    rate: Math.round(section.contractedProviders.all.pct * 10) / 1000,
    cases: section.contractedProviders.all.n,
    denominator: 'cases where a contracted provider contributed and the question applied',
    source: section.source,
  });
  return {
    riskOfHarmFocus: figure(data.riskOfHarmFocus),
    informationForReview: figure(data.informationForReview),
  };
}

/** A national figure with its denominator and source (the GraphQL NationalFigure). */
export interface NationalFigureData {
  rate: number | null;
  cases: number | null;
  denominator: string;
  source: string;
}

/** A prior mean for a contribution score, with where it came from. */
export interface Baseline {
  mean: number;
  source: string;
  basis: BaselineBasis;
  /** True when no printed figure exists for the factor and the documented fallback stands in. */
  fellBack: boolean;
}

/**
 * Factors the Bulletin 2019/01 left out of its contracted-provider analysis for small numbers
 * (financial management, named in its note; gang membership and discriminatory attitudes, for
 * which the Annual Report prints only 0 or nothing): a 0 or a missing figure is no evidence.
 */
export const EXCLUDED_FACTORS: readonly FactorCode[] = [
  FactorCode.FINANCE,
  FactorCode.GANG_MEMBERSHIP,
  FactorCode.DISCRIMINATORY_ATTITUDES,
];

type Figures = { all?: number | null; crc?: number | null; nps?: number | null };

/**
 * The national baseline of "did contracted providers contribute sufficiently", per factor, used
 * as each contribution score's prior mean. One denominator only: the Bulletin 2019/01's "cases
 * where a contracted provider contributed", the population a score is judged on (referrals a
 * provider delivered). The Annual Report 2017's Figure 37 counts cases where a referral should
 * have been made too, and its CRC or NPS column alone is another population: neither is a prior.
 *
 * The Bulletin prints all-case figures for ETE (70%, the highest) and lifestyle (50%, the
 * lowest) only; every other factor lies between them, so its prior is the range's midpoint
 * (60%). The factors it excluded for small numbers take the same midpoint, and so does the
 * overall score (all factors together: "50-70% by factor").
 */
export function contributionBaselines(data = baselines): {
  byFactor: Record<FactorCode, Baseline>;
  overall: Baseline;
} {
  const bulletin = data.contractedProviderContribution.bulletin as unknown as Record<
    string,
    Figures | string
  >;
  const source = data.contractedProviderContribution.bulletin.source;
  const printed = new Map<FactorCode, number>();
  for (const factor of Object.values(FactorCode)) {
    const figures = bulletin[factor];
    if (typeof figures === 'object' && typeof figures.all === 'number' && figures.all > 0) {
      printed.set(factor, figures.all / 100);
    }
  }
  const values = [...printed.values()];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const midpoint = (low + high) / 2;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const range = `${pct(low)}-${pct(high)}`;
  const overall: Baseline = {
    mean: midpoint,
    source: `${source}, cases where a contracted provider contributed: midpoint of the printed range ${range} (all factors together)`,
    basis: BaselineBasis.RANGE_MIDPOINT,
    fellBack: true,
  };
  const byFactor = Object.fromEntries(
    Object.values(FactorCode).map((factor): [FactorCode, Baseline] => {
      const figure = printed.get(factor);
      if (figure !== undefined) {
        return [
          factor,
          {
            mean: figure,
            source: `${source}, cases where a contracted provider contributed: printed ${pct(figure)}`,
            basis: BaselineBasis.PRINTED,
            fellBack: false,
          },
        ];
      }
      if (EXCLUDED_FACTORS.includes(factor)) {
        return [
          factor,
          {
            mean: midpoint,
            source: `${source}: factor excluded for small numbers; fallback is the midpoint of the printed range ${range}`,
            basis: BaselineBasis.EXCLUDED,
            fellBack: true,
          },
        ];
      }
      return [
        factor,
        {
          mean: midpoint,
          source: `${source}, cases where a contracted provider contributed: no figure printed; midpoint of the printed range ${range}`,
          basis: BaselineBasis.RANGE_MIDPOINT,
          fellBack: true,
        },
      ];
    }),
  ) as Record<FactorCode, Baseline>;
  return { byFactor, overall };
}
