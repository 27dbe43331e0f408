import { findInconsistencies } from '../src/health/consistency';
import { createListing, newSupplier } from './support/catalogue';
import {
  attendSession,
  deliverToEnd,
  desiredOutcomes,
  reportEndOfService,
} from './support/delivery';
import { feed } from './support/oruk';
import { errorCodes, errorReasons, GraphQLResponse, startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';
import { visibleText } from './support/web-browser';

/**
 * Supply chains (issue 19, section 1), end to end: subcontracts, a listing delivered by a
 * subcontractor, who sees and delivers its referrals, an ended subcontract refusing purchases,
 * contribution scores for the deliverer and the prime, and the supply-chain manager's view.
 * Financial year 2041 (the test's own), fresh organisations.
 */
const SUBCONTRACT_FIELDS = `id reference startsOn endsOn endedOn lastDay status factors pccAreaCodes annualValuePence
  prime { id } subcontractor { id name }`;
const CREATE = `mutation ($input: CreateSubcontractInput!) { createSubcontract(input: $input) { ${SUBCONTRACT_FIELDS} } }`;
const SET_DELIVERER = `mutation ($id: ID!, $s: ID) { setListingDeliverer(interventionId: $id, subcontractId: $s) { id deliveredBy { id name } provider { id } } }`;
const BUY = `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id provider { id } deliveredBy { id } } }`;
const REFERRAL = `query ($id: ID!) { referral(id: $id) { id status provider { id } deliveredBy { id } } }`;
const SCORES = `query ($p: ID) { contributionScores(providerId: $p, first: 20) { nodes { factor judged sufficient outcomes reports } } }`;
const CHAIN = `query ($p: ID, $fy: Int) { supplyChain(primeId: $p, financialYear: $fy) {
  prime { id } financialYear
  members { organisation { id } isPrime subcontracts { id } listings { id title } referrals liveReferrals incomePence outcomes judged sufficient }
  endingSoon { id reference status lastDay } } }`;

const person = { sex: 'FEMALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
const FY = 2041;
let keys = 0;

function fieldsOf(res: GraphQLResponse<unknown>): string[] {
  return (res.errors ?? []).flatMap(
    (e) =>
      (e.extensions?.fieldErrors as { field: string }[] | undefined)?.map((f) => f.field) ?? [],
  );
}

describe('Supply chains', () => {
  let t: TestApp;
  let purchaser: string;
  let commissioner: string;
  let prime: { organisationId: string; token: string };
  let sub: { organisationId: string; token: string };
  let other: { organisationId: string; token: string };
  let accommodationOutcome: string;
  let subcontractId: string;
  let listingId: string;

  const input = (overrides: Record<string, unknown> = {}) => ({
    subcontractorId: sub.organisationId,
    reference: 'HSW-2041-01',
    startsOn: '2041-04-01',
    endsOn: '2043-03-31',
    factors: ['ACCOMMODATION', 'ETE'],
    pccAreaCodes: ['durham', 'cleveland'],
    annualValuePence: 25_000_000,
    ...overrides,
  });

  async function buy(interventionId: string) {
    return t.gql<{ createReferral: { id: string; deliveredBy: { id: string } | null } }>(BUY, {
      token: purchaser,
      variables: {
        input: {
          interventionId,
          crn: 'S123456',
          person,
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes: [accommodationOutcome],
          complexity: 'MEDIUM',
        },
        key: `supply-chain-${++keys}-${Date.now()}`,
      },
    });
  }

  async function subcontractCount(): Promise<number> {
    const res = await t.gql<{ subcontracts: unknown[] }>(
      `query ($o: ID!) { subcontracts(organisationId: $o) { id } }`,
      { token: prime.token, variables: { o: prime.organisationId } },
    );
    return res.data!.subcontracts.length;
  }

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2041-06-15');
    purchaser = await tokens.purchaser('NE', 'purchaser-supply-chains');
    commissioner = await tokens.commissioner();
    prime = await newSupplier(t, 'PRIVATE');
    sub = await newSupplier(t);
    other = await newSupplier(t);
    accommodationOutcome = (await desiredOutcomes(t, purchaser)).ACCOMMODATION[0].id;
    const budget = await t.gql(
      `mutation { setDivisionBudget(divisionCode: "NE", financialYear: ${FY}, amountPence: 5000000000) { allocatedPence } }`,
      { token: await tokens.admin() },
    );
    if (budget.errors) throw new Error(JSON.stringify(budget.errors));
    const listing = await createListing(t, prime.token, {
      title: `Women's tenancy support ${Date.now()}`,
      factors: ['ACCOMMODATION'],
      eligibility: { sexes: ['FEMALE'], minAge: 18, maxAge: 65 },
      adaptations: ['WOMEN_ONLY'],
      venues: [
        { name: 'Durham hub', postcode: 'DH1 1AA', pccAreaCode: 'durham', lat: 54.77, lng: -1.57 },
      ],
      coverage: ['durham'],
      capacity: 20,
      price: { amountPence: 120_000, unit: 'PER_REFERRAL' },
    });
    listingId = listing.id;
    const published = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: prime.token,
      variables: { id: listingId },
    });
    if (published.errors) throw new Error(JSON.stringify(published.errors));
  });
  afterAll(() => t.close());

  it("records a subcontract from the prime's supplier, audited, seen by both parties and commissioners only", async () => {
    const res = await t.gql<{ createSubcontract: Record<string, unknown> & { id: string } }>(
      CREATE,
      { token: prime.token, variables: { input: input() } },
    );
    expect(res.errors).toBeUndefined();
    subcontractId = res.data!.createSubcontract.id;
    expect(res.data!.createSubcontract).toMatchObject({
      reference: 'HSW-2041-01',
      status: 'ACTIVE',
      lastDay: '2043-03-31',
      endedOn: null,
      annualValuePence: 25_000_000,
      prime: { id: prime.organisationId },
      subcontractor: { id: sub.organisationId },
    });

    const read = `query ($id: ID!) { subcontract(id: $id) { id status } }`;
    for (const token of [sub.token, commissioner, await tokens.admin()]) {
      const seen = await t.gql(read, { token, variables: { id: subcontractId } });
      expect(seen.data).toEqual({ subcontract: { id: subcontractId, status: 'ACTIVE' } });
    }
    const hidden = await t.gql(read, { token: other.token, variables: { id: subcontractId } });
    expect(errorCodes(hidden)).toEqual(['NOT_FOUND']);

    const trail = await t.gql<{ auditTrail: { nodes: { action: string }[] } }>(
      `query ($id: ID!) { auditTrail(entityId: $id) { nodes { action } } }`,
      { token: prime.token, variables: { id: subcontractId } },
    );
    expect(trail.data!.auditTrail.nodes.map((n) => n.action)).toEqual(['CREATED']);
  });

  it('refuses bad subcontracts naming the field, and writes nothing', async () => {
    const before = await subcontractCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ subcontractorId: prime.organisationId }, 'input.subcontractorId'],
      [{ startsOn: '2041-06-01', endsOn: '2041-05-01' }, 'input.endsOn'],
      [{ pccAreaCodes: ['durham', 'atlantis'] }, 'input.pccAreaCodes.1'],
      // Overlaps HSW-2041-01 (same pair) by one day.
      [{ startsOn: '2043-03-31', endsOn: '2044-03-31', reference: 'HSW-2043' }, 'input.startsOn'],
      [{ annualValuePence: -1 }, 'input.annualValuePence'],
    ];
    for (const [overrides, field] of cases) {
      const res = await t.gql(CREATE, {
        token: prime.token,
        variables: { input: input(overrides) },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(res)).toContain(field);
    }
    // Only the prime's suppliers record subcontracts.
    const commissioners = await t.gql(CREATE, {
      token: commissioner,
      variables: { input: input() },
    });
    expect(errorCodes(commissioners)).toEqual(['FORBIDDEN']);
    expect(await subcontractCount()).toBe(before);
  });

  it("sets the listing's deliverer only under a subcontract covering its needs and areas", async () => {
    const narrow = await t.gql<{ createSubcontract: { id: string } }>(CREATE, {
      token: prime.token,
      variables: {
        input: input({
          subcontractorId: other.organisationId,
          reference: 'NARROW-1',
          pccAreaCodes: ['cleveland'],
        }),
      },
    });
    const refused = await t.gql(SET_DELIVERER, {
      token: prime.token,
      variables: { id: listingId, s: narrow.data!.createSubcontract.id },
    });
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(refused)).toEqual(['subcontractId']);
    expect(refused.errors![0].extensions!.fieldErrors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('durham') }),
    ]);
    // The subcontractor cannot make itself the deliverer of the prime's listing.
    const bySub = await t.gql(SET_DELIVERER, {
      token: sub.token,
      variables: { id: listingId, s: subcontractId },
    });
    expect(errorCodes(bySub)).toEqual(['FORBIDDEN']);

    const set = await t.gql(SET_DELIVERER, {
      token: prime.token,
      variables: { id: listingId, s: subcontractId },
    });
    expect(set.errors).toBeUndefined();
    expect(set.data).toMatchObject({
      setListingDeliverer: {
        deliveredBy: { id: sub.organisationId },
        provider: { id: prime.organisationId },
      },
    });
  });

  it('shows the deliverer with the provider in search, the listing, the rate card and the ORUK feed', async () => {
    const search = await t.gql<{
      searchInterventions: {
        edges: { node: { id: string; provider: { id: string }; deliveredBy: { id: string } } }[];
      };
    }>(
      `query ($f: InterventionSearchInput!) { searchInterventions(filter: $f, first: 100) { edges { node { id provider { id } deliveredBy { id } } } } }`,
      {
        token: purchaser,
        variables: {
          f: { pccAreaCode: 'durham', factors: ['ACCOMMODATION'], text: "Women's tenancy" },
        },
      },
    );
    const found = search.data!.searchInterventions.edges.find((e) => e.node.id === listingId);
    expect(found?.node).toEqual({
      id: listingId,
      provider: { id: prime.organisationId },
      deliveredBy: { id: sub.organisationId },
    });

    const card = await t.gql<{
      rateCard: { entries: { intervention: { id: string; deliveredBy: { name: string } } }[] };
    }>(
      `query ($p: ID!) { rateCard(providerId: $p) { entries { intervention { id deliveredBy { name } } } } }`,
      { token: purchaser, variables: { p: prime.organisationId } },
    );
    expect(card.data!.rateCard.entries).toHaveLength(1);
    expect(card.data!.rateCard.entries[0].intervention.deliveredBy.name).toMatch(/^Test Provider/);

    const service = await feed<{ organization: { id: string }; description: string }>(
      t.url,
      `/services/${listingId}`,
    );
    expect(service.status).toBe(200);
    expect(service.body.organization.id).toBe(prime.organisationId);
    expect(service.body.description).toContain(
      `Delivered by ${card.data!.rateCard.entries[0].intervention.deliveredBy.name}`,
    );
    // The subcontractor's services in the feed include those it delivers for the prime.
    const bySubcontractor = await feed<{ contents: { id: string }[] }>(
      t.url,
      `/services?organization_id=${sub.organisationId}`,
    );
    expect(bySubcontractor.body.contents.map((s) => s.id)).toEqual([listingId]);
  });

  let delivered: string;

  it("lets the subcontractor's suppliers see and deliver the referral; the prime sees it, another organisation does not", async () => {
    const bought = await buy(listingId);
    expect(bought.errors).toBeUndefined();
    delivered = bought.data!.createReferral.id;
    expect(bought.data!.createReferral.deliveredBy).toEqual({ id: sub.organisationId });

    for (const token of [sub.token, prime.token]) {
      const seen = await t.gql(REFERRAL, { token, variables: { id: delivered } });
      expect(seen.data).toMatchObject({ referral: { id: delivered, status: 'SUBMITTED' } });
      const list = await t.gql<{ referrals: { nodes: { id: string }[] } }>(
        `query ($i: ID) { referrals(filter: { interventionId: $i }, first: 100) { nodes { id } } }`,
        { token, variables: { i: listingId } },
      );
      expect(list.data!.referrals.nodes.map((n) => n.id)).toContain(delivered);
    }
    const hidden = await t.gql(REFERRAL, { token: other.token, variables: { id: delivered } });
    expect(errorCodes(hidden)).toEqual(['NOT_FOUND']);
    const otherList = await t.gql<{ referrals: { nodes: { id: string }[] } }>(
      `query ($i: ID) { referrals(filter: { interventionId: $i }, first: 100) { nodes { id } } }`,
      { token: other.token, variables: { i: listingId } },
    );
    expect(otherList.data!.referrals.nodes).toEqual([]);

    // Accept, plan, sessions and the end-of-service report, all by the subcontractor's supplier.
    const plan = await t.gql(`mutation ($r: ID!) { acceptReferral(id: $r) { id status } }`, {
      token: sub.token,
      variables: { r: delivered },
    });
    expect(plan.errors).toBeUndefined();
    const submitted = await t.gql(
      `mutation ($r: ID!) { submitActionPlan(referralId: $r, input: { activities: ["Find a tenancy"], plannedSessions: 4 }) { id } }`,
      { token: sub.token, variables: { r: delivered } },
    );
    expect(submitted.errors).toBeUndefined();
    await attendSession(t, sub.token, delivered);
    await reportEndOfService(t, sub.token, delivered);
    const completed = await t.gql(`mutation ($r: ID!) { completeReferral(id: $r) { status } }`, {
      token: sub.token,
      variables: { r: delivered },
    });
    expect(completed.data).toEqual({ completeReferral: { status: 'COMPLETED' } });
    const prime_ = await t.gql(REFERRAL, { token: prime.token, variables: { id: delivered } });
    expect(prime_.data).toMatchObject({ referral: { status: 'COMPLETED' } });
  });

  it('keeps contribution scores for the deliverer and rolls them up to the prime', async () => {
    const judged = await t.gql(
      `mutation ($r: ID!, $input: OutcomeInput!) { recordOutcome(referralId: $r, input: $input) { id } }`,
      {
        token: purchaser,
        variables: {
          r: delivered,
          input: {
            factorJudgements: [{ factor: 'ACCOMMODATION', sufficient: true }],
            riskOfHarmFocus: 'YES',
            informationForReview: 'YES',
          },
        },
      },
    );
    expect(judged.errors).toBeUndefined();
    for (const organisationId of [sub.organisationId, prime.organisationId]) {
      const res = await t.gql<{
        contributionScores: { nodes: { factor: string | null; judged: number; reports: number }[] };
      }>(SCORES, { token: purchaser, variables: { p: organisationId } });
      const overall = res.data!.contributionScores.nodes.find((n) => n.factor === null);
      expect(overall).toMatchObject({ judged: 1, reports: 1 });
    }
    const other_ = await t.gql<{ contributionScores: { nodes: { judged: number }[] } }>(SCORES, {
      token: purchaser,
      variables: { p: other.organisationId },
    });
    expect(other_.data!.contributionScores.nodes[0].judged).toBe(0);

    const mine = [sub.organisationId, prime.organisationId, listingId];
    const problems = (await findInconsistencies(t.dataSource)).filter((p) =>
      mine.some((id) => p.subject.includes(id)),
    );
    expect(problems).toEqual([]);
  });

  it('refuses new purchases once the subcontract has ended, naming it, and lets a live referral be completed', async () => {
    const live = await buy(listingId);
    expect(live.errors).toBeUndefined();
    const liveId = live.data!.createReferral.id;

    const ended = await t.gql<{ endSubcontract: { status: string; endedOn: string } }>(
      `mutation ($id: ID!) { endSubcontract(id: $id) { status endedOn } }`,
      { token: prime.token, variables: { id: subcontractId } },
    );
    expect(ended.data).toEqual({ endSubcontract: { status: 'ENDED', endedOn: '2041-06-15' } });
    const again = await t.gql(`mutation ($id: ID!) { endSubcontract(id: $id) { status } }`, {
      token: prime.token,
      variables: { id: subcontractId },
    });
    expect(errorReasons(again)).toEqual(['INVALID_TRANSITION']);

    const refused = await buy(listingId);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(errorReasons(refused)).toEqual(['SUBCONTRACT_ENDED']);
    expect(refused.errors![0].message).toContain('HSW-2041-01');

    await deliverToEnd(t, sub.token, liveId);
    const done = await t.gql(REFERRAL, { token: sub.token, variables: { id: liveId } });
    expect(done.data).toMatchObject({ referral: { status: 'COMPLETED' } });

    const trail = await t.gql<{ auditTrail: { nodes: { action: string }[] } }>(
      `query ($id: ID!) { auditTrail(entityId: $id) { nodes { action } } }`,
      { token: commissioner, variables: { id: subcontractId } },
    );
    expect(trail.data!.auditTrail.nodes.map((n) => n.action)).toEqual(['CREATED', 'ENDED']);
    const listingTrail = await t.gql<{ auditTrail: { nodes: { action: string }[] } }>(
      `query ($id: ID!) { auditTrail(entityId: $id) { nodes { action } } }`,
      { token: prime.token, variables: { id: listingId } },
    );
    expect(listingTrail.data!.auditTrail.nodes.map((n) => n.action)).toContain('DELIVERER_SET');
  });

  it("shows the prime's supply chain: members, listings, referrals, income, outcomes, subcontracts ending soon", async () => {
    const ending = await t.gql<{ createSubcontract: { id: string; status: string } }>(CREATE, {
      token: prime.token,
      variables: {
        input: input({ reference: 'ENDING-60', startsOn: '2041-07-01', endsOn: '2041-08-14' }),
      },
    });
    expect(ending.errors).toBeUndefined();
    expect(ending.data!.createSubcontract.status).toBe('NOT_STARTED');
    const UPDATE = `mutation ($id: ID!, $input: UpdateSubcontractInput!) { updateSubcontract(id: $id, input: $input) { annualValuePence endsOn } }`;
    const endingId = ending.data!.createSubcontract.id;
    const changed = await t.gql(UPDATE, {
      token: prime.token,
      variables: { id: endingId, input: { annualValuePence: 9_000_000 } },
    });
    expect(changed.data).toEqual({
      updateSubcontract: { annualValuePence: 9_000_000, endsOn: '2041-08-14' },
    });
    const backwards = await t.gql(UPDATE, {
      token: prime.token,
      variables: { id: endingId, input: { endsOn: '2041-06-30' } },
    });
    expect(fieldsOf(backwards)).toEqual(['input.endsOn']);
    const bySubcontractor = await t.gql(UPDATE, {
      token: sub.token,
      variables: { id: endingId, input: { annualValuePence: 1 } },
    });
    expect(errorCodes(bySubcontractor)).toEqual(['FORBIDDEN']);
    const updates = await t.gql<{ auditTrail: { nodes: { action: string }[] } }>(
      `query ($id: ID!) { auditTrail(entityId: $id) { nodes { action } } }`,
      { token: prime.token, variables: { id: endingId } },
    );
    expect(updates.data!.auditTrail.nodes.map((n) => n.action)).toEqual(['CREATED', 'UPDATED']);
    t.clock.set('2041-07-01');
    try {
      const res = await t.gql<{
        supplyChain: {
          members: {
            organisation: { id: string };
            isPrime: boolean;
            listings: { id: string }[];
            referrals: number;
            liveReferrals: number;
            incomePence: number;
            outcomes: number;
            judged: number;
            sufficient: number;
          }[];
          endingSoon: { reference: string; status: string; lastDay: string }[];
        };
      }>(CHAIN, { token: prime.token, variables: { fy: FY } });
      expect(res.errors).toBeUndefined();
      const chain = res.data!.supplyChain;
      const members = chain.members.map((m) => m.organisation.id);
      expect(members).toEqual(
        expect.arrayContaining([prime.organisationId, sub.organisationId, other.organisationId]),
      );
      expect(members[0]).toBe(prime.organisationId);
      const subRow = chain.members.find((m) => m.organisation.id === sub.organisationId)!;
      expect(subRow).toMatchObject({
        isPrime: false,
        listings: [{ id: listingId }],
        referrals: 2,
        liveReferrals: 0,
        incomePence: 240_000,
        outcomes: 1,
        judged: 1,
        sufficient: 1,
      });
      expect(chain.members[0]).toMatchObject({ isPrime: true, listings: [], referrals: 0 });
      expect(chain.endingSoon).toEqual([
        {
          id: ending.data!.createSubcontract.id,
          reference: 'ENDING-60',
          status: 'ENDING',
          lastDay: '2041-08-14',
        },
      ]);

      // Read-only for commissioners; not for another organisation's suppliers.
      const read = await t.gql(CHAIN, {
        token: commissioner,
        variables: { p: prime.organisationId, fy: FY },
      });
      expect(read.errors).toBeUndefined();
      const refused = await t.gql(CHAIN, {
        token: other.token,
        variables: { p: prime.organisationId },
      });
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);

      // The page: the prime's suppliers, read-only for commissioners, not for others.
      const page = async (token: string, query: string) => {
        const response = await fetch(`${t.url}/supply-chain${query}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return { status: response.status, text: visibleText(await response.text()) };
      };
      const own = await page(prime.token, `?financialYear=${FY}`);
      expect(own.status).toBe(200);
      expect(own.text).toContain('Subcontracts ending within 90 days');
      expect(own.text).toContain('ENDING-60 with Test Provider');
      expect(own.text).toContain("Women's tenancy support");
      expect(own.text).toContain('£2,400.00');
      expect((await page(commissioner, `?primeId=${prime.organisationId}`)).status).toBe(200);
      expect((await page(other.token, `?primeId=${prime.organisationId}`)).status).toBe(403);
      expect((await page(purchaser, '')).status).toBe(403);
    } finally {
      t.clock.set('2041-06-15');
    }
  });
});
