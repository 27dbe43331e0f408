import fc from 'fast-check';
import { OutcomesService } from '../src/outcomes/outcomes.service';
import { createListing, newSupplier } from './support/catalogue';
import { attendSession, deliverToEnd, desiredOutcomes } from './support/delivery';
import { tokens } from './support/tokens';
import { errorCodes, errorReasons, startApp, TestApp } from './support/test-app';

const RECORD = `mutation ($r: ID!, $input: OutcomeInput!) { recordOutcome(referralId: $r, input: $input) { id factorJudgements { factor sufficient } riskOfHarmFocusSufficient recordedAt } }`;
const AMEND = `mutation ($r: ID!, $input: OutcomeInput!) { amendOutcome(referralId: $r, input: $input) { id amendedAt factorJudgements { factor sufficient } } }`;
const SCORES = `query ($p: ID, $f: FactorCode) { contributionScores(providerId: $p, factor: $f) {
  factor judged sufficient rate score lower upper baseline baselineFellBack outcomes riskOfHarmFocusRate informationForReviewRate completionRate medianDaysToStart provider { id } } }`;

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
  outcomes: number;
  riskOfHarmFocusRate: number | null;
  informationForReviewRate: number | null;
  completionRate: number | null;
  medianDaysToStart: number | null;
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

  const judgement = (factors: Record<string, boolean>, rof = true, ifr = true) => ({
    factorJudgements: Object.entries(factors).map(([factor, sufficient]) => ({
      factor,
      sufficient,
    })),
    riskOfHarmFocusSufficient: rof,
    informationForReviewSufficient: ifr,
  });

  async function scores(providerId: string, factor?: string): Promise<Score[]> {
    const res = await t.gql<{ contributionScores: Score[] }>(SCORES, {
      token: purchaser,
      variables: { p: providerId, f: factor },
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.contributionScores;
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
    expect(accommodation).toMatchObject({ factor: 'ACCOMMODATION', judged: 0, baseline: 0.58 });
  });

  it('records an outcome and updates the scores at once, checked by hand', async () => {
    const p = await provider();
    const first = await finished(p, ['ACCOMMODATION', 'ETE']);
    const second = await finished(p, ['ACCOMMODATION'], true);
    const res = await t.gql(RECORD, {
      token: purchaser,
      variables: { r: first, input: judgement({ ACCOMMODATION: true, ETE: false }, true, false) },
    });
    expect(res.errors).toBeUndefined();
    await t.gql(RECORD, {
      token: purchaser,
      variables: { r: second, input: judgement({ ACCOMMODATION: true }, false, true) },
    });

    const [accommodation] = await scores(p.organisationId, 'ACCOMMODATION');
    // Prior 0.58 worth 10 judgements; 2 of 2 sufficient: (5.8 + 2) / 12.
    expect(accommodation).toMatchObject({
      judged: 2,
      sufficient: 2,
      rate: 1,
      outcomes: 2,
      riskOfHarmFocusRate: 0.5,
    });
    expect(accommodation.score).toBeCloseTo(7.8 / 12, 10);
    const all = await scores(p.organisationId);
    expect(all.map((s) => s.factor)).toEqual([null, 'ACCOMMODATION', 'ETE']);
    // Overall: 3 judgements, 2 sufficient; prior = the median baseline 0.475.
    expect(all[0]).toMatchObject({
      judged: 3,
      sufficient: 2,
      outcomes: 2,
      informationForReviewRate: 0.5,
      completionRate: 0.5,
      medianDaysToStart: 0,
    });
    expect(all[0].score).toBeCloseTo((4.75 + 2) / 13, 10);
    expect(all[2]).toMatchObject({ factor: 'ETE', judged: 1, sufficient: 0, rate: 0 });
  });

  it('ranks 90 of 100 above 2 of 2, in the scores and in search', async () => {
    const few = await provider();
    const many = await provider();
    for (let i = 0; i < 2; i++) {
      const r = await finished(few);
      await t.gql(RECORD, {
        token: purchaser,
        variables: { r, input: judgement({ ACCOMMODATION: true }) },
      });
    }
    for (let i = 0; i < 100; i++) {
      const r = await finished(many);
      await t.gql(RECORD, {
        token: purchaser,
        variables: { r, input: judgement({ ACCOMMODATION: i < 90 }) },
      });
    }
    const ranking = await t.gql<{
      contributionScores: { provider: { id: string }; judged: number; score: number }[];
    }>(SCORES, {
      token: await tokens.supplier(few.organisationId),
      variables: { f: 'ACCOMMODATION' },
    });
    const ids = ranking.data!.contributionScores.map((s) => s.provider.id);
    expect(ids.indexOf(many.organisationId)).toBeLessThan(ids.indexOf(few.organisationId));

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
      expect(edges[manyEdge].contributionScore).toBeCloseTo((5.8 + 90) / 110, 10);
      expect(edges[fewEdge].contributionJudged).toBe(2);
    }
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
    const trail = await t.gql<{ auditTrail: { action: string }[] }>(
      `query ($id: ID!) { auditTrail(entityId: $id) { action } }`,
      {
        token: await tokens.admin(),
        variables: { id: recorded.data!.recordOutcome.id },
      },
    );
    expect(trail.data!.auditTrail.map((e) => e.action)).toEqual(['RECORDED', 'AMENDED']);
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
    const snapshot = () =>
      t.dataSource.query(
        `SELECT scope, scope_id, factor, judged, sufficient, outcomes, risk_of_harm_focus_sufficient,
                information_for_review_sufficient, reports, achievement_rate_micros
           FROM contribution_aggregate ORDER BY scope, scope_id, factor`,
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
              rof: fc.boolean(),
              ifr: fc.boolean(),
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
