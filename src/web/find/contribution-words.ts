/** A provider's contribution as the API gives it. */
export interface ContributionFigures {
  judged: number;
  sufficient: number;
  rate: number | null;
  lower: number;
  upper: number;
}

/** Below this many judged outcomes a rate says more about chance than about the provider. */
export const FEW_OUTCOMES = 10;

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/**
 * The contribution in words a practitioner reads at a glance: "72% of 41 outcomes sufficient —
 * likely between 58% and 83%", or "Too few outcomes to say" under {@link FEW_OUTCOMES}.
 */
export function contributionInWords(figures: ContributionFigures | null | undefined): string {
  if (!figures || figures.judged < FEW_OUTCOMES || figures.rate === null) {
    const judged = figures?.judged ?? 0;
    return judged === 0
      ? 'Too few outcomes to say (none judged yet)'
      : `Too few outcomes to say (${judged} judged)`;
  }
  return (
    `${percent(figures.rate)} of ${figures.judged} outcomes sufficient — ` +
    `likely between ${percent(figures.lower)} and ${percent(figures.upper)}`
  );
}
