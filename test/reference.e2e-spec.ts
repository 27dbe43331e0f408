import { tokens } from './support/tokens';
import { errorCodes, startApp, TestApp } from './support/test-app';

describe('reference data: factors and geography', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const TREE = `{ me { roles } divisions { code name contractPackageAreas { code name crcOwner pccAreas { code name } } } }`;

  it('gives any signed-in user 7 divisions, 21 CPAs and 42 PCC areas', async () => {
    const res = await t.gql<{
      me: { roles: string[] };
      divisions: {
        code: string;
        contractPackageAreas: { crcOwner: string; pccAreas: { code: string }[] }[];
      }[];
    }>(TREE, { token: await tokens.purchaser('LDN') });

    expect(res.errors).toBeUndefined();
    expect(res.data!.me.roles).toEqual(['PURCHASER']);
    const divisions = res.data!.divisions;
    const cpas = divisions.flatMap((d) => d.contractPackageAreas);
    const pccs = cpas.flatMap((c) => c.pccAreas);
    expect(divisions.map((d) => d.code).sort()).toEqual([
      'LDN',
      'MID',
      'NE',
      'NW',
      'SEE',
      'SWSC',
      'WAL',
    ]);
    expect(cpas).toHaveLength(21);
    expect(new Set(cpas.map((c) => c.crcOwner)).size).toBe(8);
    expect(pccs).toHaveLength(42);
    expect(new Set(pccs.map((p) => p.code)).size).toBe(42);
  });

  it('refuses the same query without a token', async () => {
    const res = await t.gql(TREE);
    // Refused at the HTTP edge, before the document is parsed: a request error, no `data`.
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(errorCodes(res)).toContain('UNAUTHENTICATED');
  });

  it('lists the 12 factors with their codes, in OASys order', async () => {
    const res = await t.gql<{ factors: { code: string; name: string }[] }>(
      `{ factors { code name } }`,
      {
        token: await tokens.commissioner(),
      },
    );
    expect(res.data!.factors.map((f) => f.code)).toEqual([
      'ACCOMMODATION',
      'ETE',
      'FINANCE',
      'RELATIONSHIPS',
      'LIFESTYLE',
      'DRUGS',
      'ALCOHOL',
      'EMOTIONAL_WELLBEING',
      'THINKING_BEHAVIOUR',
      'ATTITUDES',
      'GANG_MEMBERSHIP',
      'DISCRIMINATORY_ATTITUDES',
    ]);
    expect(res.data!.factors[1].name).toBe('Education, training and employment');
  });

  it('links each PCC area to its CPA, division and centroid', async () => {
    const res = await t.gql<{
      pccAreas: {
        code: string;
        centroid: { lat: number; lng: number };
        contractPackageArea: { code: string; crcOwner: string };
        division: { code: string };
      }[];
    }>(
      `{ pccAreas { code centroid { lat lng } contractPackageArea { code crcOwner } division { code } } }`,
      {
        token: await tokens.admin(),
      },
    );
    expect(res.data!.pccAreas).toHaveLength(42);
    const durham = res.data!.pccAreas.find((p) => p.code === 'durham')!;
    expect(durham).toEqual({
      code: 'durham',
      centroid: { lat: 54.7, lng: -1.75 },
      contractPackageArea: { code: 'durham-tees-valley', crcOwner: 'ARCC' },
      division: { code: 'NE' },
    });
  });

  it('finds one division by code, and says NOT_FOUND for an unknown one', async () => {
    const token = await tokens.purchaser('WAL');
    const found = await t.gql<{ division: { name: string; pccAreas: { code: string }[] } }>(
      `{ division(code: "WAL") { name pccAreas { code } } }`,
      { token },
    );
    expect(found.data!.division.name).toBe('Wales');
    expect(found.data!.division.pccAreas.map((p) => p.code).sort()).toEqual([
      'dyfed-powys',
      'gwent',
      'north-wales',
      'south-wales',
    ]);
    const missing = await t.gql(`{ division(code: "XX") { name } }`, { token });
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });
});
