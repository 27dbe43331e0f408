import { createListing, newSupplier } from './support/catalogue';
import { desiredOutcomes } from './support/delivery';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

/**
 * The area measures of issue 18 on a small generated market with known counts: NPS purchases
 * from their own area's CRC (by CPA) and the provision of services focused on Black, Asian and
 * minority ethnic people by area. This file owns the year 2033 and the CPA merseyside (NW).
 */
const DIVISION = 'NW';
const CPA = 'merseyside';
const AREA = 'merseyside';
const PERIOD = { from: '2033-04-01', to: '2033-12-31' };
const LIVERPOOL = {
  name: 'Liverpool hub',
  postcode: 'l1 1aa',
  pccAreaCode: AREA,
  lat: 53.41,
  lng: -2.98,
};

describe('measures by area (issue 18)', () => {
  let t: TestApp;
  let purchaser: string;
  let national: string;
  let crc: { organisationId: string; token: string };
  let charity: { organisationId: string; token: string };
  const bought: { provider: 'crc' | 'charity'; bame: boolean }[] = [];

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2033-05-10');
    purchaser = await tokens.purchaser(DIVISION, 'purchaser-measures');
    national = await tokens.commissioner(undefined, 'commissioner-measures');
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: 2033, amountPence: 1000000000) { allocatedPence } }`,
      { token: await tokens.admin() },
    );
  });
  afterAll(() => t.close());

  async function listing(token: string, adaptations: string[]): Promise<string> {
    const created = await createListing(t, token, {
      factors: ['ETE'],
      venues: [LIVERPOOL],
      coverage: [AREA],
      adaptations,
      capacity: 100,
      price: { amountPence: 5000, unit: 'PER_REFERRAL' },
    });
    const res = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token,
      variables: { id: created.id },
    });
    expect(res.errors).toBeUndefined();
    return created.id;
  }

  it('loads a CRC and a charity in the CPA, and purchases from both', async () => {
    const admin = await tokens.admin();
    const res = await t.gql<{ createOrganisation: { id: string } }>(
      `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
      {
        token: admin,
        variables: {
          input: {
            name: `Merseyside CRC ${Date.now()}`,
            kind: 'CRC',
            crcOwner: 'Purple Futures',
            contractPackageAreaCode: CPA,
          },
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const crcId = res.data!.createOrganisation.id;
    crc = { organisationId: crcId, token: await tokens.supplier(crcId) };
    charity = await newSupplier(t);
    const crcListing = await listing(crc.token, []);
    const charityListing = await listing(charity.token, ['BAME_FOCUSED']);
    const aims = await desiredOutcomes(t, purchaser);
    const plan: ('crc' | 'charity')[] = ['crc', 'charity', 'crc', 'crc', 'charity'];
    for (const [i, provider] of plan.entries()) {
      const created = await t.gql(
        `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
        {
          token: purchaser,
          variables: {
            input: {
              interventionId: provider === 'crc' ? crcListing : charityListing,
              crn: `Q${String(100000 + i)}`,
              person: { sex: 'FEMALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
              targetFactors: ['ETE'],
              desiredOutcomes: [aims.ETE[0].id],
              complexity: 'LOW',
              pccAreaCode: AREA,
            },
            key: `measures-${i}`,
          },
        },
      );
      expect(created.errors).toBeUndefined();
      bought.push({ provider, bame: provider === 'charity' });
    }
  });

  it('ownAreaCrcPurchases gives the share bought from the CPA’s own CRC, computed by hand', async () => {
    const res = await t.gql<{ ownAreaCrcPurchases: Record<string, unknown>[] }>(
      `query ($d: String, $from: Date, $to: Date) { ownAreaCrcPurchases(divisionCode: $d, from: $from, to: $to) {
        contractPackageArea { code } divisionCode crcId referrals fromOwnCrc share divisionReferrals shareOfDivision } }`,
      { token: national, variables: { d: DIVISION, ...PERIOD } },
    );
    expect(res.errors).toBeUndefined();
    const rows = res.data!.ownAreaCrcPurchases;
    // Every CPA of the division, bought in or not.
    expect(rows.map((r) => (r.contractPackageArea as { code: string }).code).sort()).toEqual(
      ['cheshire-greater-manchester', 'cumbria-lancashire', 'merseyside'].sort(),
    );
    const own = bought.filter((b) => b.provider === 'crc').length;
    expect(rows.find((r) => (r.contractPackageArea as { code: string }).code === CPA)).toEqual({
      contractPackageArea: { code: CPA },
      divisionCode: DIVISION,
      crcId: crc.organisationId,
      referrals: bought.length,
      fromOwnCrc: own,
      share: own / bought.length,
      divisionReferrals: bought.length,
      shareOfDivision: own / bought.length,
    });
  });

  it('adaptationProvision gives BAME-focused provision by area beside all provision', async () => {
    const res = await t.gql<{ adaptationProvision: Record<string, unknown>[] }>(
      `query ($d: String, $from: Date, $to: Date) { adaptationProvision(divisionCode: $d, from: $from, to: $to) {
        pccArea { code } publishedInterventions adapted share adaptedPlacesAvailable adaptedReferrals } }`,
      { token: national, variables: { d: DIVISION, ...PERIOD } },
    );
    expect(res.errors).toBeUndefined();
    const row = res.data!.adaptationProvision.find(
      (r) => (r.pccArea as { code: string }).code === AREA,
    )!;
    const adaptedBought = bought.filter((b) => b.bame).length;
    // Other files may publish in the area; nothing else is BAME-focused.
    expect(row).toMatchObject({
      adapted: 1,
      adaptedPlacesAvailable: 100 - adaptedBought,
      adaptedReferrals: adaptedBought,
    });
    expect(row.publishedInterventions).toBeGreaterThanOrEqual(2);
    expect(row.share).toBe(1 / (row.publishedInterventions as number));
  });

  it('keeps a division commissioner to their division', async () => {
    const token = await tokens.commissioner(DIVISION);
    for (const query of [
      `query { ownAreaCrcPurchases(divisionCode: "LDN") { divisionCode } }`,
      `query { adaptationProvision(divisionCode: "LDN") { adapted } }`,
      `query { measureBreakdown(by: SEX, divisionCode: "LDN") { key } }`,
    ]) {
      const res = await t.gql(query, { token });
      expect(res.errors?.map((e) => e.extensions?.reason)).toEqual(['OUT_OF_SCOPE']);
    }
  });
});
