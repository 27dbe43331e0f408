/**
 * When a listing's venues are resent, which stored venue each one is. A venue is the same venue
 * when it has the same name (ignoring case and spacing) at the same postcode (normalised): it
 * keeps its id, so the public feed's `service_at_location` ids (venue ids) stay put under the
 * directories that copy them. Its other details (coordinates, PCC area, position) may change.
 * A venue not resent is removed; one with no match is new.
 */
export interface VenueIdentity {
  name: string;
  postcode: string;
}

export interface VenueMatch<Incoming> {
  /** Stored venues resent: their id, and what they become. */
  keep: { id: string; venue: Incoming }[];
  /** Venues with no stored match. */
  add: Incoming[];
  /** Ids of stored venues not resent. */
  remove: string[];
}

export function venueKey(venue: VenueIdentity): string {
  const name = venue.name.trim().replace(/\s+/g, ' ').toLowerCase();
  const postcode = venue.postcode.replace(/\s+/g, '').toUpperCase();
  return `${name}\u0000${postcode}`;
}

/** Pairs resent venues with stored ones, first come first matched when a venue repeats. */
export function matchVenues<Incoming extends VenueIdentity>(
  stored: (VenueIdentity & { id: string })[],
  incoming: Incoming[],
): VenueMatch<Incoming> {
  const free = new Map<string, string[]>();
  for (const venue of stored) {
    const key = venueKey(venue);
    free.set(key, [...(free.get(key) ?? []), venue.id]);
  }
  const match: VenueMatch<Incoming> = { keep: [], add: [], remove: [] };
  for (const venue of incoming) {
    const id = free.get(venueKey(venue))?.shift();
    if (id) match.keep.push({ id, venue });
    else match.add.push(venue);
  }
  match.remove = [...free.values()].flat();
  return match;
}
