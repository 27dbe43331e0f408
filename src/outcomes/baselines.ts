import { FactorCode } from '../reference/factor-code';
import baselines from './data/baselines.json';

/** A prior mean for a contribution score, with where it came from. */
export interface Baseline {
  mean: number;
  source: string;
  /** True when the reports printed no usable figure and the overall median stands in. */
  fellBack: boolean;
}

type Figures = { all?: number | null; crc?: number | null; nps?: number | null };

/** A printed figure usable as a prior: present and not 0 (a 0 means too few cases, not failure). */
function usable(value: number | null | undefined): value is number {
  return typeof value === 'number' && value > 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The national baseline of "contracted provider contributed sufficiently", per factor, used as
 * each contribution score's prior mean. The choice, in order: the Bulletin 2019/01 figure for
 * all cases where given (cases where a contracted provider contributed: the closest population
 * to ours); else the Annual Report 2017 figure for all cases, then CRC cases, then NPS cases.
 * Where none is usable (GANG_MEMBERSHIP and DISCRIMINATORY_ATTITUDES: printed as 0 or missing
 * because inspectors had very few cases), the median of the factors that have a figure stands
 * in, and is the prior of the overall score too.
 */
export function contributionBaselines(data = baselines): {
  byFactor: Record<FactorCode, Baseline>;
  overall: Baseline;
} {
  const section = data.contractedProviderContribution;
  const bulletin = section.bulletin as unknown as Record<string, Figures | string>;
  const annual = section.annualReport.byFactor as Record<string, Figures>;
  const chosen = new Map<FactorCode, Baseline>();
  for (const factor of Object.values(FactorCode)) {
    const fromBulletin = bulletin[factor];
    if (typeof fromBulletin === 'object' && usable(fromBulletin.all)) {
      chosen.set(factor, {
        mean: fromBulletin.all / 100,
        source: `${section.bulletin.source}, all cases`,
        fellBack: false,
      });
      continue;
    }
    const figures = annual[factor] ?? {};
    const column = (['all', 'crc', 'nps'] as const).find((c) => usable(figures[c]));
    if (column) {
      chosen.set(factor, {
        mean: figures[column]! / 100,
        source: `${section.annualReport.source}, ${column === 'all' ? 'all' : column.toUpperCase()} cases`,
        fellBack: false,
      });
    }
  }
  const overall: Baseline = {
    mean: median([...chosen.values()].map((b) => b.mean)),
    source: 'Median of the factor baselines (contracted providers)',
    fellBack: true,
  };
  const byFactor = Object.fromEntries(
    Object.values(FactorCode).map((factor) => [factor, chosen.get(factor) ?? overall]),
  ) as Record<FactorCode, Baseline>;
  return { byFactor, overall };
}
