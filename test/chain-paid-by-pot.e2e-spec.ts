import { findInconsistencies } from '../src/health/consistency';
import { createListing, newSupplier } from './support/catalogue';
import { desiredOutcomes } from './support/delivery';
import { GraphQLResponse, startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/**
 * Issue 19's "Done when", end to end in one walk: a CRC's listing delivered by its
 * voluntary-sector subcontractor is found in search showing both, bought, paid from the
 * Police and Crime Commissioner's funding pot (not the division's budget), and delivered by the
 * subcontractor's own supplier; the figures stay consistent. Financial year 2050, division NE,
 * fresh organisations.
 */
const YEAR = 2050;
const DIVISION = 'NE';

function must<T>(res: GraphQLResponse<T>): T {
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

describe('a CRC chain bought from a PCC pot (issue 19)', () => {
  let t: TestApp;
  let admin: string;
  let purchaser: string;
  let commissioner: string;
  let crc: { organisationId: string; token: string };
  let charity: { organisationId: string; token: string };
  let listingId: string;
  let potId: string;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2050-06-15T09:00:00Z');
    admin = await tokens.admin('chain-pot-admin');
    purchaser = await tokens.purchaser(DIVISION, 'chain-pot-purchaser');
    commissioner = await tokens.commissioner(DIVISION, 'chain-pot-commissioner');
    crc = await newSupplier(t, 'CRC', {
      crcOwner: 'Achieving Real Change in Communities',
      contractPackageAreaCode: 'durham-tees-valley',
    });
    charity = await newSupplier(t);
    must(
      await t.gql(
        `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: ${YEAR}, amountPence: 10000000) { allocatedPence } }`,
        { token: admin },
      ),
    );
    const listing = await createListing(t, crc.token, {
      title: `Chain tenancy support ${Date.now()}`,
      factors: ['ACCOMMODATION'],
      venues: [
        { name: 'Durham hub', postcode: 'DH1 1AA', pccAreaCode: 'durham', lat: 54.77, lng: -1.57 },
      ],
      coverage: ['durham'],
      capacity: 10,
      price: { amountPence: 90_000, unit: 'PER_REFERRAL' },
    });
    listingId = listing.id;
    must(
      await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
        token: crc.token,
        variables: { id: listingId },
      }),
    );
    const subcontract = must(
      await t.gql<{ createSubcontract: { id: string } }>(
        `mutation ($input: CreateSubcontractInput!) { createSubcontract(input: $input) { id } }`,
        {
          token: crc.token,
          variables: {
            input: {
              subcontractorId: charity.organisationId,
              reference: 'CHAIN-POT-2050',
              startsOn: '2050-04-01',
              endsOn: '2052-03-31',
              factors: ['ACCOMMODATION'],
              pccAreaCodes: ['durham'],
              annualValuePence: 10_000_000,
            },
          },
        },
      ),
    ).createSubcontract;
    must(
      await t.gql(
        `mutation ($id: ID!, $s: ID) { setListingDeliverer(interventionId: $id, subcontractId: $s) { id } }`,
        { token: crc.token, variables: { id: listingId, s: subcontract.id } },
      ),
    );
    const [pcc] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM organisation WHERE kind = 'PCC' AND pcc_area_code = 'durham'`,
    );
    potId = must(
      await t.gql<{ createFundingPot: { id: string } }>(
        `mutation ($input: CreateFundingPotInput!) { createFundingPot(input: $input) { id } }`,
        {
          token: commissioner,
          variables: {
            input: {
              divisionCode: DIVISION,
              financialYear: YEAR,
              name: 'Durham PCC: accommodation',
              needs: ['ACCOMMODATION'],
              pccAreaCodes: ['durham'],
              funders: [{ organisationId: pcc.id, amountPence: 500_000 }],
            },
          },
        },
      ),
    ).createFundingPot.id;
  });
  afterAll(() => t.close());

  it('is found showing both organisations, bought from the pot, and delivered by the subcontractor', async () => {
    const found = must(
      await t.gql<{
        searchInterventions: {
          nodes: { id: string; provider: { id: string }; deliveredBy: { id: string } | null }[];
        };
      }>(
        `query ($f: InterventionSearchInput!) { searchInterventions(filter: $f, first: 100) { nodes { id provider { id } deliveredBy { id } } } }`,
        {
          token: purchaser,
          variables: {
            f: { pccAreaCode: 'durham', factors: ['ACCOMMODATION'], text: 'Chain tenancy' },
          },
        },
      ),
    ).searchInterventions.nodes.find((n) => n.id === listingId);
    expect(found).toEqual({
      id: listingId,
      provider: { id: crc.organisationId },
      deliveredBy: { id: charity.organisationId },
    });

    const outcome = (await desiredOutcomes(t, purchaser)).ACCOMMODATION[0].id;
    const before = must(
      await t.gql<{ divisionBudget: { committedPence: number } }>(
        `query { divisionBudget(divisionCode: "${DIVISION}", financialYear: ${YEAR}) { committedPence } }`,
        { token: admin },
      ),
    ).divisionBudget;
    const referral = must(
      await t.gql<{
        createReferral: {
          id: string;
          fundingPotId: string | null;
          totalPence: number;
          provider: { id: string };
          deliveredBy: { id: string } | null;
        };
      }>(
        `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) {
          id fundingPotId totalPence provider { id } deliveredBy { id } } }`,
        {
          token: purchaser,
          variables: {
            key: 'chain-pot-1',
            input: {
              interventionId: listingId,
              crn: 'C205001',
              person: { sex: 'MALE', age: 40, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
              targetFactors: ['ACCOMMODATION'],
              desiredOutcomes: [outcome],
              complexity: 'MEDIUM',
              pccAreaCode: 'durham',
            },
          },
        },
      ),
    ).createReferral;
    expect(referral).toMatchObject({
      fundingPotId: potId,
      totalPence: 90_000,
      provider: { id: crc.organisationId },
      deliveredBy: { id: charity.organisationId },
    });

    // The pot committed the fee; the division's own budget did not move.
    const pot = must(
      await t.gql<{ fundingPot: { committedPence: number } }>(
        `query ($id: ID!) { fundingPot(id: $id) { committedPence } }`,
        { token: commissioner, variables: { id: potId } },
      ),
    ).fundingPot;
    expect(pot.committedPence).toBeGreaterThanOrEqual(90_000);
    const after = must(
      await t.gql<{ divisionBudget: { committedPence: number } }>(
        `query { divisionBudget(divisionCode: "${DIVISION}", financialYear: ${YEAR}) { committedPence } }`,
        { token: admin },
      ),
    ).divisionBudget;
    expect(after.committedPence).toBe(before.committedPence);

    // The subcontractor's own supplier accepts it.
    const accepted = must(
      await t.gql<{ acceptReferral: { status: string } }>(
        `mutation ($r: ID!) { acceptReferral(id: $r) { status } }`,
        { token: charity.token, variables: { r: referral.id } },
      ),
    ).acceptReferral;
    expect(accepted.status).toBe('ACCEPTED');

    const mine = [
      crc.organisationId,
      charity.organisationId,
      listingId,
      potId,
      `${DIVISION}/${YEAR}`,
    ];
    const problems = (await findInconsistencies(t.dataSource)).filter((p) =>
      mine.some((id) => p.subject.includes(id)),
    );
    expect(problems).toEqual([]);
  });
});
