import { parse } from 'csv-parse/sync';
import { createListing, newSupplier, publishedListing } from './support/catalogue';
import { desiredOutcomes } from './support/delivery';
import { errorCodes, errorReasons, startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/**
 * Rate card reviews and stewardship of specialist services (issue 19). This file owns the year
 * 2042 (the clock runs there), the PCC areas dorset (the review) and wiltshire (stewardship),
 * and its own freshly created providers, so other files' data cannot change its figures.
 */
const DIVISION = 'SWSC';
const REVIEWED = 'dorset';
const STEWARDED = 'wiltshire';
const TODAY = '2042-09-15';

const REVIEW = `query ($p: ID!, $from: Date, $to: Date) { rateCardReview(providerId: $p, from: $from, to: $to) {
  title providerName status rationale factors pccAreaCodes searches searchesNothingAvailable purchases
  purchasesElsewhere placesUsed placesOffered completed judgements contributionRate lastPurchaseAt verdict
  intervention { id } provider { id } } }`;
const RISKS = `query ($d: String) { servicesAtRisk(divisionCode: $d) {
  title providerName status onlyProvider onlyWithAdaptations reasons lastPurchaseAt lastConfirmedAt
  pccArea { code name } factor { code } intervention { id } provider { id } } }`;
const PUBLISH = `mutation ($id: ID!) { publishIntervention(id: $id) { id status } }`;
const SUSPEND = `mutation ($id: ID!) { suspendIntervention(id: $id) { id status } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateInterventionInput!) { updateIntervention(id: $id, input: $input) { id status } }`;

interface ReviewRow {
  title: string;
  providerName: string;
  status: string;
  rationale: string | null;
  factors: string[];
  pccAreaCodes: string[];
  searches: number;
  searchesNothingAvailable: number;
  purchases: number;
  purchasesElsewhere: number;
  placesUsed: number;
  placesOffered: number;
  completed: number;
  judgements: number;
  contributionRate: number | null;
  lastPurchaseAt: string | null;
  verdict: string;
  intervention: { id: string };
  provider: { id: string };
}

interface RiskRow {
  title: string;
  status: string;
  onlyProvider: boolean;
  onlyWithAdaptations: string[];
  reasons: string[];
  pccArea: { code: string; name: string };
  factor: { code: string };
  intervention: { id: string };
  provider: { id: string };
}

describe('Rate card reviews and services at risk (issue 19)', () => {
  let t: TestApp;
  let admin: string;
  let national: string;
  let purchaser: string;
  let aims: Record<string, { id: string }[]>;
  let crc: { organisationId: string; token: string };
  let crns = 0;

  /** A listing serving one area only, for one need, with a price. */
  const inArea = (area: string, factor: string, extra: Record<string, unknown> = {}) => ({
    title: `${factor} in ${area} ${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
    factors: [factor],
    venues: [],
    coverage: [area],
    capacity: 10,
    price: { amountPence: 10000, unit: 'PER_REFERRAL' },
    ...extra,
  });

  async function buy(
    interventionId: string,
    factor: string,
    area: string,
    sex: 'MALE' | 'FEMALE' = 'MALE',
  ): Promise<void> {
    crns += 1;
    const res = await t.gql(
      `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId,
            crn: `R${String(420000 + crns)}`,
            person: { sex, age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
            targetFactors: [factor],
            desiredOutcomes: [aims[factor][0].id],
            complexity: 'LOW',
            pccAreaCode: area,
          },
          key: `rate-card-review-${Date.now()}-${crns}`,
        },
      },
    );
    expect(res.errors).toBeUndefined();
  }

  async function search(area: string, factor: string): Promise<void> {
    const res = await t.gql(
      `query { searchInterventions(filter: { pccAreaCode: "${area}", factors: [${factor}] }) { totalCount } }`,
      { token: purchaser },
    );
    expect(res.errors).toBeUndefined();
  }

  async function review(providerId: string, token = national) {
    return t.gql<{ rateCardReview: ReviewRow[] }>(REVIEW, { token, variables: { p: providerId } });
  }

  async function risks(ids: string[]): Promise<RiskRow[]> {
    const res = await t.gql<{ servicesAtRisk: RiskRow[] }>(RISKS, {
      token: national,
      variables: { d: DIVISION },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.servicesAtRisk.filter((r) => ids.includes(r.intervention.id));
  }

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(TODAY);
    admin = await tokens.admin();
    national = await tokens.commissioner(undefined, 'commissioner-review');
    purchaser = await tokens.purchaser(DIVISION, 'purchaser-review');
    const budget = await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: 2042, amountPence: 1000000000) { allocatedPence } }`,
      { token: admin },
    );
    expect(budget.errors).toBeUndefined();
    aims = await desiredOutcomes(t, purchaser);
    const created = await t.gql<{ createOrganisation: { id: string } }>(
      `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
      {
        token: admin,
        variables: {
          input: {
            name: `Dorset, Devon and Cornwall CRC ${Date.now()}`,
            kind: 'CRC',
            crcOwner: 'Working Links',
            contractPackageAreaCode: 'dorset-devon-cornwall',
          },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createOrganisation.id;
    crc = { organisationId: id, token: await tokens.supplier(id) };
  });
  afterAll(() => t.close());

  describe('the rationale', () => {
    let listingId: string;

    it('is required to publish a CRC’s listing: BAD_USER_INPUT naming the field, nothing changed', async () => {
      listingId = (await createListing(t, crc.token, inArea(REVIEWED, 'ETE', { rationale: null })))
        .id;
      const res = await t.gql(PUBLISH, { token: crc.token, variables: { id: listingId } });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(errorReasons(res)).toEqual(['RATIONALE_REQUIRED']);
      expect(res.errors![0].extensions!.fieldErrors).toEqual([
        { field: 'rationale', message: expect.stringMatching(/rationale/) },
      ]);
      const after = await t.gql<{ intervention: { status: string; rationale: string | null } }>(
        `query ($id: ID!) { intervention(id: $id) { status rationale } }`,
        { token: crc.token, variables: { id: listingId } },
      );
      expect(after.data!.intervention).toEqual({ status: 'DRAFT', rationale: null });
    });

    it('lets the CRC publish once given, and refuses to clear it while published', async () => {
      const given = await t.gql(UPDATE, {
        token: crc.token,
        variables: { id: listingId, input: { rationale: '  Needs assessment, Dorset 2041.  ' } },
      });
      expect(given.errors).toBeUndefined();
      const published = await t.gql(PUBLISH, { token: crc.token, variables: { id: listingId } });
      expect(published.errors).toBeUndefined();
      const cleared = await t.gql(UPDATE, {
        token: crc.token,
        variables: { id: listingId, input: { rationale: '' } },
      });
      expect(errorReasons(cleared)).toEqual(['RATIONALE_REQUIRED']);
      expect(cleared.errors![0].extensions!.fieldErrors![0].field).toBe('input.rationale');
    });

    it('is not required of other providers', async () => {
      const charity = await newSupplier(t);
      const listing = await createListing(
        t,
        charity.token,
        inArea(REVIEWED, 'ETE', { rationale: null }),
      );
      const res = await t.gql(PUBLISH, { token: charity.token, variables: { id: listing.id } });
      expect(res.errors).toBeUndefined();
    });

    it('is shown to commissioners and the provider’s suppliers, not to purchasers or others', async () => {
      const other = await newSupplier(t);
      const read = (token: string) =>
        t.gql<{ intervention: { rationale: string | null } }>(
          `query ($id: ID!) { intervention(id: $id) { title rationale } }`,
          { token, variables: { id: listingId } },
        );
      expect((await read(national)).data!.intervention.rationale).toBe(
        'Needs assessment, Dorset 2041.',
      );
      expect((await read(crc.token)).data!.intervention.rationale).toBe(
        'Needs assessment, Dorset 2041.',
      );
      expect(errorReasons(await read(purchaser))).toEqual(['OUT_OF_SCOPE']);
      expect(errorReasons(await read(other.token))).toEqual(['OUT_OF_SCOPE']);
    });
  });

  /** The CRC's listings in the reviewed area, by what the review should say of them. */
  const ids: Record<string, string> = {};

  describe('rateCardReview', () => {
    beforeAll(async () => {
      const rationale = 'Stakeholder feedback from the Dorset reducing reoffending board.';
      const make = async (name: string, factor: string, extra: Record<string, unknown> = {}) => {
        ids[name] = (
          await publishedListing(t, crc.token, inArea(REVIEWED, factor, { rationale, ...extra }))
        ).id;
      };
      await make('used', 'LIFESTYLE');
      await make('underused', 'DRUGS');
      await make('unused', 'ALCOHOL');
      await make('unmet', 'EMOTIONAL_WELLBEING', { capacity: 1 });
      await make('suspended', 'ATTITUDES');
      const suspended = await t.gql(SUSPEND, {
        token: crc.token,
        variables: { id: ids.suspended },
      });
      expect(suspended.errors).toBeUndefined();
      // Demand met elsewhere: a charity sells three places for the same need in the same area.
      const charity = await newSupplier(t);
      const elsewhere = await publishedListing(t, charity.token, inArea(REVIEWED, 'DRUGS'));
      for (let i = 0; i < 3; i += 1) await buy(elsewhere.id, 'DRUGS', REVIEWED);
      for (let i = 0; i < 3; i += 1) await buy(ids.used, 'LIFESTYLE', REVIEWED);
      await buy(ids.underused, 'DRUGS', REVIEWED);
      await buy(ids.unmet, 'EMOTIONAL_WELLBEING', REVIEWED); // now full
      await search(REVIEWED, 'EMOTIONAL_WELLBEING'); // finds it, with no place
      await search(REVIEWED, 'LIFESTYLE'); // finds a place
    });

    it('gives every listing on the rate card its figures and verdict', async () => {
      const res = await review(crc.organisationId);
      expect(res.errors).toBeUndefined();
      const rows = res.data!.rateCardReview;
      const byId = new Map(rows.map((r) => [r.intervention.id, r]));
      // The first listing (ETE, published in the rationale tests) is on the card too; drafts are not.
      expect(rows.length).toBe(6);
      expect(rows.every((r) => r.provider.id === crc.organisationId)).toBe(true);
      expect(byId.get(ids.used)).toMatchObject({
        status: 'PUBLISHED',
        rationale: 'Stakeholder feedback from the Dorset reducing reoffending board.',
        factors: ['LIFESTYLE'],
        pccAreaCodes: [REVIEWED],
        searches: 1,
        searchesNothingAvailable: 0,
        purchases: 3,
        purchasesElsewhere: 0,
        placesUsed: 3,
        placesOffered: 10,
        verdict: 'USED',
      });
      expect(byId.get(ids.used)!.lastPurchaseAt).not.toBeNull();
      expect(byId.get(ids.underused)).toMatchObject({
        purchases: 1,
        purchasesElsewhere: 3,
        verdict: 'UNDERUSED',
      });
      expect(byId.get(ids.unused)).toMatchObject({
        purchases: 0,
        lastPurchaseAt: null,
        verdict: 'UNUSED',
      });
      expect(byId.get(ids.unmet)).toMatchObject({
        purchases: 1,
        placesUsed: 1,
        placesOffered: 1,
        searches: 1,
        searchesNothingAvailable: 1,
        verdict: 'UNMET',
      });
      expect(byId.get(ids.suspended)).toMatchObject({ status: 'SUSPENDED', verdict: 'UNUSED' });
    });

    it('calls a listing bought more than six months before the period’s end UNUSED', async () => {
      const res = await t.gql<{ rateCardReview: ReviewRow[] }>(REVIEW, {
        token: national,
        variables: { p: crc.organisationId, from: '2043-04-01', to: '2043-04-30' },
      });
      expect(res.errors).toBeUndefined();
      const used = res.data!.rateCardReview.find((r) => r.intervention.id === ids.used)!;
      expect(used).toMatchObject({ purchases: 0, verdict: 'UNUSED' });
      expect(used.lastPurchaseAt).not.toBeNull();
    });

    it('writes the same figures as CSV', async () => {
      const graph = (await review(crc.organisationId)).data!.rateCardReview;
      const response = await fetch(
        `${t.url}/reports/rateCardReview.csv?providerId=${crc.organisationId}`,
        { headers: { authorization: `Bearer ${national}` } },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const rows = parse<Record<string, string>>(await response.text(), { columns: true });
      expect(rows.map((r) => r.interventionId)).toEqual(graph.map((r) => r.intervention.id));
      for (const [i, row] of rows.entries()) {
        const g = graph[i];
        expect(row).toEqual({
          interventionId: g.intervention.id,
          intervention: g.title,
          providerId: g.provider.id,
          provider: g.providerName,
          status: g.status,
          rationale: g.rationale ?? '',
          factors: g.factors.join(';'),
          pccAreaCodes: g.pccAreaCodes.join(';'),
          searches: String(g.searches),
          searchesNothingAvailable: String(g.searchesNothingAvailable),
          purchases: String(g.purchases),
          purchasesElsewhere: String(g.purchasesElsewhere),
          placesUsed: String(g.placesUsed),
          placesOffered: String(g.placesOffered),
          completed: String(g.completed),
          judgements: String(g.judgements),
          contributionRate: g.contributionRate === null ? '' : String(g.contributionRate),
          lastPurchaseAt: g.lastPurchaseAt ?? '',
          verdict: g.verdict,
        });
      }
    });

    it('is the provider’s own suppliers’ to read, and no other supplier’s', async () => {
      expect((await review(crc.organisationId, crc.token)).errors).toBeUndefined();
      const other = await newSupplier(t);
      const refused = await review(crc.organisationId, other.token);
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(errorReasons(refused)).toEqual(['OUT_OF_SCOPE']);
      const csv = await fetch(
        `${t.url}/reports/rateCardReview.csv?providerId=${crc.organisationId}`,
        { headers: { authorization: `Bearer ${other.token}` } },
      );
      expect(csv.status).toBe(403);
      expect(errorCodes(await review(crc.organisationId, purchaser))).toEqual(['FORBIDDEN']);
    });

    it('answers NOT_FOUND for an unknown provider', async () => {
      const res = await review('00000000-0000-4000-8000-000000000000');
      expect(errorCodes(res)).toEqual(['NOT_FOUND']);
    });

    it('shows on the commissioners’ page and the supplier’s own page, with a CSV link', async () => {
      const page = await fetch(
        `${t.url}/commissioning/rate-card-review?provider=${crc.organisationId}`,
        { headers: { authorization: `Bearer ${national}` } },
      );
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Unmet need');
      expect(html).toContain(`data-listing="${ids.unused}"`);
      expect(html).toContain('/commissioning/rate-card-review.csv?provider=');
      const own = await fetch(`${t.url}/listings/review`, {
        headers: { authorization: `Bearer ${crc.token}` },
      });
      expect(own.status).toBe(200);
      expect(await own.text()).toContain(`data-listing="${ids.underused}"`);
      const csv = await fetch(`${t.url}/listings/review.csv`, {
        headers: { authorization: `Bearer ${crc.token}` },
      });
      expect(csv.status).toBe(200);
      expect((await csv.text()).split('\n')[0]).toContain('interventionId');
    });
  });

  describe('servicesAtRisk', () => {
    const women = { adaptations: ['WOMEN_ONLY'], eligibility: { sexes: ['FEMALE'] } };
    let only: string;
    let general: string;

    beforeAll(async () => {
      t.clock.set(TODAY);
      const charity = await newSupplier(t);
      only = (await publishedListing(t, charity.token, inArea(STEWARDED, 'RELATIONSHIPS', women)))
        .id;
      // Another provider's general service for the same need there, bought: not at risk itself.
      const other = await newSupplier(t);
      general = (await publishedListing(t, other.token, inArea(STEWARDED, 'RELATIONSHIPS'))).id;
      await buy(general, 'RELATIONSHIPS', STEWARDED);
    });
    afterAll(() => t.clock.set(TODAY));

    it('finds the only provider of a need in an area when nobody has bought from it', async () => {
      const rows = await risks([ids.unused, ids.used, ids.suspended]);
      expect(
        rows.map((r) => [r.intervention.id, r.onlyProvider, r.onlyWithAdaptations, r.reasons]),
      ).toEqual([
        // By area, then need: ALCOHOL before ATTITUDES.
        [ids.unused, true, [], ['NO_RECENT_PURCHASE']],
        [ids.suspended, true, [], ['NO_RECENT_PURCHASE', 'SUSPENDED']],
      ]);
    });

    it('finds the only women-only service for a need in an area when nobody has bought it', async () => {
      const rows = await risks([only, general]);
      expect(rows).toEqual([
        expect.objectContaining({
          intervention: { id: only },
          pccArea: { code: STEWARDED, name: 'Wiltshire' },
          factor: { code: 'RELATIONSHIPS' },
          status: 'PUBLISHED',
          onlyProvider: false,
          onlyWithAdaptations: ['WOMEN_ONLY'],
          reasons: ['NO_RECENT_PURCHASE'],
        }),
      ]);
    });

    it('drops it once bought, and finds it again when suspended or stale', async () => {
      await buy(only, 'RELATIONSHIPS', STEWARDED, 'FEMALE');
      expect(await risks([only])).toEqual([]);

      const token = await tokens.supplier(
        (
          await t.gql<{ intervention: { provider: { id: string } } }>(
            `query ($id: ID!) { intervention(id: $id) { provider { id } } }`,
            { token: national, variables: { id: only } },
          )
        ).data!.intervention.provider.id,
      );
      expect((await t.gql(SUSPEND, { token, variables: { id: only } })).errors).toBeUndefined();
      expect((await risks([only])).map((r) => r.reasons)).toEqual([['SUSPENDED']]);
      expect((await t.gql(PUBLISH, { token, variables: { id: only } })).errors).toBeUndefined();
      expect(await risks([only])).toEqual([]);

      t.clock.set('2042-12-31'); // more than 90 days unconfirmed, bought less than 6 months ago
      expect((await risks([only])).map((r) => r.reasons)).toEqual([['STALE']]);
    });

    it('finds nothing when a second women-only service serves the need there', async () => {
      const second = await newSupplier(t);
      const another = await publishedListing(
        t,
        second.token,
        inArea(STEWARDED, 'RELATIONSHIPS', women),
      );
      expect(await risks([only, another.id])).toEqual([]);
    });

    it('writes the same rows as CSV, and keeps a division commissioner to their division', async () => {
      const all = await t.gql<{ servicesAtRisk: RiskRow[] }>(RISKS, {
        token: national,
        variables: { d: DIVISION },
      });
      const response = await fetch(`${t.url}/reports/servicesAtRisk.csv?divisionCode=${DIVISION}`, {
        headers: { authorization: `Bearer ${national}` },
      });
      expect(response.status).toBe(200);
      const rows = parse<Record<string, string>>(await response.text(), { columns: true });
      expect(rows.map((r) => [r.pccAreaCode, r.factorCode, r.interventionId, r.reasons])).toEqual(
        all.data!.servicesAtRisk.map((r) => [
          r.pccArea.code,
          r.factor.code,
          r.intervention.id,
          r.reasons.join(';'),
        ]),
      );
      const elsewhere = await tokens.commissioner('LDN', 'commissioner-review-ldn');
      const refused = await t.gql(RISKS, { token: elsewhere, variables: { d: DIVISION } });
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    });

    it('shows on the commissioners’ page', async () => {
      t.clock.set(TODAY);
      const page = await fetch(`${t.url}/commissioning/services-at-risk?division=${DIVISION}`, {
        headers: { authorization: `Bearer ${national}` },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Services at risk');
    });
  });
});
