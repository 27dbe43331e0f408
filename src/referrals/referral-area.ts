/**
 * The PCC area a referral is counted in by the commissioners' reports: the area the purchaser
 * names, otherwise where the listing meets the buying division (a venue there first, then an
 * area it covers there), otherwise where the listing is (a venue, then its coverage), otherwise
 * the division's first area. Lists are taken in their given order, so the choice is stable.
 */
export function referralArea(args: {
  requested?: string;
  venueAreas: readonly string[];
  coverage: readonly string[];
  divisionAreas: readonly string[];
}): string {
  const { requested, venueAreas, coverage, divisionAreas } = args;
  if (requested) return requested;
  const inDivision = (code: string) => divisionAreas.includes(code);
  return (
    venueAreas.find(inDivision) ??
    coverage.find(inDivision) ??
    venueAreas[0] ??
    coverage[0] ??
    divisionAreas[0]
  );
}
