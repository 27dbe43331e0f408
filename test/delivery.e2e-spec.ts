import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { TIMELINE_BACKFILL } from '../migrations/1795499275769-Delivery';
import { DomainEventType } from '../src/notifications/domain-event';
import { createListing, newSupplier } from './support/catalogue';
import { attendSession, desiredOutcomes, reportEndOfService } from './support/delivery';
import { checkPaging } from './support/paging';
import { tokens } from './support/tokens';
import { errorCodes, errorReasons, GraphQLResponse, startApp, TestApp } from './support/test-app';

const person = { sex: 'FEMALE', age: 41, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
const division = 'NE';
const year = 2027;

const REFERRAL = `query ($id: ID!) { referral(id: $id) {
  id status startedOn sessionsOffered sessionsAttended totalPence outcomePaymentPence outcomePaymentMaxPence
  outcomePaymentEarnedPence endOfServiceReportDue complexity withdrawalReason declineReason
  desiredOutcomes { id factor description }
  timeline { at by type summary }
  actionPlan { version activities plannedSessions }
  actionPlanHistory { version plannedSessions }
  sessions { id number startsAt feedback { attended sessionHappened noSessionReason concerns notifyPurchaser }
             reschedules { fromStartsAt toStartsAt reason requestedBy by } }
  caseNotes { subject body side notifyOtherSide by }
  endOfServiceReport { achievementScore achievementRate outcomePaymentEarnedPence
                       outcomes { desiredOutcome { id } achievement progressComments } }
} }`;
const BUDGET = `query ($d: String!, $y: Int!) { divisionBudget(divisionCode: $d, financialYear: $y) {
  allocatedPence committedPence spentPence outcomePaymentsSpentPence remainingPence } }`;

interface Referral {
  id: string;
  status: string;
  startedOn: string | null;
  sessionsOffered: number | null;
  sessionsAttended: number | null;
  outcomePaymentMaxPence: number;
  outcomePaymentEarnedPence: number | null;
  endOfServiceReportDue: boolean;
  desiredOutcomes: { id: string; factor: string }[];
  timeline: { at: string; by: string; type: string; summary: string }[];
  actionPlan: { version: number; plannedSessions: number } | null;
  actionPlanHistory: { version: number; plannedSessions: number }[];
  sessions: {
    id: string;
    number: number;
    startsAt: string;
    feedback: Record<string, unknown> | null;
    reschedules: Record<string, unknown>[];
  }[];
  caseNotes: Record<string, unknown>[];
  endOfServiceReport: {
    achievementScore: number;
    achievementRate: number;
    outcomePaymentEarnedPence: number;
  } | null;
}

let n = 0;

describe('delivering a referral: plan, sessions, end-of-service report, payment on outcomes', () => {
  let t: TestApp;
  let admin: string;
  let purchaser: string;
  let supplier: { organisationId: string; token: string };
  let outcomes: Record<string, { id: string; description: string }[]>;
  let listingId: string;

  beforeAll(async () => {
    // The provider's receiver listens on 127.0.0.1: an internal address webhooks may reach here.
    t = await startApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    t.clock.set('2027-05-04T09:00:00Z');
    admin = await tokens.admin();
    purchaser = await tokens.purchaser(division);
    supplier = await newSupplier(t);
    outcomes = await desiredOutcomes(t, purchaser);
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${division}", financialYear: ${year}, amountPence: 100000000) { allocatedPence } }`,
      { token: admin },
    );
    const listing = await createListing(t, supplier.token, {
      factors: ['ACCOMMODATION', 'ETE'],
      capacity: 50,
      price: { amountPence: 30000, unit: 'PER_REFERRAL', outcomePaymentPence: 10001 },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    listingId = listing.id;
  });
  afterAll(() => t.close());

  async function budget(): Promise<Record<string, number>> {
    const res = await t.gql<{ divisionBudget: Record<string, number> }>(BUDGET, {
      token: admin,
      variables: { d: division, y: year },
    });
    return res.data!.divisionBudget;
  }

  async function get(id: string, token = purchaser): Promise<Referral> {
    const res = await t.gql<{ referral: Referral }>(REFERRAL, { token, variables: { id } });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.referral;
  }

  function buy(input: Record<string, unknown> = {}) {
    return t.gql<{ createReferral: { id: string; outcomePaymentMaxPence: number } }>(
      `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id outcomePaymentMaxPence } }`,
      {
        token: purchaser,
        variables: {
          key: `delivery-${++n}`,
          input: {
            interventionId: listingId,
            crn: 'D123456',
            person,
            targetFactors: ['ACCOMMODATION', 'ETE'],
            desiredOutcomes: [outcomes.ACCOMMODATION[0].id, outcomes.ETE[0].id],
            complexity: 'HIGH',
            ...input,
          },
        },
      },
    );
  }

  async function bought(input: Record<string, unknown> = {}): Promise<string> {
    const res = await buy(input);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createReferral.id;
  }

  function gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    token = supplier.token,
  ): Promise<GraphQLResponse<T>> {
    return t.gql<T>(query, { token, variables });
  }

  const accept = (id: string) =>
    gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, { id });
  const plan = (r: string, plannedSessions: number, token = supplier.token) =>
    gql(
      `mutation ($r: ID!, $input: ActionPlanInput!) { submitActionPlan(referralId: $r, input: $input) { version } }`,
      { r, input: { activities: ['Housing options interview', 'Budgeting'], plannedSessions } },
      token,
    );
  const schedule = (r: string, startsAt: string) =>
    gql<{ scheduleSession: { id: string } }>(
      `mutation ($r: ID!, $at: DateTime!) { scheduleSession(referralId: $r, input: { startsAt: $at, durationMinutes: 60, deliveryMode: ONE_TO_ONE, venue: "Newcastle hub" }) { id } }`,
      { r, at: startsAt },
    );
  const feedback = (id: string, input: Record<string, unknown>) =>
    gql(
      `mutation ($id: ID!, $input: SessionFeedbackInput!) { recordSessionFeedback(id: $id, input: $input) { id } }`,
      { id, input },
    );
  const report = (r: string, rows: Record<string, unknown>[]) =>
    gql(
      `mutation ($r: ID!, $input: EndOfServiceReportInput!) { submitEndOfServiceReport(referralId: $r, input: $input) { achievementScore achievementRate outcomePaymentEarnedPence } }`,
      { r, input: { outcomes: rows, furtherInformation: 'Moved into a council flat in June.' } },
    );

  it('lists 3-6 desired outcomes for every factor, in plain words', async () => {
    const factors = await t.gql<{ factors: { code: string }[] }>(`{ factors { code } }`, {
      token: purchaser,
    });
    for (const { code } of factors.data!.factors) {
      expect(outcomes[code].length).toBeGreaterThanOrEqual(3);
      expect(outcomes[code].length).toBeLessThanOrEqual(6);
    }
    expect(outcomes.ACCOMMODATION.map((o) => o.description)).toContain(
      'Secures suitable accommodation',
    );
    const one = await t.gql<{ desiredOutcomes: { factor: string }[] }>(
      `{ desiredOutcomes(factor: ETE) { factor } }`,
      { token: supplier.token },
    );
    expect(new Set(one.data!.desiredOutcomes.map((o) => o.factor))).toEqual(new Set(['ETE']));
  });

  it('walks a referral through plan, sessions (one missed, one rescheduled), report and completion, exact to the penny', async () => {
    // The provider listens: every referral event to a webhook on a local receiver.
    const received: { event: string; body: string; signature: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({
          event: String(req.headers['x-marketplace-event']),
          body,
          signature: String(req.headers['x-marketplace-signature']),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const registered = await gql<{ registerWebhook: { secret: string; webhook: { id: string } } }>(
      `mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { id } } }`,
      {
        input: {
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
          events: Object.values(DomainEventType),
        },
      },
    );
    const { secret, webhook } = registered.data!.registerWebhook;

    const start = await budget();
    const id = await bought({
      desiredOutcomes: [
        outcomes.ACCOMMODATION[0].id,
        outcomes.ACCOMMODATION[1].id,
        outcomes.ETE[0].id,
      ],
    });
    // Fee 30000 plus the most the outcome payments can come to: 3 x 10001.
    expect((await budget()).committedPence - start.committedPence).toBe(60003);
    expect((await accept(id)).errors).toBeUndefined();
    expect((await plan(id, 4)).errors).toBeUndefined();

    // Session 1: moved at the person's request, then missed.
    const s1 = (await schedule(id, '2027-05-06T10:00:00Z')).data!.scheduleSession.id;
    const moved = await gql(
      `mutation ($id: ID!, $input: RescheduleSessionInput!) { rescheduleSession(id: $id, input: $input) { id } }`,
      {
        id: s1,
        input: {
          startsAt: '2027-05-07T14:00:00Z',
          reason: 'Has a job interview that morning',
          requestedBy: 'PERSON_ON_PROBATION',
        },
      },
    );
    expect(moved.errors).toBeUndefined();
    t.clock.set('2027-05-07T16:00:00Z');
    const missed = await feedback(s1, {
      attended: 'NO',
      sessionHappened: false,
      noSessionReason: 'PERSON_UNACCEPTABLE',
    });
    expect(missed.errors).toBeUndefined();
    let r = await get(id);
    expect(r).toMatchObject({ status: 'ACCEPTED', sessionsOffered: 1, sessionsAttended: 0 });

    // Session 2: attended late: the referral starts that day.
    const s2 = (await schedule(id, '2027-05-11T10:00:00Z')).data!.scheduleSession.id;
    t.clock.set('2027-05-11T12:00:00Z');
    expect(
      (await feedback(s2, { attended: 'LATE', sessionHappened: true })).errors,
    ).toBeUndefined();
    // Session 3: attended, with a concern the purchaser should hear about.
    const s3 = (await schedule(id, '2027-05-18T10:00:00Z')).data!.scheduleSession.id;
    t.clock.set('2027-05-18T12:00:00Z');
    const concerned = await feedback(s3, {
      attended: 'YES',
      sessionHappened: true,
      summary: 'Viewed two flats',
      concerns: 'Mentioned rent arrears with a previous landlord',
      notifyPurchaser: true,
    });
    expect(concerned.errors).toBeUndefined();
    expect((await plan(id, 3)).errors).toBeUndefined();

    await gql(
      `mutation ($r: ID!) { addCaseNote(referralId: $r, input: { subject: "Arrears", body: "Checking with the council", notifyOtherSide: true }) { id } }`,
      { r: id },
      purchaser,
    );
    await gql(
      `mutation ($r: ID!) { addCaseNote(referralId: $r, input: { subject: "Tenancy offer", body: "Offer expected next week" }) { id } }`,
      { r: id },
    );

    const early = await gql(`mutation ($id: ID!) { completeReferral(id: $id) { id } }`, { id });
    expect(errorCodes(early)).toEqual(['CONFLICT']);
    expect(errorReasons(early)).toEqual(['END_OF_SERVICE_REPORT_DUE']);

    t.clock.set('2027-06-01T12:00:00Z');
    const beforeReport = await budget();
    const submitted = await report(id, [
      {
        desiredOutcomeId: outcomes.ACCOMMODATION[0].id,
        achievement: 'ACHIEVED',
        progressComments: 'Housed',
      },
      { desiredOutcomeId: outcomes.ACCOMMODATION[1].id, achievement: 'PARTIALLY_ACHIEVED' },
      { desiredOutcomeId: outcomes.ETE[0].id, achievement: 'NOT_ACHIEVED' },
    ]);
    expect(submitted.data!.submitEndOfServiceReport).toEqual({
      achievementScore: 1.5,
      achievementRate: 0.5,
      outcomePaymentEarnedPence: 15001, // 10001 + floor(10001 / 2)
    });
    const afterReport = await budget();
    expect(afterReport.committedPence - beforeReport.committedPence).toBe(-30003);
    expect(afterReport.spentPence - beforeReport.spentPence).toBe(15001);
    expect(afterReport.outcomePaymentsSpentPence - beforeReport.outcomePaymentsSpentPence).toBe(
      15001,
    );

    const done = await gql(`mutation ($id: ID!) { completeReferral(id: $id) { status } }`, { id });
    expect(done.errors).toBeUndefined();
    const end = await budget();
    expect(end.committedPence).toBe(start.committedPence);
    expect(end.spentPence - start.spentPence).toBe(45001);
    expect(end.outcomePaymentsSpentPence - start.outcomePaymentsSpentPence).toBe(15001);
    expect(end.remainingPence).toBe(start.remainingPence - 45001);

    const recorded = await gql(
      `mutation ($r: ID!) { recordOutcome(referralId: $r, input: { factorJudgements: [{ factor: ACCOMMODATION, sufficient: true }, { factor: ETE, sufficient: false }], riskOfHarmFocus: YES, informationForReview: YES }) { id } }`,
      { r: id },
      purchaser,
    );
    expect(recorded.errors).toBeUndefined();

    r = await get(id);
    expect(r).toMatchObject({
      status: 'COMPLETED',
      startedOn: '2027-05-11',
      sessionsOffered: 3,
      sessionsAttended: 2,
      outcomePaymentMaxPence: 30003,
      outcomePaymentEarnedPence: 15001,
      endOfServiceReportDue: false,
      actionPlan: { version: 2, plannedSessions: 3 },
      actionPlanHistory: [
        { version: 1, plannedSessions: 4 },
        { version: 2, plannedSessions: 3 },
      ],
    });
    expect(r.sessions.map((s) => [s.number, s.feedback?.attended])).toEqual([
      [1, 'NO'],
      [2, 'LATE'],
      [3, 'YES'],
    ]);
    expect(r.sessions[0].reschedules).toEqual([
      {
        fromStartsAt: '2027-05-06T10:00:00.000Z',
        toStartsAt: '2027-05-07T14:00:00.000Z',
        reason: 'Has a job interview that morning',
        requestedBy: 'PERSON_ON_PROBATION',
        by: expect.stringContaining('supplier') as string,
      },
    ]);
    expect(r.caseNotes.map((c) => c.side)).toEqual(['PURCHASER', 'PROVIDER']);
    expect(r.timeline.map((e) => e.type)).toEqual([
      'REFERRAL_SENT',
      'REFERRAL_ACCEPTED',
      'ACTION_PLAN_SUBMITTED',
      'SESSION_SCHEDULED',
      'SESSION_RESCHEDULED',
      'SESSION_MISSED',
      'SESSION_SCHEDULED',
      'SESSION_ATTENDED',
      'REFERRAL_STARTED',
      'SESSION_SCHEDULED',
      'SESSION_ATTENDED',
      'SESSION_CONCERNS_RAISED',
      'ACTION_PLAN_SUBMITTED',
      'CASE_NOTE_ADDED',
      'CASE_NOTE_ADDED',
      'END_OF_SERVICE_REPORT_SUBMITTED',
      'REFERRAL_COMPLETED',
      'OUTCOME_RECORDED',
    ]);
    expect(r.timeline[5].summary).toBe(
      'Session on Fri, 7 May 2027, 15:00 missed (person unacceptable)',
    );
    expect(r.timeline[15].summary).toBe(
      'End-of-service report: 1.5 of 3 desired outcomes achieved; outcome payments earned £150.01',
    );

    // The provider's own account, beside the buyers' judgements.
    const scores = await t.gql<{
      contributionScores: {
        nodes: {
          factor: string | null;
          reports: number;
          achievementRate: number | null;
          judged: number;
        }[];
      };
    }>(
      `query ($p: ID) { contributionScores(providerId: $p) { nodes { factor reports achievementRate judged } } }`,
      { token: purchaser, variables: { p: supplier.organisationId } },
    );
    expect(scores.data!.contributionScores.nodes).toEqual([
      { factor: null, reports: 1, achievementRate: 0.5, judged: 2 },
      { factor: 'ACCOMMODATION', reports: 1, achievementRate: 0.75, judged: 1 },
      { factor: 'ETE', reports: 1, achievementRate: 0, judged: 1 },
    ]);

    // Webhook deliveries: exactly the announced steps, in order, each delivered once and signed.
    const announced = [
      'REFERRAL_SENT',
      'REFERRAL_ACCEPTED',
      'ACTION_PLAN_SUBMITTED',
      'SESSION_MISSED',
      'REFERRAL_STARTED',
      'SESSION_FEEDBACK_CONCERNS',
      'ACTION_PLAN_SUBMITTED',
      'END_OF_SERVICE_REPORT_SUBMITTED',
      'REFERRAL_COMPLETED',
      'OUTCOME_RECORDED',
    ];
    const deadline = Date.now() + 20_000;
    while (received.length < announced.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await gql(`mutation ($id: ID!) { deactivateWebhook(id: $id) { id } }`, { id: webhook.id });
    await new Promise((resolve) => receiver.close(resolve));
    expect(received.map((r) => r.event)).toEqual(announced);
    for (const { body, signature } of received) {
      const { t: at, v1 } = Object.fromEntries(signature.split(',').map((p) => p.split('=')));
      expect(v1).toBe(createHmac('sha256', secret).update(`${at}.${body}`).digest('hex'));
      expect(JSON.parse(body)).toMatchObject({ referralId: id, data: { crn: 'D123456' } });
    }
    const deliveries = await gql<{
      webhookDeliveries: {
        edges: { node: { eventType: string; status: string; attemptCount: number } }[];
      };
    }>(
      `query ($w: ID!, $r: ID) { webhookDeliveries(webhookId: $w, referralId: $r, first: 50) { edges { node { eventType status attemptCount } } } }`,
      { w: webhook.id, r: id },
    );
    expect(deliveries.data!.webhookDeliveries.edges.map((e) => e.node).reverse()).toEqual(
      announced.map((eventType) => ({ eventType, status: 'DELIVERED', attemptCount: 1 })),
    );
    // The deliveries page forward and backward alike, newest event first, at most 100 a page.
    expect(
      await checkPaging(t, supplier.token, {
        field: 'webhookDeliveries',
        args: 'webhookId: $w',
        variables: { $w: ['ID!', webhook.id] },
        max: 100,
        size: 3,
      }),
    ).toHaveLength(announced.length);
  });

  it('refuses desired outcomes that do not match the target factors, and charges nothing', async () => {
    const before = await budget();
    const wrong = await buy({
      desiredOutcomes: [outcomes.ACCOMMODATION[0].id, outcomes.DRUGS[0].id],
    });
    expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0].extensions!.fieldErrors).toEqual([
      {
        field: 'input.desiredOutcomes.1',
        message: `"${outcomes.DRUGS[0].description}" belongs to DRUGS, not a target factor`,
      },
      { field: 'input.desiredOutcomes', message: 'Name at least one desired outcome for ETE' },
    ]);
    const unknown = await buy({ desiredOutcomes: ['7d7b5ad1-9c3a-4d7e-8f00-000000000000'] });
    expect(unknown.errors![0].extensions!.fieldErrors!.map((e) => e.field)).toEqual([
      'input.desiredOutcomes.0',
      'input.desiredOutcomes',
      'input.desiredOutcomes',
    ]);
    const none = await buy({ desiredOutcomes: [], complexity: 'EXTREME' });
    expect(errorCodes(none)).toEqual(['BAD_USER_INPUT']);
    expect(await budget()).toEqual(before);
  });

  it('refuses delivery steps out of turn or by the wrong side, changing nothing', async () => {
    const id = await bought();
    expect(errorReasons(await plan(id, 3))).toEqual(['INVALID_TRANSITION']); // still SUBMITTED
    expect(errorCodes(await schedule(id, '2027-06-02T10:00:00Z'))).toEqual(['CONFLICT']);
    await accept(id);
    expect(errorCodes(await plan(id, 3, purchaser))).toEqual(['FORBIDDEN']);
    const rival = await newSupplier(t);
    expect(errorCodes(await plan(id, 3, rival.token))).toEqual(['NOT_FOUND']);
    const before = await schedule(id, '2020-01-01T10:00:00Z');
    expect(before.errors![0].extensions!.fieldErrors![0].field).toBe('input.startsAt');

    const future = (await schedule(id, '2027-07-01T10:00:00Z')).data!.scheduleSession.id;
    expect(errorCodes(await feedback(future, { attended: 'YES', sessionHappened: true }))).toEqual([
      'CONFLICT',
    ]);
    const now = (await schedule(id, t.clock.now().toISOString())).data!.scheduleSession.id;
    const muddled = await feedback(now, { attended: 'NO', sessionHappened: true });
    expect(muddled.errors![0].extensions!.fieldErrors!.map((e) => e.field)).toEqual([
      'input.sessionHappened',
    ]);
    const noReason = await feedback(now, { attended: 'YES', sessionHappened: false });
    expect(noReason.errors![0].extensions!.fieldErrors!.map((e) => e.field)).toEqual([
      'input.noSessionReason',
    ]);
    expect(
      (await feedback(now, { attended: 'YES', sessionHappened: true })).errors,
    ).toBeUndefined();
    expect(errorCodes(await feedback(now, { attended: 'YES', sessionHappened: true }))).toEqual([
      'CONFLICT',
    ]);
    const late = await gql(
      `mutation ($id: ID!) { rescheduleSession(id: $id, input: { startsAt: "2027-06-10T10:00:00Z", reason: "Too late now", requestedBy: PROVIDER }) { id } }`,
      { id: now },
    );
    expect(errorCodes(late)).toEqual(['CONFLICT']);
    // One session attended: the plan may not drop below it.
    const below = await gql(
      `mutation ($r: ID!) { submitActionPlan(referralId: $r, input: { activities: ["x"], plannedSessions: 1 }) { version } }`,
      { r: id },
    );
    expect(errorCodes(below)).toEqual(['BAD_USER_INPUT']);

    const half = await report(id, [
      { desiredOutcomeId: outcomes.ACCOMMODATION[0].id, achievement: 'ACHIEVED' },
    ]);
    expect(half.errors![0].extensions!.fieldErrors).toEqual([
      { field: 'input.outcomes', message: `Desired outcome ${outcomes.ETE[0].id} needs a row` },
    ]);
    const twice = await report(id, [
      { desiredOutcomeId: outcomes.ACCOMMODATION[0].id, achievement: 'ACHIEVED' },
      { desiredOutcomeId: outcomes.ACCOMMODATION[0].id, achievement: 'ACHIEVED' },
      { desiredOutcomeId: outcomes.ETE[0].id, achievement: 'ACHIEVED' },
    ]);
    expect(twice.errors![0].extensions!.fieldErrors![0].field).toBe(
      'input.outcomes.1.desiredOutcomeId',
    );

    const r = await get(id);
    expect(r).toMatchObject({
      status: 'STARTED',
      sessionsOffered: 1,
      sessionsAttended: 1,
      actionPlan: null,
      endOfServiceReport: null,
      outcomePaymentEarnedPence: null,
    });
    const commissioner = await gql(
      `mutation ($r: ID!) { addCaseNote(referralId: $r, input: { subject: "Hello", body: "x" }) { id } }`,
      { r: id },
      await tokens.commissioner(),
    );
    expect(errorCodes(commissioner)).toEqual(['FORBIDDEN']);
    const otherDivision = await gql(
      `mutation ($r: ID!) { addCaseNote(referralId: $r, input: { subject: "Hello", body: "x" }) { id } }`,
      { r: id },
      await tokens.purchaser('LDN'),
    );
    expect(errorCodes(otherDivision)).toEqual(['NOT_FOUND']);
  });

  it('ends a started referral at once when withdrawn; the report is then due and settles the outcome payments', async () => {
    const id = await bought();
    await accept(id);
    await attendSession(t, supplier.token, id);
    const before = await budget();
    const withdrawn = await gql<{
      withdrawReferral: { status: string; endOfServiceReportDue: boolean };
    }>(
      `mutation ($id: ID!) { withdrawReferral(id: $id, input: { reason: MOVED_OUT_OF_AREA, comments: "Moved to Leeds" }) { status endOfServiceReportDue } }`,
      { id },
      purchaser,
    );
    expect(withdrawn.data!.withdrawReferral).toEqual({
      status: 'ENDED_EARLY',
      endOfServiceReportDue: true,
    });
    const ended = await budget();
    // The fee is spent; the outcome payments (2 x 10001) stay committed until the report.
    expect(ended.committedPence - before.committedPence).toBe(-30000);
    expect(ended.spentPence - before.spentPence).toBe(30000);

    expect(errorCodes(await schedule(id, t.clock.now().toISOString()))).toEqual(['CONFLICT']);
    await reportEndOfService(t, supplier.token, id, 'PARTIALLY_ACHIEVED');
    const settled = await budget();
    expect(settled.committedPence - ended.committedPence).toBe(-20002);
    expect(settled.spentPence - ended.spentPence).toBe(10000); // 2 x floor(10001 / 2)
    expect(settled.outcomePaymentsSpentPence - ended.outcomePaymentsSpentPence).toBe(10000);
    const r = await get(id);
    expect(r).toMatchObject({
      endOfServiceReportDue: false,
      outcomePaymentEarnedPence: 10000,
      withdrawalReason: 'MOVED_OUT_OF_AREA',
    });
    expect(r.timeline.map((e) => e.type).slice(-2)).toEqual([
      'REFERRAL_WITHDRAWN',
      'END_OF_SERVICE_REPORT_SUBMITTED',
    ]);
    expect(r.timeline.at(-2)!.summary).toBe('Referral withdrawn: Moved to Leeds');
    expect(errorReasons(await report(id, []))).toEqual(['ALREADY_RECORDED']);
  });

  it('gives the fee and the outcome payments back when declined or withdrawn before starting', async () => {
    const before = await budget();
    const a = await bought();
    const b = await bought();
    const declined = await gql<{ declineReferral: { declineReason: string } }>(
      `mutation ($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY) { declineReason } }`,
      { id: a },
    );
    expect(declined.data!.declineReferral.declineReason).toBe('NO_CAPACITY');
    await accept(b);
    await gql(
      `mutation ($id: ID!) { withdrawReferral(id: $id, input: { reason: NEEDS_MET_ELSEWHERE }) { status } }`,
      { id: b },
      purchaser,
    );
    expect(await budget()).toEqual(before);
    expect((await get(b)).timeline.at(-1)).toMatchObject({
      type: 'REFERRAL_WITHDRAWN',
      summary: 'Referral withdrawn: The person: needs met through another route.',
    });
  });

  it('gave referrals bought before the timeline one, from their status history (migration)', async () => {
    const id = await bought();
    await gql(
      `mutation ($id: ID!) { declineReferral(id: $id, reason: OTHER, comments: "Already on our books") { id } }`,
      { id },
    );
    class RollBack extends Error {}
    let backfilled: { type: string; summary: string }[] = [];
    await t.dataSource
      .transaction(async (m) => {
        await m.query(`DELETE FROM referral_timeline_event WHERE referral_id = $1`, [id]);
        await m.query(TIMELINE_BACKFILL);
        backfilled = await m.query(
          `SELECT type, summary FROM referral_timeline_event WHERE referral_id = $1 ORDER BY sequence`,
          [id],
        );
        throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    expect(backfilled).toEqual([
      { type: 'REFERRAL_SENT', summary: 'Referral sent' },
      { type: 'REFERRAL_DECLINED', summary: 'Referral declined: Already on our books' },
    ]);
    expect((await get(id)).timeline.map((e) => e.summary)).toEqual([
      'Referral sent',
      'Referral declined: Already on our books',
    ]);
  });
});

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// Concurrency needs real parallel connections: the embedded database has one, so this runs only
// against the PostgreSQL server (CI's second run).
onServer('outcome payments under concurrency (PostgreSQL server only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2027-05-04T09:00:00Z');
  });
  afterAll(() => t.close());

  it('settles each report once, purchases racing reports, and the budget matches to the penny', async () => {
    const admin = await tokens.admin();
    const d = 'WAL';
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${d}", financialYear: ${year}, amountPence: 10000000) { allocatedPence } }`,
      { token: admin },
    );
    const purchaser = await tokens.purchaser(d);
    const supplier = await newSupplier(t);
    const outcomes = await desiredOutcomes(t, purchaser);
    const listing = await createListing(t, supplier.token, {
      capacity: 100,
      price: { amountPence: 12345, unit: 'PER_REFERRAL', outcomePaymentPence: 777 },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    const buy = (i: number) =>
      t.gql<{ createReferral: { id: string } }>(
        `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
        {
          token: purchaser,
          variables: {
            key: `race-${i}`,
            input: {
              interventionId: listing.id,
              crn: `W${String(i).padStart(6, '0')}`,
              person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
              targetFactors: ['ACCOMMODATION'],
              desiredOutcomes: outcomes.ACCOMMODATION.slice(0, 2).map((o) => o.id),
              complexity: 'LOW',
            },
          },
        },
      );
    const started: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = (await buy(i)).data!.createReferral.id;
      await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
        token: supplier.token,
        variables: { id },
      });
      await attendSession(t, supplier.token, id);
      started.push(id);
    }
    const rows = outcomes.ACCOMMODATION.slice(0, 2).map((o, i) => ({
      desiredOutcomeId: o.id,
      achievement: i === 0 ? 'ACHIEVED' : 'PARTIALLY_ACHIEVED',
    }));
    const results = await Promise.all([
      ...started.flatMap((id) =>
        [0, 1].map(() =>
          t.gql(
            `mutation ($r: ID!, $input: EndOfServiceReportInput!) { submitEndOfServiceReport(referralId: $r, input: $input) { id } }`,
            { token: supplier.token, variables: { r: id, input: { outcomes: rows } } },
          ),
        ),
      ),
      ...[8, 9, 10, 11].map((i) => buy(i)),
    ]);
    const reports = results.slice(0, 16);
    expect(reports.filter((r) => !r.errors)).toHaveLength(8);
    expect(reports.filter((r) => r.errors).map((r) => errorCodes(r)[0])).toEqual(
      Array(8).fill('CONFLICT'),
    );
    const res = await t.gql<{ divisionBudget: Record<string, number> }>(BUDGET, {
      token: admin,
      variables: { d, y: year },
    });
    // 12 fees committed; 4 unreported referrals hold 2 x 777 each; 8 reports earned 777 + 388.
    expect(res.data!.divisionBudget).toEqual({
      allocatedPence: 10000000,
      committedPence: 12 * 12345 + 4 * 1554,
      spentPence: 8 * 1165,
      outcomePaymentsSpentPence: 8 * 1165,
      remainingPence: 10000000 - 12 * 12345 - 4 * 1554 - 8 * 1165,
    });
  });
});
