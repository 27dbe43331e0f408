const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km (haversine); the same formula runs in SQL for venues. */
export function distanceKm(
  a: { lat: number; lng: number },
  b: { lat: number; lng: number },
): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/** The area whose centre is nearest the point: which PCC area a point "is in", near enough. */
export function nearestArea<T extends { centroid: { lat: number; lng: number } }>(
  point: { lat: number; lng: number },
  areas: T[],
): T | undefined {
  let best: T | undefined;
  let bestKm = Infinity;
  for (const area of areas) {
    const km = distanceKm(point, area.centroid);
    if (km < bestKm) [best, bestKm] = [area, km];
  }
  return best;
}

/** Haversine in SQL between a row's (lat, lng) columns and a point given as parameters. */
export function sqlDistanceKm(
  latColumn: string,
  lngColumn: string,
  lat: string,
  lng: string,
): string {
  return `(${2 * EARTH_RADIUS_KM} * asin(sqrt(power(sin(radians(${latColumn} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${latColumn})) * power(sin(radians(${lngColumn} - ${lng}) / 2), 2))))`;
}
