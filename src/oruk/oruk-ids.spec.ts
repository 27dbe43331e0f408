import { ELIGIBILITY, NEEDS, TERMS, uuidV5, UUID } from './oruk-ids';

describe('feed ids', () => {
  it('makes RFC 4122 version 5 UUIDs (the DNS example from the RFC errata)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives every taxonomy and term a stable, distinct UUID', () => {
    const ids = [NEEDS.id, ELIGIBILITY.id, ...TERMS.map((t) => t.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(NEEDS.terms).toHaveLength(12);
    expect(NEEDS.terms[0].id).toBe(uuidV5('term:probation-intervention-needs:ACCOMMODATION'));
  });
});
