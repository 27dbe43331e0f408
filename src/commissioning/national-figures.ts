import baselines from '../outcomes/data/baselines.json';
import { NationalFigureData } from '../outcomes/baselines';
import { FactorCode } from '../reference/factor-code';

/**
 * The inspectorate's availability per factor (HMI Probation Annual Report 2017, Figure 44: "Were
 * interventions available where the factor was a priority?"), in CRC cases and NPS cases, to be
 * read beside an area's own availability. The report prints no all-case figure.
 */
export function nationalAvailability(data = baselines): {
  crc(factor: FactorCode): NationalFigureData;
  nps(factor: FactorCode): NationalFigureData;
} {
  const section = data.availability;
  const byFactor = section.byFactor as Record<string, { crc: number | null; nps: number | null }>;
  const figure = (factor: FactorCode, column: 'crc' | 'nps'): NationalFigureData => {
    const pct = byFactor[factor]?.[column];
    return {
      rate: typeof pct === 'number' ? pct / 100 : null,
      cases: null,
      denominator: `${column.toUpperCase()} ${section.denominator}`,
      source: section.source,
    };
  };
  return { crc: (f) => figure(f, 'crc'), nps: (f) => figure(f, 'nps') };
}
