/** How a PCC area is served for a factor, in the commissioners' gap report. */
export enum GapStatus {
  NONE = 'NONE',
  WATCH = 'WATCH',
  GAP = 'GAP',
}

export interface GapThresholds {
  /** GAP when the availability rate is below this share (0..1); the inspectorate's 80%. */
  gapBelow: number;
  /** WATCH when the availability rate is below this share (0..1). */
  watchBelow: number;
}

export interface CellFigures {
  publishedInterventions: number;
  placesAvailable: number;
  searches: number;
  /** Share of searches that found an available, eligible listing; null with no searches. */
  availabilityRate: number | null;
}

/**
 * GAP: nothing published, or searches found something available less often than `gapBelow`.
 * WATCH: availability below `watchBelow`, or listings exist but every place is taken now.
 * NONE otherwise, including supply that nobody has searched for yet.
 */
export function classifyGap(cell: CellFigures, thresholds: GapThresholds): GapStatus {
  if (cell.publishedInterventions === 0) return GapStatus.GAP;
  const rate = cell.availabilityRate;
  if (rate !== null && rate < thresholds.gapBelow) return GapStatus.GAP;
  if (rate !== null && rate < thresholds.watchBelow) return GapStatus.WATCH;
  if (cell.placesAvailable === 0) return GapStatus.WATCH;
  return GapStatus.NONE;
}
