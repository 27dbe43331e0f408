import fc from 'fast-check';
import { OutcomesService } from '../src/outcomes/outcomes.service';
import { createListing, newSupplier } from './support/catalogue';
import { attendSession, deliverToEnd, desiredOutcomes } from './support/delivery';
import { checkPaging } from './support/paging';
import { tokens } from './support/tokens';
import { errorCodes, errorReasons, startApp, TestApp } from './support/test-app';

const RECORD = `mutation ($r: ID!, $input: OutcomeInput!) { recordOutcome(referralId: $r, input: $input) { id factorJudgements { factor sufficient } riskOfHarmFocus informationForReview recordedAt } }`;
const AMEND = `mutation ($r: ID!, $input: OutcomeInput!) { amendOutcome(referralId: $r, input: $input) { id amendedAt factorJudgements { factor sufficient } } }`;
const SCORES = `query ($p: ID, $f: FactorCode) { contributionScores(providerId: $p, factor: $f, first: 100) { nodes {
  factor judged sufficient rate score lower upper baseline baselineSource baselineBasis baselineFellBack outcomes riskOfHarmFocusApplicable riskOfHarmFocusRate riskOfHarmFocusNational { rate cases denominator source } informationForReviewApplicable informationForReviewRate informationForReviewNational { rate cases } completionRate medianDaysToStart provider { id } } } }`;

const person = { sex: 'MALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
let n = 0;

interface Score {
  factor: string | null;
  judged: number;
  sufficient: number;
  rate: number | null;
  score: number;
  lower: number;
  upper: number;
  baseline: number;
  baselineSource: string;
  baselineBasis: string;
  outcomes: number;
  riskOfHarmFocusApplicable: number;
  informationForReviewApplicable: number;
  riskOfHarmFocusNational: { rate: number; cases: number };
  informationForReviewNational: { rate: number; cases: number };
  riskOfHarmFocusRate: number | null;
  informationForReviewRate: number | null;
  completionRate: number | null;
  medianDaysToStart: number | null;
  provider: { id: string };
}

describe('referral outcomes feed contribution scores', () => {
  let t: TestApp;
  let purchaser: string;
  let outcomesByFactor: Record<string, { id: string }[]>;
  const division = 'SEE';
  const aims = (factors: string[]) => ({
    desiredOutcomes: factors.map((f) => outcomesByFactor[f][0].id),
    complexity: 'MEDIUM',
  });

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-06-01');
    purchaser = await tokens.purchaser(division);
    outcomesByFactor = await desiredOutcomes(t, purchaser);
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${division}", financialYear: 2026, amountPence: 1000000000) { allocatedPence } }`,
      {
        token: await tokens.admin(),
      },
    );
  });
  afterAll(() => t.close());

  async function provider() {
    const supplier = await newSupplier(t);
    const listing = await createListing(t, supplier.token, {
      factors: ['ACCOMMODATION', 'ETE'],
      capacity: 1000,
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    return { ...supplier, listingId: listing.id };
  }

  /** Buys and finishes a referral: COMPLETED, or ENDED_EARLY when `early`. */
  async function finished(
    p: { token: string; listingId: string },
    targetFactors = ['ACCOMMODATION'],
    early = false,
  ) {
    const bought = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId: p.listingId,
            crn: 'O123456',
            person,
            targetFactors,
            ...aims(targetFactors),
          },
          key: `outcome-${++n}`,
        },
      },
    );
    if (!bought.data) throw new Error(JSON.stringify(bought.errors));
    const id = bought.data.createReferral.id;
    await deliverToEnd(t, p.token, id, early);
    return id;
  }

  const judgement = (factors: Record<string, boolean>, rof = 'YES', ifr = 'YES') => ({
    factorJudgements: Object.entries(factors).map(([factor, sufficient]) => ({
      factor,
      sufficient,
    })),
    riskOfHarmFocus: rof,
    informationForReview: ifr,
  });

  async function scores(providerId: string | undefined, factor?: string): Promise<Score[]> {
    const res = await t.gql<{ contributionScores: { nodes: Score[] } }>(SCORES, {
      token: purchaser,
      variables: { p: providerId, f: factor },
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.contributionScores.nodes;
  }

  it('gives a provider never judged the national baseline, honest about having no evidence', async () => {
    const p = await provider();
    const [overall] = await scores(p.organisationId);
    expect(overall).toMatchObject({
      factor: null,
      judged: 0,
      rate: null,
      outcomes: 0,
      riskOfHarmFocusRate: null,
      completionRate: null,
    });
    expect(overall.score).toBeCloseTo(overall.baseline, 10);
    const [accommodation] = await scores(p.organisationId, 'ACCOMMODATION');
    // No figure printed for accommodation: the midpoint of the Bulletin's range, and it says so.
    expect(accommodation).toMatchObject({
      factor: 'ACCOMMODATION',
      judged: 0,
      baseline: 0.6,
      baselineBasis: 'RANGE_MIDPOINT',
      baselineFellBack: true,
    });
    expect(accommodation.baselineSource).toContain('midpoint of the printed range 50%-70%');
    const [ete] = await scores(p.organisationId, 'ETE');
    expect(ete).toMatchObject({ baseline: 0.7, baselineBasis: 'PRINTED', baselineFellBack: false });
    const [finance] = await scores(p.organisationId, 'FINANCE');
    expect(finance).toMatchObject({ baseline: 0.6, baselineBasis: 'EXCLUDED' });
    // The national figures beside the provider's own.
    expect(overall.riskOfHarmFocusNational).toMatchObject({ rate: 0.61, cases: 249 });
    expect(overall.informationForReviewNational).toMatchObject({ rate: 0.661, cases: 180 });
  });

  it('records an outcome and updates the scores at once, checked by hand', async () => {
    const p = await provider();
    const first = await finished(p, ['ACCOMMODATION', 'ETE']);
    const second = await finished(p, ['ACCOMMODATION'], true);
    const res = await t.gql(RECORD, {
      token: purchaser,
      variables: { r: first, input: judgement({ ACCOMMODATION: true, ETE: false }, 'YES', 'NO') },
    });
    expect(res.errors).toBeUndefined();
    await t.gql(RECORD, {
      token: purchaser,
      variables: { r: second, input: judgement({ ACCOMMODATION: true }, 'NO', 'YES') },
    });

    const [accommodation] = await scores(p.organisationId, 'ACCOMMODATION');
    // Prior 0.6 worth 10 judgements; 2 of 2 sufficient: (6 + 2) / 12.
    expect(accommodation).toMatchObject({
      judged: 2,
      sufficient: 2,
      rate: 1,
      outcomes: 2,
      riskOfHarmFocusRate: 0.5,
    });
    expect(accommodation.score).toBeCloseTo(8 / 12, 10);
    const all = await scores(p.organisationId);
    expect(all.map((s) => s.factor)).toEqual([null, 'ACCOMMODATION', 'ETE']);
    // Overall: 3 judgements, 2 sufficient; prior = the midpoint 0.6.
    expect(all[0]).toMatchObject({
      judged: 3,
      sufficient: 2,
      outcomes: 2,
      informationForReviewRate: 0.5,
      completionRate: 0.5,
      medianDaysToStart: 0,
    });
    expect(all[0].score).toBeCloseTo((6 + 2) / 13, 10);
    expect(all[2]).toMatchObject({ factor: 'ETE', judged: 1, sufficient: 0, rate: 0 });
  });

  it('takes the two outcome-level rates over the cases where the question applied', async () => {
    const p = await provider();
    const answers: [string, string][] = [
      ['YES', 'NOT_APPLICABLE'],
      ['NOT_APPLICABLE', 'NOT_APPLICABLE'],
      ['NO', 'YES'],
      ['YES', 'NO'],
    ];
    for (const [rof, ifr] of answers) {
      const r = await finished(p);
      const res = await t.gql<{ recordOutcome: { riskOfHarmFocus: string } }>(RECORD, {
        token: purchaser,
        variables: { r, input: judgement({ ACCOMMODATION: true }, rof, ifr) },
      });
      expect(res.data?.recordOutcome).toMatchObject({
        riskOfHarmFocus: rof,
        informationForReview: ifr,
      });
    }
    const [overall] = await scores(p.organisationId);
    const applies = (i: 0 | 1) => answers.filter((a) => a[i] !== 'NOT_APPLICABLE');
    const yes = (i: 0 | 1) => applies(i).filter((a) => a[i] === 'YES').length;
    expect(overall).toMatchObject({
      outcomes: 4,
      riskOfHarmFocusApplicable: applies(0).length,
      riskOfHarmFocusRate: yes(0) / applies(0).length,
      informationForReviewApplicable: applies(1).length,
      informationForReviewRate: yes(1) / applies(1).length,
    });
    expect(overall.riskOfHarmFocusRate).toBeCloseTo(2 / 3, 12);
    expect(overall.informationForReviewRate).toBe(0.5);
    const refused = await t.gql(RECORD, {
      token: purchaser,
      variables: { r: await finished(p), input: judgement({ ACCOMMODATION: true }, 'MAYBE') },
    });
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
  });

  /**
   * Buys, finishes and judges one referral per verdict on the provider's listing, a few at a time
   * (each referral's own steps in order); fails on the first refusal.
   */
  async function judged(p: { token: string; listingId: string }, verdicts: boolean[]) {
    const BATCH = 5;
    for (let start = 0; start < verdicts.length; start += BATCH) {
      await Promise.all(
        verdicts.slice(start, start + BATCH).map(async (sufficient) => {
          const r = await finished(p);
          const res = await t.gql(RECORD, {
            token: purchaser,
            variables: { r, input: judgement({ ACCOMMODATION: sufficient }) },
          });
          if (res.errors) throw new Error(JSON.stringify(res.errors));
        }),
      );
    }
  }

  // 102 referrals of about eight requests each: 56 s to 163 s on the embedded database on a
  // loaded 2-core machine, so a generous wait limit (not a timing: the test proves the ranking,
  // however long the writes take).
  it('ranks 90 of 100 above 2 of 2, in the scores and in search', async () => {
    const few = await provider();
    const many = await provider();
    await judged(few, [true, true]);
    await judged(
      many,
      Array.from({ length: 100 }, (_, i) => i < 90),
    );
    const ranking = await t.gql<{
      contributionScores: { nodes: { provider: { id: string }; judged: number; score: number }[] };
    }>(SCORES, {
      token: await tokens.supplier(few.organisationId),
      variables: { f: 'ACCOMMODATION' },
    });
    const ranked = ranking.data!.contributionScores.nodes;
    const ids = ranked.map((s) => s.provider.id);
    expect(ids).toContain(few.organisationId);
    expect(ids.indexOf(many.organisationId)).toBeLessThan(ids.indexOf(few.organisationId));
    // Ranked in SQL, best first (then most judged): the same order as the scores say.
    const order = (a: (typeof ranked)[0], b: (typeof ranked)[0]) =>
      b.score - a.score || b.judged - a.judged;
    expect([...ranked].sort(order)).toEqual(ranked);

    for (const sort of ['BEST_MATCH', 'CONTRIBUTION']) {
      const found = await t.gql<{
        searchInterventions: {
          edges: {
            contributionScore: number;
            contributionJudged: number;
            contributionFactor: string;
            node: { id: string };
          }[];
        };
      }>(
        `query ($sort: SearchSort) { searchInterventions(filter: { factors: [ACCOMMODATION], pccAreaCode: "west-yorkshire" }, sort: $sort, first: 100) {
           edges { contributionScore contributionJudged contributionFactor node { id } } } }`,
        { token: purchaser, variables: { sort } },
      );
      const edges = found.data!.searchInterventions.edges;
      const manyEdge = edges.findIndex((e) => e.node.id === many.listingId);
      const fewEdge = edges.findIndex((e) => e.node.id === few.listingId);
      expect(manyEdge).toBeGreaterThanOrEqual(0);
      expect(manyEdge).toBeLessThan(fewEdge);
      expect(edges[manyEdge]).toMatchObject({
        contributionJudged: 100,
        contributionFactor: 'ACCOMMODATION',
      });
      expect(edges[manyEdge].contributionScore).toBeCloseTo((6 + 90) / 110, 10);
      expect(edges[fewEdge].contributionJudged).toBe(2);
    }
  }, 600_000);

  it('pages the ranking and a provider’s scores forward and backward alike', async () => {
    const ranking = await scores(undefined, 'ACCOMMODATION');
    const paged = await checkPaging(t, purchaser, {
      field: 'contributionScores',
      args: 'factor: ACCOMMODATION',
      key: 'provider { id }',
      keyOf: (node) => (node.provider as { id: string }).id,
      max: 100,
    });
    expect(paged).toEqual(ranking.map((score) => score.provider.id));
    const judged = ranking.find((score) => score.judged > 0)!;
    // One provider's scores: overall, then each factor judged or reported on.
    const own = await checkPaging(t, purchaser, {
      field: 'contributionScores',
      args: 'providerId: $p',
      variables: { $p: ['ID', judged.provider.id] },
      key: 'factor',
      max: 100,
      size: 1,
    });
    expect(own[0]).toBe('null');
    expect(own).toContain('ACCOMMODATION');
  });
  it('refuses bad outcomes: wrong state, wrong factors, wrong people, and a second record', async () => {
    const p = await provider();
    const open = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!) { createReferral(input: $input, idempotencyKey: "open-${Date.now()}") { id } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId: p.listingId,
            crn: 'O000001',
            person,
            targetFactors: ['ETE'],
            ...aims(['ETE']),
          },
        },
      },
    );
    const notFinished = await t.gql(RECORD, {
      token: purchaser,
      variables: { r: open.data!.createReferral.id, input: judgement({ ETE: true }) },
    });
    expect(errorCodes(notFinished)).toEqual(['CONFLICT']);
    expect(errorReasons(notFinished)).toEqual(['REFERRAL_NOT_FINISHED']);

    const r = await finished(p, ['ACCOMMODATION', 'ETE']);
    const missing = await t.gql(RECORD, {
      token: purchaser,
      variables: { r, input: judgement({ ACCOMMODATION: true }) },
    });
    expect(errorCodes(missing)).toEqual(['BAD_USER_INPUT']);
    const extra = await t.gql(RECORD, {
      token: purchaser,
      variables: { r, input: judgement({ ACCOMMODATION: true, ETE: true, DRUGS: true }) },
    });
    expect(extra.errors![0].extensions!.fieldErrors).toEqual([
      {
        field: 'input.factorJudgements.2.factor',
        message: 'DRUGS is not a target factor of the referral',
      },
    ]);
    const otherDivision = await t.gql(RECORD, {
      token: await tokens.purchaser('LDN'),
      variables: { r, input: judgement({ ACCOMMODATION: true, ETE: true }) },
    });
    expect(errorCodes(otherDivision)).toEqual(['NOT_FOUND']);
    const supplier = await t.gql(RECORD, {
      token: p.token,
      variables: { r, input: judgement({ ACCOMMODATION: true, ETE: true }) },
    });
    expect(errorCodes(supplier)).toEqual(['FORBIDDEN']);
    expect((await scores(p.organisationId))[0].judged).toBe(0);

    expect(
      (
        await t.gql(RECORD, {
          token: purchaser,
          variables: { r, input: judgement({ ACCOMMODATION: true, ETE: true }) },
        })
      ).errors,
    ).toBeUndefined();
    const again = await t.gql(RECORD, {
      token: purchaser,
      variables: { r, input: judgement({ ACCOMMODATION: false, ETE: false }) },
    });
    expect(errorCodes(again)).toEqual(['CONFLICT']);
    expect(errorReasons(again)).toEqual(['ALREADY_RECORDED']);
    expect((await scores(p.organisationId))[0]).toMatchObject({ judged: 2, sufficient: 2 });
  });

  it('amends within 30 days (scores follow, the trail keeps both), and refuses after', async () => {
    const p = await provider();
    const r = await finished(p);
    const recorded = await t.gql<{ recordOutcome: { id: string } }>(RECORD, {
      token: purchaser,
      variables: { r, input: judgement({ ACCOMMODATION: true }) },
    });
    t.clock.set('2026-06-20');
    const amended = await t.gql<{ amendOutcome: { amendedAt: string } }>(AMEND, {
      token: purchaser,
      variables: { r, input: judgement({ ACCOMMODATION: false }) },
    });
    expect(amended.errors).toBeUndefined();
    expect(amended.data!.amendOutcome.amendedAt).toBe('2026-06-20T12:00:00.000Z');
    expect((await scores(p.organisationId, 'ACCOMMODATION'))[0]).toMatchObject({
      judged: 1,
      sufficient: 0,
    });
    const trail = await t.gql<{ auditTrail: { nodes: { action: string }[] } }>(
      `query ($id: ID!) { auditTrail(entityId: $id) { nodes { action } } }`,
      {
        token: await tokens.admin(),
        variables: { id: recorded.data!.recordOutcome.id },
      },
    );
    expect(trail.data!.auditTrail.nodes.map((e) => e.action)).toEqual(['RECORDED', 'AMENDED']);
    t.clock.set('2026-07-02');
    expect(
      errorCodes(
        await t.gql(AMEND, {
          token: purchaser,
          variables: { r, input: judgement({ ACCOMMODATION: true }) },
        }),
      ),
    ).toEqual(['CONFLICT']);
    t.clock.set('2026-06-01');
  });

  it('shows a referral’s outcome to the provider’s suppliers too', async () => {
    const p = await provider();
    const r = await finished(p);
    await t.gql(RECORD, {
      token: purchaser,
      variables: { r, input: judgement({ ACCOMMODATION: true }) },
    });
    const res = await t.gql<{ referral: { outcome: { factorJudgements: unknown[] } } }>(
      `query ($id: ID!) { referral(id: $id) { outcome { factorJudgements { factor sufficient } } } }`,
      { token: p.token, variables: { id: r } },
    );
    expect(res.data!.referral.outcome.factorJudgements).toEqual([
      { factor: 'ACCOMMODATION', sufficient: true },
    ]);
  });

  it('rebuilds exactly the incremental aggregates after a random history of records, amendments and end-of-service reports', async () => {
    const p = await provider();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await finished(p, ['ACCOMMODATION', 'ETE']));
    // This provider's rows and its listing's only: what the steps below write. Another test's
    // writes (one cut short by its time limit keeps writing) cannot move them.
    const snapshot = () =>
      t.dataSource.query(
        `SELECT scope, scope_id, factor, judged, sufficient, outcomes, risk_of_harm_focus_applicable,
                risk_of_harm_focus_sufficient, information_for_review_applicable,
                information_for_review_sufficient, reports, achievement_rate_micros
           FROM contribution_aggregate
          WHERE (scope = 'PROVIDER' AND scope_id = $1) OR (scope = 'INTERVENTION' AND scope_id = $2)
          ORDER BY scope, scope_id, factor`,
        [p.organisationId, p.listingId],
      );
    const achievement = fc.constantFrom('ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED');
    const recorded = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('judge' as const),
              referral: fc.nat(ids.length - 1),
              acc: fc.boolean(),
              ete: fc.boolean(),
              rof: fc.constantFrom('YES', 'NO', 'NOT_APPLICABLE'),
              ifr: fc.constantFrom('YES', 'NO', 'NOT_APPLICABLE'),
            }),
            // A new referral whose end-of-service report says this of its three desired outcomes.
            fc.record({
              kind: fc.constant('report' as const),
              achievements: fc.tuple(achievement, achievement, achievement),
            }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        async (steps) => {
          for (const step of steps) {
            if (step.kind === 'report') {
              await reported(p, step.achievements);
              continue;
            }
            const r = ids[step.referral];
            const input = judgement({ ACCOMMODATION: step.acc, ETE: step.ete }, step.rof, step.ifr);
            const res = await t.gql(recorded.has(r) ? AMEND : RECORD, {
              token: purchaser,
              variables: { r, input },
            });
            if (res.errors) throw new Error(JSON.stringify(res.errors));
            recorded.add(r);
          }
          const incremental = await snapshot();
          await t.app.get(OutcomesService).rebuildAggregates();
          expect(await snapshot()).toEqual(incremental);
        },
      ),
      { numRuns: 8, seed: 20261123 },
    );
  });

  /** Buys a referral aiming at two ACCOMMODATION outcomes and one ETE, and reports on them. */
  async function reported(p: { token: string; listingId: string }, achievements: string[]) {
    const aimed = [
      outcomesByFactor.ACCOMMODATION[0],
      outcomesByFactor.ACCOMMODATION[1],
      outcomesByFactor.ETE[0],
    ];
    const bought = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId: p.listingId,
            crn: 'E123456',
            person,
            targetFactors: ['ACCOMMODATION', 'ETE'],
            desiredOutcomes: aimed.map((o) => o.id),
            complexity: 'LOW',
          },
          key: `report-${++n}`,
        },
      },
    );
    const id = bought.data!.createReferral.id;
    await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
      token: p.token,
      variables: { id },
    });
    await attendSession(t, p.token, id);
    const res = await t.gql(
      `mutation ($r: ID!, $input: EndOfServiceReportInput!) { submitEndOfServiceReport(referralId: $r, input: $input) { id } }`,
      {
        token: p.token,
        variables: {
          r: id,
          input: {
            outcomes: aimed.map((o, i) => ({
              desiredOutcomeId: o.id,
              achievement: achievements[i],
            })),
          },
        },
      },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
});
