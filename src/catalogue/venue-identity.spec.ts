import { matchVenues } from './venue-identity';

describe('matchVenues', () => {
  const stored = [
    { id: 'v1', name: 'Leeds hub', postcode: 'LS1 4AP' },
    { id: 'v2', name: 'Bradford centre', postcode: 'BD1 1AA' },
  ];

  it('keeps the id of a venue resent with the same name and postcode, whatever the case and spacing', () => {
    const match = matchVenues(stored, [
      { name: 'leeds  HUB', postcode: 'ls14ap', lat: 53.9 },
      { name: 'Bradford centre', postcode: 'BD1 1AA', lat: 53.7 },
    ]);
    expect(match.keep.map((k) => k.id)).toEqual(['v1', 'v2']);
    expect(match.keep[0].venue.lat).toBe(53.9);
    expect(match.add).toEqual([]);
    expect(match.remove).toEqual([]);
  });

  it('treats a new name or a new postcode as a new venue, and removes venues not resent', () => {
    const match = matchVenues(stored, [
      { name: 'Leeds hub', postcode: 'LS2 7EW' },
      { name: 'Bradford centre', postcode: 'BD1 1AA' },
    ]);
    expect(match.keep.map((k) => k.id)).toEqual(['v2']);
    expect(match.add).toEqual([{ name: 'Leeds hub', postcode: 'LS2 7EW' }]);
    expect(match.remove).toEqual(['v1']);
  });

  it('matches a repeated venue once per stored copy', () => {
    const match = matchVenues(
      [stored[0]],
      [
        { name: 'Leeds hub', postcode: 'LS1 4AP' },
        { name: 'Leeds hub', postcode: 'LS1 4AP' },
      ],
    );
    expect(match.keep.map((k) => k.id)).toEqual(['v1']);
    expect(match.add).toHaveLength(1);
  });
});
