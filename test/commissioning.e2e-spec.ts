import { parse } from 'csv-parse/sync';
import { classifyGap, GapStatus } from '../src/commissioning/gap-rules';
import { mulberry32 } from '../src/demo/random';
import { addDays } from '../src/common/calendar';
import baselines from '../src/outcomes/data/baselines.json';
import { createListing } from './support/catalogue';
import { attendSession, desiredOutcomes, reportEndOfService } from './support/delivery';
import { checkPaging } from './support/paging';
import { tokens } from './support/tokens';
import { errorCodes, startApp, TestApp } from './support/test-app';

/**
 * The commissioners' reports against a generated market whose true figures are known by
 * construction. This file owns the PCC areas derbyshire, nottinghamshire and warwickshire for
 * the factors FINANCE and RELATIONSHIPS, and the year 2031 (the clock runs there), so that
 * other files' data cannot change the figures: the first test checks that.
 */
const DIVISION = 'MID';
const A = 'derbyshire';
const B = 'nottinghamshire';
const QUIET = 'warwickshire';
const FACTORS = ['FINANCE', 'RELATIONSHIPS'] as const;
type Factor = (typeof FACTORS)[number];
const DAY0 = '2031-06-10';
const PERIOD = { from: '2031-06-01', to: '2031-09-30' };

const GAPS = `query ($filter: ProvisionGapFilter) { provisionGaps(filter: $filter) {
  pccArea { code division { code } } factor { code name } publishedInterventions placesAvailable searches
  searchesWithNoResult searchHitRate needs needsMet availabilityRate nationalAvailabilityCrc { rate source }
  nationalAvailabilityNps { rate } referrals declined medianDaysToStart judgements contributionRate gap } }`;
const BREAKDOWN = `query ($by: BreakdownDimension!, $d: String, $from: Date, $to: Date) {
  measureBreakdown(by: $by, divisionCode: $d, from: $from, to: $to) { key referrals spendPence judgements
    contributionRate riskOfHarmFocusApplicable riskOfHarmFocusRate informationForReviewApplicable
    informationForReviewRate needs needsMet availabilityRate } }`;
const USAGE = `query ($filter: RateCardUsageFilter, $first: Int, $after: String) {
  rateCardUsage(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { title providerName status referrals completed givenBack spendPence feePence outcomePaymentsPence lastReferralAt
      intervention { id } provider { id } } } } }`;
const SPEND = `query ($g: SpendGrouping!, $d: String, $from: Date, $to: Date) {
  spend(groupBy: $g, divisionCode: $d, from: $from, to: $to) { key label referrals spendPence feePence outcomePaymentsPence share } }`;
const ABSENT = `query ($from: Date, $to: Date) { divisionsWithoutPurchases(from: $from, to: $to) {
  level code name divisionCode searches lastPurchaseAt } }`;
const STALE = `query ($days: Int, $d: String, $first: Int, $after: String) {
  staleListings(olderThanDays: $days, divisionCode: $d, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { title daysSinceConfirmed intervention { id } } } } }`;

interface GapRow {
  pccArea: { code: string; division: { code: string } };
  factor: { code: string; name: string };
  publishedInterventions: number;
  placesAvailable: number;
  searches: number;
  searchesWithNoResult: number;
  searchHitRate: number | null;
  needs: number;
  needsMet: number;
  availabilityRate: number | null;
  nationalAvailabilityCrc: { rate: number | null; source?: string };
  nationalAvailabilityNps: { rate: number | null };
  referrals: number;
  declined: number;
  medianDaysToStart: number | null;
  judgements: number;
  contributionRate: number | null;
  gap: GapStatus;
}

interface Person {
  sex: 'MALE' | 'FEMALE';
  age: number;
  riskLevel: string;
  supervisionType: string;
}
const person = (sex: Person['sex'], age: number, supervisionType = 'LICENCE'): Person => ({
  sex,
  age,
  riskLevel: 'MEDIUM',
  supervisionType,
});
type Answer = 'YES' | 'NO' | 'NOT_APPLICABLE';

/** Our model of the generated market: which listing serves where, whom, and whether it is full. */
interface Model {
  key: 'L1' | 'L2' | 'L3' | 'L4';
  id: string;
  factors: Factor[];
  areas: string[];
  sexes: string[];
  minAge: number;
  maxAge: number;
  pricePence: number;
  /** Paid per desired outcome achieved, half for partly achieved. */
  outcomePaymentPence: number;
  capacity: number;
  supplier: 'S1' | 'S2';
  full: boolean;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe('commissioners see gaps in provision, usage and spend', () => {
  let t: TestApp;
  let admin: string;
  let national: string;
  let purchaser: string;
  const suppliers: Record<'S1' | 'S2', { id: string; token: string; name: string }> = {} as never;
  const listings: Record<string, Model> = {};
  let baseline: GapRow[];
  /** The first desired outcome of each factor: one per target factor is what a purchase needs. */
  const outcomeIds: Record<string, string> = {};

  async function ok<T>(query: string, variables: Record<string, unknown>, token = admin) {
    const res = await t.gql<T>(query, { token, variables });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }

  async function gaps(filter: Record<string, unknown>, token = national): Promise<GapRow[]> {
    return (await ok<{ provisionGaps: GapRow[] }>(GAPS, { filter }, token)).provisionGaps;
  }

  const cellsFilter = { divisionCode: DIVISION, factors: [...FACTORS], ...PERIOD };

  async function organisation(name: string, kind: string) {
    const { createOrganisation } = await ok<{ createOrganisation: { id: string } }>(
      `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
      { input: { name, kind } },
    );
    return { id: createOrganisation.id, token: await tokens.supplier(createOrganisation.id), name };
  }

  async function listing(
    key: Model['key'],
    supplier: 'S1' | 'S2',
    spec: Omit<Model, 'key' | 'id' | 'supplier' | 'full'> & {
      venue: { pccAreaCode: string; postcode: string; lat: number; lng: number };
    },
  ) {
    const created = await createListing(t, suppliers[supplier].token, {
      title: key === 'L4' ? '=Budgeting, "money" and debt' : `Listing ${key}`,
      factors: spec.factors,
      venues: [{ name: `${key} venue`, ...spec.venue }],
      coverage: spec.areas,
      eligibility: {
        sexes: spec.sexes,
        minAge: spec.minAge,
        maxAge: spec.maxAge,
      },
      capacity: spec.capacity,
      price: {
        amountPence: spec.pricePence,
        unit: 'PER_REFERRAL',
        outcomePaymentPence: spec.outcomePaymentPence,
      },
    });
    await ok(
      `mutation ($id: ID!) { publishIntervention(id: $id) { id } }`,
      { id: created.id },
      suppliers[supplier].token,
    );
    listings[key] = { key, id: created.id, supplier, full: false, ...spec };
    return created.id;
  }

  let keys = 0;
  async function buy(
    model: Model,
    who: Person,
    targetFactors: Factor[],
    pccAreaCode?: string,
  ): Promise<string> {
    const { createReferral } = await ok<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
      {
        input: {
          interventionId: model.id,
          crn: `M${String(100000 + keys).slice(-6)}`,
          person: who,
          targetFactors,
          desiredOutcomes: targetFactors.map((f) => outcomeIds[f]),
          complexity: 'MEDIUM',
          ...(pccAreaCode ? { pccAreaCode } : {}),
        },
        key: `commissioning-${++keys}`,
      },
      purchaser,
    );
    return createReferral.id;
  }

  async function step(model: Model, mutation: string, id: string, extra = '') {
    await ok(
      `mutation ($id: ID!) { ${mutation}(id: $id${extra}) { id } }`,
      { id },
      suppliers[model.supplier].token,
    );
  }

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(DAY0);
    admin = await tokens.admin();
    national = await tokens.commissioner();
    purchaser = await tokens.purchaser(DIVISION, 'purchaser-commissioning');
    baseline = await gaps(cellsFilter);
    for (const [factor, outcomes] of Object.entries(await desiredOutcomes(t, purchaser))) {
      outcomeIds[factor] = outcomes[0].id;
    }
    suppliers.S1 = await organisation(`Derby "Money", Advice ${Date.now()}`, 'VOLUNTARY_SECTOR');
    suppliers.S2 = await organisation(`Midlands Works ${Date.now()}`, 'PRIVATE');
    await ok(
      `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: 2031, amountPence: 100000000) { allocatedPence } }`,
      {},
    );
    const derby = { pccAreaCode: A, postcode: 'de1 1an', lat: 52.92, lng: -1.47 };
    const nottingham = { pccAreaCode: B, postcode: 'ng1 5ft', lat: 52.95, lng: -1.15 };
    await listing('L1', 'S1', {
      factors: ['FINANCE'],
      areas: [A],
      sexes: [],
      minAge: 18,
      maxAge: 80,
      pricePence: 10_000,
      outcomePaymentPence: 0,
      venue: derby,
      capacity: 100,
    });
    await listing('L2', 'S2', {
      factors: ['FINANCE', 'RELATIONSHIPS'],
      areas: [A, B],
      sexes: [],
      minAge: 18,
      maxAge: 65,
      pricePence: 25_001,
      outcomePaymentPence: 1_001,
      venue: nottingham,
      capacity: 100,
    });
    await listing('L3', 'S1', {
      factors: ['RELATIONSHIPS'],
      areas: [B],
      sexes: ['FEMALE'],
      minAge: 18,
      maxAge: 80,
      pricePence: 5_000,
      outcomePaymentPence: 0,
      venue: nottingham,
      capacity: 1,
    });
    // On offer in QUIET only, and never bought: the usage report must still list it, with zeros.
    await listing('L4', 'S1', {
      factors: ['ATTITUDES' as Factor],
      areas: [QUIET],
      sexes: [],
      minAge: 18,
      maxAge: 65,
      pricePence: 7_000,
      outcomePaymentPence: 0,
      venue: { pccAreaCode: QUIET, postcode: 'cv34 4ad', lat: 52.28, lng: -1.58 },
      capacity: 5,
    });
    // A draft is not on the rate card.
    await createListing(t, suppliers.S1.token, { title: 'Draft only', coverage: [QUIET] });
  });
  afterAll(() => t.close());

  // ---- the generated history, with its truth kept beside it ----

  type Achievement = 'ACHIEVED' | 'PARTIALLY_ACHIEVED' | 'NOT_ACHIEVED';

  /** Outcome payments a referral commits or earned: one desired outcome per target factor. */
  function outcomePence(r: ReferralTruth): number {
    const each = r.listing.outcomePaymentPence;
    const per = {
      ACHIEVED: each,
      PARTIALLY_ACHIEVED: Math.floor(each / 2),
      NOT_ACHIEVED: 0,
    }[r.achievement ?? 'ACHIEVED'];
    return per * r.factors.length;
  }

  /** What a referral not given back costs: its fee plus its outcome payments. */
  const spendOf = (r: ReferralTruth) => r.listing.pricePence + outcomePence(r);

  interface SearchTruth {
    area: string;
    factor: Factor;
    results: number;
    available: number;
    /** Who searched, and on which day: a need is one purchaser's, area's, factor's, day's. */
    by: number;
    day: string;
    who: Person;
  }
  interface ReferralTruth {
    id: string;
    listing: Model;
    area: string;
    factors: Factor[];
    declined: boolean;
    daysToStart: number | null;
    judgements: Partial<Record<Factor, boolean>>;
    recordedInPeriod: boolean;
    /** Completed: its place is free again. */
    finished: boolean;
    /** The end-of-service report's verdict on every desired outcome, once submitted. */
    achievement?: Achievement;
    who: Person;
    riskOfHarmFocus?: Answer;
    informationForReview?: Answer;
  }
  const searches: SearchTruth[] = [];
  const referrals: ReferralTruth[] = [];
  let quietSearches = 0;

  function found(area: string, factor: Factor, who: Person): Model[] {
    return Object.values(listings).filter(
      (l) =>
        l.areas.includes(area) &&
        l.factors.includes(factor) &&
        (l.sexes.length === 0 || l.sexes.includes(who.sex)) &&
        l.minAge <= who.age &&
        who.age <= l.maxAge,
    );
  }

  it('owns its cells: nothing else offers or was sought there in 2031', () => {
    for (const row of baseline) {
      expect([
        row.pccArea.code,
        row.factor.code,
        row.publishedInterventions,
        row.searches,
        row.referrals,
      ]).toEqual([row.pccArea.code, row.factor.code, 0, 0, 0]);
    }
  });

  it('loads a generated set of searches, referrals and outcomes', async () => {
    const random = mulberry32(20310610);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

    // L3 (one place) is taken first, so a woman over 65 seeking RELATIONSHIPS in B finds a full listing.
    const l3 = listings.L3;
    const taken = await buy(l3, person('FEMALE', 40), ['RELATIONSHIPS'], B);
    l3.full = true;
    referrals.push({
      id: taken,
      listing: l3,
      area: B,
      factors: ['RELATIONSHIPS'],
      declined: false,
      daysToStart: null,
      judgements: {},
      recordedInPeriod: false,
      finished: false,
      who: person('FEMALE', 40),
    });

    // Three practitioners search over two days; repeated searches for one need count once.
    const searchers = [
      purchaser,
      await tokens.purchaser(DIVISION, 'searcher-commissioning-2'),
      await tokens.purchaser(DIVISION, 'searcher-commissioning-3'),
    ];
    const people = [
      person('MALE', 30),
      person('MALE', 70),
      person('FEMALE', 70),
      person('FEMALE', 25, 'COMMUNITY_SENTENCE'),
    ];
    for (let i = 0; i < 60; i++) {
      const area = pick([A, B]);
      const factor = pick(FACTORS);
      const who = pick(people);
      const by = Math.floor(random() * searchers.length);
      const day = pick([DAY0, addDays(DAY0, 1)]);
      t.clock.set(day);
      const res = await t.gql(
        `query ($filter: InterventionSearchInput!) { searchInterventions(filter: $filter, first: 1) { totalCount } }`,
        {
          token: searchers[by],
          variables: { filter: { pccAreaCode: area, factors: [factor], person: who } },
        },
      );
      expect(res.errors).toBeUndefined();
      const results = found(area, factor, who);
      searches.push({
        area,
        factor,
        results: results.length,
        available: results.filter((l) => !l.full).length,
        by,
        day,
        who,
      });
    }
    t.clock.set(DAY0);
    // A commissioner browsing is not demand.
    await t.gql(
      `query { searchInterventions(filter: { pccAreaCode: "${A}", factors: [FINANCE] }) { totalCount } }`,
      {
        token: national,
      },
    );
    // Demand in an area that buys nothing.
    for (let i = 0; i < 3; i++) {
      await t.gql(
        `query { searchInterventions(filter: { pccAreaCode: "${QUIET}", factors: [ATTITUDES] }) { totalCount } }`,
        {
          token: purchaser,
        },
      );
      quietSearches += 1;
    }

    // Referrals on L1 and L2, each with a fate drawn at random.
    for (let i = 0; i < 24; i++) {
      const model = pick([listings.L1, listings.L2]);
      const factors: Factor[] =
        model.key === 'L1'
          ? ['FINANCE']
          : pick([['FINANCE'], ['RELATIONSHIPS'], ['FINANCE', 'RELATIONSHIPS']] as Factor[][]);
      // L1's default area is its venue's (A, in the buying division); otherwise named.
      const named = model.key === 'L1' && random() < 0.5 ? undefined : pick([A, B]);
      const who = person('MALE', 30, i % 3 === 0 ? 'COMMUNITY_SENTENCE' : 'LICENCE');
      const id = await buy(model, who, factors, named);
      const fate = random();
      referrals.push({
        id,
        listing: model,
        area: named ?? A,
        factors,
        declined: fate < 0.2,
        daysToStart: fate >= 0.2 ? 1 + Math.floor(random() * 20) : null,
        judgements: {},
        recordedInPeriod: false,
        finished: false,
        who,
      });
    }
    for (const r of referrals.filter((r) => r.listing.key !== 'L3')) {
      if (r.declined) await step(r.listing, 'declineReferral', r.id, ', reason: NO_CAPACITY');
      else await step(r.listing, 'acceptReferral', r.id);
    }
    // The first attended session starts a referral, on the day it happens.
    const starting = referrals.filter((r) => r.daysToStart !== null);
    for (const r of [...starting].sort((x, y) => x.daysToStart! - y.daysToStart!)) {
      t.clock.set(addDays(DAY0, r.daysToStart!));
      await attendSession(t, suppliers[r.listing.supplier].token, r.id);
    }
    t.clock.set('2031-07-05');
    // Two thirds finish, after their end-of-service report; most of those get judged.
    const finished = starting.filter(() => random() < 0.67);
    for (const r of finished) {
      r.achievement = pick(['ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED'] as const);
      await reportEndOfService(t, suppliers[r.listing.supplier].token, r.id, r.achievement);
      await step(r.listing, 'completeReferral', r.id);
      r.finished = true;
    }
    const answers: Answer[] = ['YES', 'NO', 'NOT_APPLICABLE'];
    for (const r of finished.slice(0, -1)) {
      for (const factor of r.factors) r.judgements[factor] = random() < 0.6;
      r.recordedInPeriod = true;
      r.riskOfHarmFocus = pick(answers);
      r.informationForReview = pick(answers);
      await ok(
        `mutation ($r: ID!, $input: OutcomeInput!) { recordOutcome(referralId: $r, input: $input) { id } }`,
        {
          r: r.id,
          input: {
            factorJudgements: r.factors.map((factor) => ({
              factor,
              sufficient: r.judgements[factor],
            })),
            riskOfHarmFocus: r.riskOfHarmFocus,
            informationForReview: r.informationForReview,
          },
        },
        purchaser,
      );
    }
    // An outcome recorded after the period is outside it.
    const late = finished.at(-1);
    if (late) {
      t.clock.set('2031-10-03');
      await ok(
        `mutation ($r: ID!, $input: OutcomeInput!) { recordOutcome(referralId: $r, input: $input) { id } }`,
        {
          r: late.id,
          input: {
            factorJudgements: late.factors.map((factor) => ({ factor, sufficient: true })),
            riskOfHarmFocus: 'YES',
            informationForReview: 'YES',
          },
        },
        purchaser,
      );
    }
    t.clock.set('2031-07-05');
    expect(searches.filter((s) => s.results === 0).length).toBeGreaterThan(0);
    expect(searches.filter((s) => s.results > 0 && s.available === 0).length).toBeGreaterThan(0);
    expect(referrals.filter((r) => r.declined).length).toBeGreaterThan(0);
  });

  /** Places a listing has free now: capacity less live referrals (not declined, not finished). */
  function freePlaces(model: Model): number {
    return (
      model.capacity -
      referrals.filter((r) => r.listing === model && !r.declined && !r.finished).length
    );
  }

  /**
   * The needs behind some searches, each as whether it was met: one per purchaser, area, factor
   * and day (here every search names one factor and one area), met when any of its searches
   * found a listing with a place that admitted the person.
   */
  function needsOf(s: SearchTruth[]): boolean[] {
    const needs = new Map<string, boolean>();
    for (const x of s) {
      const key = `${x.by}/${x.area}/${x.factor}/${x.day}`;
      needs.set(key, (needs.get(key) ?? false) || x.available > 0);
    }
    return [...needs.values()];
  }

  function expectedCell(area: string, factor: Factor) {
    const serving = Object.values(listings).filter(
      (l) => l.areas.includes(area) && l.factors.includes(factor),
    );
    const mine = referrals.filter((r) => r.area === area && r.factors.includes(factor));
    const s = searches.filter((x) => x.area === area && x.factor === factor);
    const judged = mine.filter((r) => r.recordedInPeriod);
    const needs = needsOf(s);
    const figure44 = baselines.availability.byFactor[factor];
    return {
      area,
      factor,
      publishedInterventions: serving.length,
      placesAvailable: serving.reduce((sum, l) => sum + freePlaces(l), 0),
      searches: s.length,
      searchesWithNoResult: s.filter((x) => x.results === 0).length,
      searchHitRate: s.length ? s.filter((x) => x.available > 0).length / s.length : null,
      needs: needs.length,
      needsMet: needs.filter((met) => met).length,
      availabilityRate: needs.length ? needs.filter((met) => met).length / needs.length : null,
      nationalAvailabilityCrc: {
        rate: figure44.crc / 100,
        source: 'HMI Probation Annual Report 2017, Figure 44 (Q&I inspections 2016-17)',
      },
      nationalAvailabilityNps: { rate: figure44.nps / 100 },
      referrals: mine.length,
      declined: mine.filter((r) => r.declined).length,
      medianDaysToStart: median(
        mine.filter((r) => r.daysToStart !== null).map((r) => r.daysToStart!),
      ),
      judgements: judged.length,
      contributionRate: judged.length
        ? judged.filter((r) => r.judgements[factor]).length / judged.length
        : null,
    };
  }

  it('measureBreakdown reproduces purchases, outcomes and availability by supervision type and sex', async () => {
    const rate = (n: number, d: number) => (d > 0 ? n / d : null);
    const expected = (
      key: string,
      inGroup: (p: Person) => boolean,
      searchGroup: (x: SearchTruth) => boolean,
    ) => {
      const bought = referrals.filter((r) => !r.declined && inGroup(r.who));
      const judged = referrals.filter((r) => r.recordedInPeriod && inGroup(r.who));
      const factorJudgements = judged.flatMap((r) => r.factors.map((f) => r.judgements[f]!));
      const applies = (a?: Answer) => a !== undefined && a !== 'NOT_APPLICABLE';
      const rof = judged.filter((r) => applies(r.riskOfHarmFocus));
      const ifr = judged.filter((r) => applies(r.informationForReview));
      const needs = needsOf(searches.filter(searchGroup));
      // The quiet area's searches (one purchaser, one day) described no person: NOT_GIVEN, one
      // need, met when L4 (ATTITUDES there, admitting anyone) has a place.
      const quiet = key === 'NOT_GIVEN' && quietSearches > 0 ? [freePlaces(listings.L4) > 0] : [];
      const all = [...needs, ...quiet];
      return {
        key,
        referrals: bought.length,
        spendPence: bought.reduce((sum, r) => sum + spendOf(r), 0),
        judgements: factorJudgements.length,
        contributionRate: rate(factorJudgements.filter(Boolean).length, factorJudgements.length),
        riskOfHarmFocusApplicable: rof.length,
        riskOfHarmFocusRate: rate(
          rof.filter((r) => r.riskOfHarmFocus === 'YES').length,
          rof.length,
        ),
        informationForReviewApplicable: ifr.length,
        informationForReviewRate: rate(
          ifr.filter((r) => r.informationForReview === 'YES').length,
          ifr.length,
        ),
        needs: all.length,
        needsMet: all.filter(Boolean).length,
        availabilityRate: rate(all.filter(Boolean).length, all.length),
      };
    };
    const bySupervision = await ok<{ measureBreakdown: unknown[] }>(
      BREAKDOWN,
      { by: 'SUPERVISION_TYPE', d: DIVISION, ...PERIOD },
      national,
    );
    expect(bySupervision.measureBreakdown).toEqual(
      [
        'COMMUNITY_SENTENCE',
        'LICENCE',
        'POST_SENTENCE_SUPERVISION',
        'PRE_RELEASE',
        'NOT_GIVEN',
      ].map((key) =>
        expected(
          key,
          (p) => p.supervisionType === key,
          (x) => x.who.supervisionType === key,
        ),
      ),
    );
    const bySex = await ok<{ measureBreakdown: unknown[] }>(
      BREAKDOWN,
      { by: 'SEX', d: DIVISION, ...PERIOD },
      national,
    );
    expect(bySex.measureBreakdown).toEqual(
      ['MALE', 'FEMALE', 'NOT_GIVEN'].map((key) =>
        expected(
          key,
          (p) => p.sex === key,
          (x) => x.who.sex === key,
        ),
      ),
    );
    // The generated market exercises what the definitions turn on.
    expect(referrals.some((r) => r.riskOfHarmFocus === 'NOT_APPLICABLE')).toBe(true);
    expect(searches.length).toBeGreaterThan(needsOf(searches).length);
  });

  it('provisionGaps reproduces every figure of every cell exactly', async () => {
    const rows = await gaps(cellsFilter);
    expect(rows).toHaveLength(7 * FACTORS.length); // every area of the division, demand or not
    for (const row of rows) {
      const { pccArea, factor, gap, ...figures } = row;
      expect(pccArea.division.code).toBe(DIVISION);
      const expected = expectedCell(pccArea.code, factor.code as Factor);
      expect({ area: pccArea.code, factor: factor.code, ...figures }).toEqual(expected);
      expect(gap).toBe(classifyGap(expected, { gapBelow: 0.8, watchBelow: 0.9 }));
    }
    // The generated market has both verdicts where it matters, and empty cells are GAPs.
    const verdicts = new Map(rows.map((r) => [`${r.pccArea.code}/${r.factor.code}`, r.gap]));
    expect(verdicts.get(`${QUIET}/FINANCE`)).toBe('GAP');
    expect(
      new Set([A, B].flatMap((a) => FACTORS.map((f) => verdicts.get(`${a}/${f}`)))).size,
    ).toBeGreaterThan(1);
  });

  interface UsageRow {
    title: string;
    providerName: string;
    status: string;
    referrals: number;
    completed: number;
    givenBack: number;
    spendPence: number;
    lastReferralAt: string | null;
    intervention: { id: string };
    provider: { id: string };
  }

  /** What a listing was used for in the period, from the generated truth. */
  function expectedUsage(model: Model) {
    const mine = referrals.filter((r) => r.listing === model);
    return {
      referrals: mine.length,
      completed: mine.filter((r) => r.finished).length,
      givenBack: mine.filter((r) => r.declined).length,
      spendPence: mine.filter((r) => !r.declined).reduce((sum, r) => sum + spendOf(r), 0),
      feePence: mine.filter((r) => !r.declined).length * model.pricePence,
      outcomePaymentsPence: mine
        .filter((r) => !r.declined)
        .reduce((sum, r) => sum + outcomePence(r), 0),
    };
  }

  it('rateCardUsage lists every listing on offer, used or not, page by page', async () => {
    const all: UsageRow[] = [];
    let after: string | undefined;
    do {
      const { rateCardUsage } = await ok<{
        rateCardUsage: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { node: UsageRow }[];
        };
      }>(USAGE, { filter: { providerId: suppliers.S1.id, ...PERIOD }, first: 2, after }, national);
      expect(rateCardUsage.totalCount).toBe(3); // L1, L3, L4; the draft is not on offer
      all.push(...rateCardUsage.edges.map((e) => e.node));
      after = rateCardUsage.pageInfo.hasNextPage ? rateCardUsage.pageInfo.endCursor : undefined;
    } while (after);
    expect(all.map((r) => r.title)).toEqual([
      '=Budgeting, "money" and debt',
      'Listing L1',
      'Listing L3',
    ]);
    expect(
      await checkPaging(t, national, {
        field: 'rateCardUsage',
        args: 'filter: $filter',
        variables: { $filter: ['RateCardUsageFilter', { providerId: suppliers.S1.id, ...PERIOD }] },
        key: 'title',
        max: 500,
      }),
    ).toEqual(all.map((r) => r.title));
    for (const key of ['L1', 'L3', 'L4'] as const) {
      const row = all.find((r) => r.intervention.id === listings[key].id)!;
      expect(row).toMatchObject({
        providerName: suppliers.S1.name,
        status: 'PUBLISHED',
        provider: { id: suppliers.S1.id },
        ...expectedUsage(listings[key]),
      });
    }
    const never = all.find((r) => r.intervention.id === listings.L4.id)!;
    expect(never).toMatchObject({
      referrals: 0,
      completed: 0,
      spendPence: 0,
      lastReferralAt: null,
    });

    // Only those bought in the period, or only those not bought: the same rows, split.
    const split = async (bought: boolean) =>
      (
        await ok<{ rateCardUsage: { totalCount: number; edges: { node: UsageRow }[] } }>(
          USAGE,
          { filter: { providerId: suppliers.S1.id, ...PERIOD, bought }, first: 10 },
          national,
        )
      ).rateCardUsage;
    const bought = await split(true);
    const notBought = await split(false);
    expect(bought.edges.map((e) => e.node.title)).toEqual(
      all.filter((r) => r.referrals > 0).map((r) => r.title),
    );
    expect(notBought.edges.map((e) => e.node.title)).toEqual(
      all.filter((r) => r.referrals === 0).map((r) => r.title),
    );
    expect(bought.totalCount + notBought.totalCount).toBe(3);
    expect(notBought.totalCount).toBeGreaterThan(0);
    expect(bought.totalCount).toBeGreaterThan(0);

    // A supplier sees their own listings only, and is refused another provider's.
    const own = await ok<{ rateCardUsage: { totalCount: number } }>(
      USAGE,
      { filter: PERIOD },
      suppliers.S2.token,
    );
    expect(own.rateCardUsage.totalCount).toBe(1);
    const other = await t.gql(USAGE, {
      token: suppliers.S2.token,
      variables: { filter: { providerId: suppliers.S1.id } },
    });
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
  });

  it('spend totals by kind, division and factor exactly, to the penny, with shares', async () => {
    const spend = async (g: string, d?: string) =>
      (
        await ok<{
          spend: {
            key: string;
            label: string;
            referrals: number;
            spendPence: number;
            feePence: number;
            outcomePaymentsPence: number;
            share: number;
          }[];
        }>(SPEND, { g, d, ...PERIOD }, national)
      ).spend;
    const paid = referrals.filter((r) => !r.declined);
    const total = paid.reduce((sum, r) => sum + spendOf(r), 0);
    const outcomes = paid.reduce((sum, r) => sum + outcomePence(r), 0);
    const voluntary = paid.filter((r) => r.listing.supplier === 'S1');
    const voluntaryPence = voluntary.reduce((sum, r) => sum + spendOf(r), 0);
    expect(outcomes).toBeGreaterThan(0); // L2 pays on outcomes, and its reports earned some

    const byKind = await spend('PROVIDER_KIND', DIVISION);
    expect(byKind.map((r) => r.key).sort()).toEqual([
      'CRC',
      'PRIVATE',
      'PUBLIC_SECTOR',
      'VOLUNTARY_SECTOR',
    ]);
    expect(byKind.find((r) => r.key === 'VOLUNTARY_SECTOR')).toEqual({
      key: 'VOLUNTARY_SECTOR',
      label: 'Voluntary sector',
      referrals: voluntary.length,
      spendPence: voluntaryPence,
      feePence: voluntaryPence, // L1 and L3 pay no outcome payments
      outcomePaymentsPence: 0,
      share: voluntaryPence / total,
    });
    expect(byKind.find((r) => r.key === 'PRIVATE')!.outcomePaymentsPence).toBe(outcomes);
    expect(byKind.find((r) => r.key === 'PRIVATE')!.spendPence).toBe(total - voluntaryPence);
    expect(byKind.find((r) => r.key === 'CRC')).toMatchObject({
      referrals: 0,
      spendPence: 0,
      share: 0,
    });

    // National, by division: only this file buys in 2031, so MID has it all.
    const byDivision = await spend('DIVISION');
    expect(byDivision).toHaveLength(7);
    expect(byDivision[0]).toEqual({
      key: DIVISION,
      label: 'Midlands',
      referrals: paid.length,
      spendPence: total,
      feePence: total - outcomes,
      outcomePaymentsPence: outcomes,
      share: 1,
    });

    // By factor: a referral for two factors is split evenly, the odd penny to the first.
    const byFactor = await spend('FACTOR', DIVISION);
    expect(byFactor).toHaveLength(12);
    expect(byFactor.reduce((sum, r) => sum + r.spendPence, 0)).toBe(total);
    for (const factor of FACTORS) {
      const pence = paid
        .filter((r) => r.factors.includes(factor))
        .reduce((sum, r) => {
          const n = r.factors.length;
          const i = r.factors.indexOf(factor);
          const share = (amount: number) => Math.floor(amount / n) + (i < amount % n ? 1 : 0);
          return sum + share(r.listing.pricePence) + share(outcomePence(r));
        }, 0);
      expect(byFactor.find((r) => r.key === factor)).toMatchObject({
        referrals: paid.filter((r) => r.factors.includes(factor)).length,
        spendPence: pence,
      });
    }

    const byProvider = await spend('PROVIDER', DIVISION);
    expect(byProvider.map((r) => [r.key, r.spendPence])).toEqual(
      [
        [suppliers.S2.id, total - voluntaryPence],
        [suppliers.S1.id, voluntaryPence],
      ].sort((x, y) => (y[1] as number) - (x[1] as number)),
    );
  });

  it('divisionsWithoutPurchases names every division and area that bought nothing, with its searches', async () => {
    const { divisionsWithoutPurchases: rows } = await ok<{
      divisionsWithoutPurchases: {
        level: string;
        code: string;
        divisionCode: string;
        searches: number;
        lastPurchaseAt: string | null;
      }[];
    }>(ABSENT, PERIOD, national);
    const divisions = rows.filter((r) => r.level === 'DIVISION').map((r) => r.code);
    expect(divisions).toEqual(['LDN', 'NE', 'NW', 'SEE', 'SWSC', 'WAL']);
    const areas = rows.filter((r) => r.level === 'PCC_AREA');
    expect(areas).toHaveLength(42 - 2);
    expect(areas.map((r) => r.code)).not.toContain(A);
    expect(areas.map((r) => r.code)).not.toContain(B);
    expect(areas.find((r) => r.code === QUIET)).toMatchObject({
      divisionCode: DIVISION,
      searches: quietSearches,
      lastPurchaseAt: null,
    });

    // After the period, the division and both areas bought nothing: each names its last
    // purchase (all bought on DAY0), and QUIET still never bought.
    const after = await ok<{
      divisionsWithoutPurchases: { level: string; code: string; lastPurchaseAt: string | null }[];
    }>(ABSENT, { from: '2031-10-01', to: '2031-12-31' }, national);
    const last = new Map(after.divisionsWithoutPurchases.map((r) => [r.code, r.lastPurchaseAt]));
    for (const code of [DIVISION, A, B]) expect(last.get(code)).toMatch(/^2031-06-1[01]T/);
    expect(last.has(QUIET)).toBe(true);
    expect(last.get(QUIET)).toBeNull();

    const scoped = await ok<{
      divisionsWithoutPurchases: { code: string; divisionCode: string }[];
    }>(ABSENT, PERIOD, await tokens.commissioner(DIVISION));
    expect(scoped.divisionsWithoutPurchases.map((r) => r.code)).toEqual([
      'leicestershire',
      'staffordshire',
      'warwickshire',
      'west-mercia',
      'west-midlands',
    ]);
  });

  it('staleListings finds published listings not confirmed recently, longest first', async () => {
    t.clock.set('2031-09-18'); // 100 days after the listings were created and confirmed
    const stale = async (days: number) =>
      (
        await ok<{
          staleListings: {
            totalCount: number;
            edges: {
              node: { title: string; daysSinceConfirmed: number; intervention: { id: string } };
            }[];
          };
        }>(STALE, { days, d: DIVISION, first: 500 }, national)
      ).staleListings;
    const mine = Object.values(listings).map((l) => l.id);
    const found = (await stale(99)).edges.filter((e) => mine.includes(e.node.intervention.id));
    expect(found).toHaveLength(4);
    expect(found.every((e) => e.node.daysSinceConfirmed === 100)).toBe(true);
    await checkPaging(t, national, {
      field: 'staleListings',
      args: `olderThanDays: 99, divisionCode: "${DIVISION}"`,
      key: 'intervention { id }',
      keyOf: (node) => (node.intervention as { id: string }).id,
      max: 500,
    });
    expect(
      (await stale(100)).edges.filter((e) => mine.includes(e.node.intervention.id)),
    ).toHaveLength(0);
    t.clock.set('2031-07-05');
  });

  it('keeps each caller to their scope', async () => {
    const mid = await tokens.commissioner(DIVISION);
    const own = await gaps({ ...PERIOD }, mid);
    expect(new Set(own.map((r) => r.pccArea.division.code))).toEqual(new Set([DIVISION]));
    expect(own).toHaveLength(7 * 12);
    for (const filter of [
      { divisionCode: 'NE' },
      { pccAreaCode: 'london' },
      { contractPackageAreaCode: 'london' },
    ]) {
      expect(errorCodes(await t.gql(GAPS, { token: mid, variables: { filter } }))).toEqual([
        'FORBIDDEN',
      ]);
    }
    const midSpend = await ok<{ spend: { key: string }[] }>(
      SPEND,
      { g: 'DIVISION', ...PERIOD },
      mid,
    );
    expect(midSpend.spend.map((r) => r.key)).toEqual([DIVISION]);
    expect(
      errorCodes(await t.gql(SPEND, { token: mid, variables: { g: 'DIVISION', d: 'NE' } })),
    ).toEqual(['FORBIDDEN']);

    const buyer = await tokens.purchaser(DIVISION);
    for (const [query, variables] of [
      [GAPS, {}],
      [USAGE, {}],
      [SPEND, { g: 'PROVIDER' }],
      [ABSENT, {}],
      [STALE, {}],
    ] as const) {
      expect(errorCodes(await t.gql(query, { token: buyer, variables }))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(query, { variables }))).toEqual(['UNAUTHENTICATED']);
    }
    expect(errorCodes(await t.gql(GAPS, { token: suppliers.S1.token }))).toEqual(['FORBIDDEN']);
  });

  it('refuses bad input with the field and why', async () => {
    const unknown = await t.gql(GAPS, {
      token: national,
      variables: { filter: { pccAreaCode: 'atlantis' } },
    });
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].extensions!.fieldErrors).toEqual([
      { field: 'filter.pccAreaCode', message: 'unknown PCC area atlantis' },
    ]);
    const backwards = await t.gql(GAPS, {
      token: national,
      variables: { filter: { from: '2031-07-01', to: '2031-06-01' } },
    });
    expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
    expect(backwards.errors![0].extensions!.fieldErrors![0].field).toBe('filter.to');
    const cursor = await t.gql(USAGE, { token: national, variables: { after: 'not-a-cursor' } });
    expect(errorCodes(cursor)).toEqual(['BAD_USER_INPUT']);
    const big = await t.gql(STALE, { token: national, variables: { first: 501 } });
    expect(errorCodes(big)).toEqual(['BAD_USER_INPUT']);
  });

  describe('CSV twins', () => {
    async function csv(path: string, token?: string) {
      const response = await fetch(`${t.url}/reports/${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { response, text: await response.text() };
    }

    it('provisionGaps.csv carries the same figures as the query, with a header row', async () => {
      const query = `from=${PERIOD.from}&to=${PERIOD.to}&divisionCode=${DIVISION}&factors=FINANCE,RELATIONSHIPS`;
      const { response, text } = await csv(`provisionGaps.csv?${query}`, national);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toContain('attachment');
      const records = parse<Record<string, string>>(text, { columns: true });
      const rows = await gaps(cellsFilter);
      expect(records).toHaveLength(rows.length);
      records.forEach((record, i) => {
        const row = rows[i];
        expect(record).toEqual({
          pccAreaCode: row.pccArea.code,
          pccArea: expect.any(String),
          divisionCode: DIVISION,
          factorCode: row.factor.code,
          factor: row.factor.name,
          publishedInterventions: String(row.publishedInterventions),
          placesAvailable: String(row.placesAvailable),
          searches: String(row.searches),
          searchesWithNoResult: String(row.searchesWithNoResult),
          searchHitRate: row.searchHitRate === null ? '' : String(row.searchHitRate),
          needs: String(row.needs),
          needsMet: String(row.needsMet),
          availabilityRate: row.availabilityRate === null ? '' : String(row.availabilityRate),
          nationalAvailabilityCrc: String(row.nationalAvailabilityCrc.rate),
          nationalAvailabilityNps: String(row.nationalAvailabilityNps.rate),
          referrals: String(row.referrals),
          declined: String(row.declined),
          medianDaysToStart: row.medianDaysToStart === null ? '' : String(row.medianDaysToStart),
          judgements: String(row.judgements),
          contributionRate: row.contributionRate === null ? '' : String(row.contributionRate),
          gap: row.gap,
        });
      });
    });

    it('rateCardUsage.csv quotes names properly and defuses spreadsheet formulas', async () => {
      const { response, text } = await csv(
        `rateCardUsage.csv?providerId=${suppliers.S1.id}&from=${PERIOD.from}&to=${PERIOD.to}`,
        suppliers.S1.token,
      );
      expect(response.status).toBe(200);
      const lines = text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'interventionId,intervention,providerId,provider,status,referrals,completed,givenBack,spendPence,feePence,outcomePaymentsPence,lastReferralAt',
      );
      expect(lines).toHaveLength(4);
      const records = parse<Record<string, string>>(text, { columns: true });
      expect(records[0].intervention).toBe(`'=Budgeting, "money" and debt`);
      expect(records[0].provider).toBe(suppliers.S1.name);
      expect(text).toContain(`"'=Budgeting, ""money"" and debt"`);
      const l1 = records.find((r) => r.interventionId === listings.L1.id)!;
      expect(Number(l1.spendPence)).toBe(expectedUsage(listings.L1).spendPence);
    });

    it('spend.csv, divisionsWithoutPurchases.csv and staleListings.csv answer too', async () => {
      const spend = await csv(
        `spend.csv?groupBy=DIVISION&from=${PERIOD.from}&to=${PERIOD.to}`,
        national,
      );
      expect(spend.text.split('\r\n')[0]).toBe(
        'key,label,referrals,spendPence,feePence,outcomePaymentsPence,share',
      );
      expect(spend.text.split('\r\n')[1]).toMatch(/^MID,Midlands,\d+,\d+,\d+,\d+,1$/);
      const absent = await csv(
        `divisionsWithoutPurchases.csv?from=${PERIOD.from}&to=${PERIOD.to}`,
        national,
      );
      expect(parse<Record<string, string>>(absent.text, { columns: true }).length).toBe(6 + 40);
      const stale = await csv('staleListings.csv?olderThanDays=30&divisionCode=MID', national);
      expect(stale.response.status).toBe(200);
      expect(
        stale.text.startsWith('interventionId,intervention,providerId,provider,lastConfirmedAt'),
      ).toBe(true);
    });

    it('answers errors as JSON with the same codes, and keeps the same scope', async () => {
      const anonymous = await csv('provisionGaps.csv');
      expect(anonymous.response.status).toBe(401);
      expect(JSON.parse(anonymous.text)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      const buyer = await csv('spend.csv?groupBy=PROVIDER', await tokens.purchaser(DIVISION));
      expect(buyer.response.status).toBe(403);
      const other = await csv(
        'provisionGaps.csv?divisionCode=NE',
        await tokens.commissioner(DIVISION),
      );
      expect(other.response.status).toBe(403);
      const bad = await csv(
        'provisionGaps.csv?factors=FINANCE,NOPE&from=2031-02-30&colour=red',
        national,
      );
      expect(bad.response.status).toBe(400);
      expect(
        (JSON.parse(bad.text) as { error: { fieldErrors: { field: string }[] } }).error.fieldErrors
          .map((e) => e.field)
          .sort(),
      ).toEqual(['colour', 'factors', 'from']);
      const supplierOther = await csv(
        `rateCardUsage.csv?providerId=${suppliers.S2.id}`,
        suppliers.S1.token,
      );
      expect(supplierOther.response.status).toBe(403);
    });
  });
});
