import geography from '../../../migrations/data/geography.json';
import { CARTOGRAM_CELLS, renderCartogram, sequentialClass, VERDICTS } from './cartogram';

const referenceAreas = geography.divisions.flatMap((d) =>
  d.contractPackageAreas.flatMap((c) => c.pccAreas.map((a) => a.code)),
);

describe('the gap map’s geometry', () => {
  it('has one tile for each of the reference data’s 42 PCC areas, and no other', () => {
    const codes = CARTOGRAM_CELLS.map((c) => c.code);
    expect(referenceAreas).toHaveLength(42);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...referenceAreas].sort());
  });

  it('puts no two tiles in one place, and labels each one distinctly', () => {
    const places = CARTOGRAM_CELLS.map((c) => `${c.col},${c.row}`);
    expect(new Set(places).size).toBe(places.length);
    const labels = CARTOGRAM_CELLS.map((c) => c.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('places the areas roughly by geography: rows run north to south, columns west to east', () => {
    const centroid = new Map(
      geography.divisions.flatMap((d) =>
        d.contractPackageAreas.flatMap((c) => c.pccAreas.map((a) => [a.code, a.centroid])),
      ),
    );
    // Across every pair of tiles two or more rows apart, the upper one lies further north.
    for (const a of CARTOGRAM_CELLS) {
      for (const b of CARTOGRAM_CELLS) {
        if (b.row - a.row >= 2)
          expect(centroid.get(a.code)!.lat).toBeGreaterThan(centroid.get(b.code)!.lat);
        if (b.col - a.col >= 3)
          expect(centroid.get(a.code)!.lng).toBeLessThan(centroid.get(b.code)!.lng);
      }
    }
  });
});

describe('renderCartogram', () => {
  it('draws each area given as a labelled link, hatched for a gap, and the rest grey', () => {
    const svg = renderCartogram(
      new Map([
        [
          'dyfed-powys',
          {
            name: 'Dyfed-Powys',
            classIndex: 0,
            words: 'gap',
            href: '/commissioning/areas/dyfed-powys',
          },
        ],
      ]),
      [VERDICTS.GAP, VERDICTS.WATCH, VERDICTS.NONE],
      'Map',
    );
    expect(svg).toContain(
      '<a href="/commissioning/areas/dyfed-powys" aria-label="Dyfed-Powys: gap" data-area="dyfed-powys"',
    );
    expect(svg).toContain(`fill="${VERDICTS.GAP.fill}"`);
    expect(svg).toContain('fill="url(#app-hatch)"');
    expect(svg.match(/<a /g)).toHaveLength(1);
    expect(svg.match(/<rect [^>]*fill="#f3f2f1"/g)).toHaveLength(41);
  });

  it('escapes names', () => {
    const svg = renderCartogram(
      new Map([['kent', { name: 'A <b> & "c"', classIndex: null, words: 'x', href: '/?a=1&b=2' }]]),
      [],
      'T',
    );
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;: x');
    expect(svg).toContain('href="/?a=1&amp;b=2"');
  });
});

describe('sequentialClass', () => {
  it('splits the range into equal steps, the top value in the last class, null as no class', () => {
    expect(sequentialClass(0, 0, 1)).toBe(0);
    expect(sequentialClass(0.19, 0, 1)).toBe(0);
    expect(sequentialClass(0.2, 0, 1)).toBe(1);
    expect(sequentialClass(0.99, 0, 1)).toBe(4);
    expect(sequentialClass(1, 0, 1)).toBe(4);
    expect(sequentialClass(null, 0, 1)).toBeNull();
    expect(sequentialClass(3, 3, 3)).toBe(4);
  });
});
