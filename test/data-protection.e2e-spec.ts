import { findInconsistencies } from '../src/health/consistency';
import { EmailDispatcher } from '../src/notifications/email-dispatcher';
import { RetentionService } from '../src/privacy/retention.service';
import { Role } from '../src/auth/role';
import { createListing, newSupplier } from './support/catalogue';
import { desiredOutcomes } from './support/delivery';
import { applicationInput } from './support/framework';
import { errorCodes, errorReasons, GraphQLResponse, startApp, TestApp } from './support/test-app';
import { signToken, tokens } from './support/tokens';
import { WebBrowser } from './support/web-browser';

/**
 * Personal data as the law expects (issue 20, section 2): minimum sight per role, the record of
 * who read what, the subject access export, erasure, and the retention job on a clock moved
 * forward. Financial year 2045 in division NE, on this file's own provider, listing and CRNs.
 */
const division = 'NE';
const year = 2045;
const person = { sex: 'FEMALE', age: 34, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
const SECRET_WORDS = [
  'Lives with her sister',
  'Worked on the tenancy forms',
  'Seemed anxious',
  'Visit moved: hospital appointment',
  'Housing benefit letter',
  'Landlord reference',
  'Tenancy signed',
  'Kept every appointment',
  'Good progress overall',
];

/** A CRN no other test file uses: a letter of its own and six digits from the clock. */
function newCrn(): string {
  return `Q${String(Date.now() % 1_000_000).padStart(6, '0')}`;
}

const REFERRAL = `query ($id: ID!) { referral(id: $id) {
  id crn status anonymisedAt notes totalPence outcomePaymentEarnedPence
  person { sex age riskLevel supervisionType }
  statusHistory { status reason }
  timeline { type summary }
  sessions { feedback { attended summary response concerns } }
  endOfServiceReport { furtherInformation outcomes { achievement progressComments } }
  outcome { notes riskOfHarmFocus factorJudgements { factor sufficient } }
} }`;
const CASE_NOTES = `query ($id: ID!) { referral(id: $id) { caseNotes { subject body side } } }`;
const ACCESS = `query ($crn: String, $userId: String, $first: Int, $after: String) {
  personalDataAccess(crn: $crn, userId: $userId, first: $first, after: $after) {
    edges { cursor node { id at userId roles referralId fields via } }
    pageInfo { hasNextPage endCursor } } }`;
const EXPORT = `query ($crn: String!) { subjectAccessExport(crn: $crn) }`;
const ERASE = `mutation ($crn: String!, $reason: String!) { erasePerson(crn: $crn, reason: $reason) { referralsAnonymised } }`;
const BUDGET = `query { divisionBudget(divisionCode: "${division}", financialYear: ${year}) {
  allocatedPence committedPence spentPence outcomePaymentsSpentPence } }`;
const SCORES = `query ($p: ID) { contributionScores(providerId: $p, first: 100) { nodes {
  factor judged sufficient rate score outcomes riskOfHarmFocusApplicable informationForReviewApplicable } } }`;

interface AccessEvent {
  id: string;
  userId: string;
  roles: string[];
  referralId: string;
  fields: string[];
  via: string;
}

describe('personal data: minimum sight, who read what, subject access, erasure and retention', () => {
  let t: TestApp;
  let admin: string;
  let purchaser: string;
  let commissioner: string;
  let supplier: { organisationId: string; token: string };
  let outcomes: Record<string, { id: string; description: string }[]>;
  let listingId: string;
  let key = 0;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2045-05-04T09:00:00Z');
    admin = await tokens.admin('admin-data-protection');
    purchaser = await tokens.purchaser(division, 'purchaser-data-protection');
    commissioner = await tokens.commissioner(undefined, 'commissioner-data-protection');
    supplier = await newSupplier(t);
    supplier.token = await tokens.supplier(supplier.organisationId, 'supplier-data-protection');
    outcomes = await desiredOutcomes(t, purchaser);
    await must(
      `mutation { setDivisionBudget(divisionCode: "${division}", financialYear: ${year}, amountPence: 100000000) { allocatedPence } }`,
      {},
      admin,
    );
    const listing = await createListing(t, supplier.token, {
      factors: ['ACCOMMODATION'],
      capacity: 20,
      price: { amountPence: 45000, unit: 'PER_REFERRAL', outcomePaymentPence: 12000 },
    });
    await must(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, { id: listing.id });
    listingId = listing.id;
  });
  afterAll(() => t.close());

  async function must<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    token = supplier.token,
  ): Promise<T> {
    const res = await t.gql<T>(query, { token, variables });
    if (!res.data || res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  async function buy(crn: string): Promise<string> {
    const { createReferral } = await must<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
      {
        key: `data-protection-${Date.now()}-${++key}`,
        input: {
          interventionId: listingId,
          crn,
          person,
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes: [outcomes.ACCOMMODATION[0].id],
          complexity: 'MEDIUM',
          notes: 'Lives with her sister; call before visiting',
        },
      },
      purchaser,
    );
    return createReferral.id;
  }

  /** Buys, accepts, delivers, reports, completes and judges a referral, typing free text everywhere. */
  async function walk(crn: string): Promise<string> {
    const id = await buy(crn);
    await must(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, { id });
    await must(
      `mutation ($r: ID!) { submitActionPlan(referralId: $r, input: { activities: ["Housing benefit letter"], plannedSessions: 2 }) { id } }`,
      { r: id },
    );
    const { scheduleSession } = await must<{ scheduleSession: { id: string } }>(
      `mutation ($r: ID!, $at: DateTime!) { scheduleSession(referralId: $r, input: { startsAt: $at, durationMinutes: 60, deliveryMode: ONE_TO_ONE }) { id } }`,
      { r: id, at: new Date(t.clock.now().getTime() + 3_600_000).toISOString() },
    );
    await must(
      `mutation ($id: ID!, $at: DateTime!) { rescheduleSession(id: $id, input: { startsAt: $at, reason: "Visit moved: hospital appointment", requestedBy: PERSON_ON_PROBATION }) { id } }`,
      { id: scheduleSession.id, at: t.clock.now().toISOString() },
    );
    await must(
      `mutation ($id: ID!) { recordSessionFeedback(id: $id, input: { attended: YES, sessionHappened: true, summary: "Worked on the tenancy forms", response: "Engaged", concerns: "Seemed anxious" }) { id } }`,
      { id: scheduleSession.id },
    );
    await must(
      `mutation ($r: ID!) { addCaseNote(referralId: $r, input: { subject: "Landlord reference", body: "Called the landlord about her reference" }) { id } }`,
      { r: id },
    );
    await must(
      `mutation ($r: ID!) { addCaseNote(referralId: $r, input: { subject: "Tenancy signed", body: "She signed the tenancy today" }) { id } }`,
      { r: id },
      purchaser,
    );
    await must(
      `mutation ($r: ID!, $input: EndOfServiceReportInput!) { submitEndOfServiceReport(referralId: $r, input: $input) { id } }`,
      {
        r: id,
        input: {
          furtherInformation: 'Kept every appointment',
          outcomes: [
            {
              desiredOutcomeId: outcomes.ACCOMMODATION[0].id,
              achievement: 'ACHIEVED',
              progressComments: 'Good progress overall',
            },
          ],
        },
      },
    );
    await must(`mutation ($id: ID!) { completeReferral(id: $id) { id } }`, { id });
    await must(
      `mutation ($r: ID!, $input: OutcomeInput!) { recordOutcome(referralId: $r, input: $input) { id } }`,
      {
        r: id,
        input: {
          factorJudgements: [{ factor: 'ACCOMMODATION', sufficient: true }],
          riskOfHarmFocus: 'YES',
          informationForReview: 'NO',
          notes: 'Good progress overall, she says',
        },
      },
      purchaser,
    );
    return id;
  }

  async function reads(variables: Record<string, unknown>): Promise<AccessEvent[]> {
    const { personalDataAccess } = await must<{
      personalDataAccess: { edges: { node: AccessEvent }[] };
    }>(ACCESS, { first: 200, ...variables }, admin);
    return personalDataAccess.edges.map((e) => e.node);
  }

  function referral(id: string, token: string) {
    return t.gql<{ referral: Record<string, unknown> }>(REFERRAL, { token, variables: { id } });
  }

  describe('minimum sight', () => {
    it("hides the person's details from the provider's suppliers until they accept", async () => {
      const id = await buy(newCrn());
      const before = await referral(id, supplier.token);
      expect(before.errors).toBeUndefined();
      expect(before.data!.referral).toMatchObject({ person: null });
      expect(before.data!.referral.crn).toMatch(/^Q\d{6}$/);
      for (const token of [purchaser, admin, commissioner]) {
        expect((await referral(id, token)).data!.referral.person).toEqual(person);
      }
      await must(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, { id });
      expect((await referral(id, supplier.token)).data!.referral.person).toEqual(person);
    });

    it('keeps case notes and free text from commissioners, and gives them to both sides', async () => {
      const id = await walk(newCrn());
      const notes = await t.gql(CASE_NOTES, { token: commissioner, variables: { id } });
      expect(errorCodes(notes)).toEqual(['FORBIDDEN']);

      const seen = await referral(id, commissioner);
      expect(seen.errors).toBeUndefined();
      const text = JSON.stringify(seen.data);
      for (const words of SECRET_WORDS) expect(text).not.toContain(words);
      expect(seen.data!.referral).toMatchObject({
        notes: null,
        sessions: [
          { feedback: { attended: 'YES', summary: null, response: null, concerns: null } },
        ],
        endOfServiceReport: {
          furtherInformation: null,
          outcomes: [{ achievement: 'ACHIEVED', progressComments: null }],
        },
        outcome: { notes: null, riskOfHarmFocus: 'YES' },
      });

      // Fetched by id (Relay's node), the same records keep the same words back.
      const ids = await must<{
        referral: {
          sessions: { id: string }[];
          statusHistory: { id: string }[];
          outcome: { id: string };
          endOfServiceReport: { id: string };
        };
      }>(
        `query ($id: ID!) { referral(id: $id) { sessions { id } statusHistory { id } outcome { id } endOfServiceReport { id } } }`,
        { id },
        admin,
      );
      for (const nodeId of [
        ids.referral.sessions[0].id,
        ...ids.referral.statusHistory.map((s) => s.id),
        ids.referral.outcome.id,
        ids.referral.endOfServiceReport.id,
      ]) {
        const node = await t.gql(
          `query ($id: ID!) { node(id: $id) { id
            ... on DeliverySession { feedback { summary response concerns } }
            ... on ReferralStatusChange { reason }
            ... on Outcome { notes }
            ... on EndOfServiceReport { furtherInformation outcomes { progressComments } } } }`,
          { token: commissioner, variables: { id: nodeId } },
        );
        expect(node.errors).toBeUndefined();
        const words = JSON.stringify(node.data);
        for (const secret of SECRET_WORDS) expect(words).not.toContain(secret);
      }

      for (const token of [purchaser, supplier.token, admin]) {
        const side = await referral(id, token);
        expect(side.data!.referral).toMatchObject({
          notes: 'Lives with her sister; call before visiting',
          sessions: [{ feedback: { summary: 'Worked on the tenancy forms' } }],
          endOfServiceReport: { furtherInformation: 'Kept every appointment' },
        });
        const caseNotes = await t.gql<{ referral: { caseNotes: unknown[] } }>(CASE_NOTES, {
          token,
          variables: { id },
        });
        expect(caseNotes.data!.referral.caseNotes).toHaveLength(2);
      }
    });
  });

  describe('who read what', () => {
    it('records each read path (the query, the page, case notes, session feedback, the export) without the data', async () => {
      const crn = newCrn();
      const id = await walk(crn);
      await referral(id, supplier.token);
      await t.gql(CASE_NOTES, { token: purchaser, variables: { id } });
      const page = await WebBrowser.withToken(t.url, purchaser).page(`/referrals/${id}`);
      expect(page.status).toBe(200);
      await must(EXPORT, { crn }, admin);

      const events = await reads({ crn });
      const of = (userId: string) => events.filter((e) => e.userId === userId);
      expect(events.every((e) => e.referralId === id)).toBe(true);
      // The supplier's query: its CRN, the person, the notes and the session feedback, one row.
      expect(of('supplier-data-protection')).toContainEqual(
        expect.objectContaining({
          roles: [Role.SUPPLIER],
          fields: ['crn', 'notes', 'person', 'sessionFeedback'],
          via: 'API',
        }),
      );
      // The purchaser's case notes, and the page (which reads through the API in-process).
      expect(of('purchaser-data-protection').map((e) => e.fields)).toEqual(
        expect.arrayContaining([['caseNotes'], expect.arrayContaining(['crn', 'person'])]),
      );
      expect(of('admin-data-protection')).toContainEqual(
        expect.objectContaining({
          via: 'SUBJECT_ACCESS_EXPORT',
          fields: expect.arrayContaining(['caseNotes', 'crn', 'person']),
        }),
      );
      // Never the data itself.
      const text = JSON.stringify(events);
      for (const words of [crn, ...SECRET_WORDS]) expect(text).not.toContain(words);

      // By user: the same reads of the supplier, newest first.
      const bySupplier = await reads({ userId: 'supplier-data-protection', crn });
      expect(bySupplier.length).toBe(of('supplier-data-protection').length);
      const byUser = await reads({ userId: 'supplier-data-protection' });
      expect(byUser.map((e) => e.id)).toEqual(expect.arrayContaining(bySupplier.map((e) => e.id)));
    });

    it('pages the reads newest first and asks for a crn or a user', async () => {
      const crn = newCrn();
      const id = await buy(crn);
      for (let i = 0; i < 3; i++) await referral(id, purchaser);
      const first = await t.gql<{
        personalDataAccess: { edges: { node: AccessEvent }[]; pageInfo: { endCursor: string } };
      }>(ACCESS, { token: admin, variables: { crn, first: 2 } });
      const rest = await must<{ personalDataAccess: { edges: { node: AccessEvent }[] } }>(
        ACCESS,
        { crn, first: 2, after: first.data!.personalDataAccess.pageInfo.endCursor },
        admin,
      );
      expect(first.data!.personalDataAccess.edges).toHaveLength(2);
      expect(rest.personalDataAccess.edges.length).toBeGreaterThanOrEqual(1);

      const neither = await t.gql(ACCESS, { token: admin, variables: {} });
      expect(errorCodes(neither)).toEqual(['BAD_USER_INPUT']);
      for (const token of [purchaser, supplier.token, commissioner]) {
        expect(errorCodes(await t.gql(ACCESS, { token, variables: { crn } }))).toEqual([
          'FORBIDDEN',
        ]);
      }
    });
  });

  describe('subject access', () => {
    it('exports everything held about a walked referral, as the HMPPS service expects, and audits it', async () => {
      const crn = newCrn();
      const id = await walk(crn);
      const { subjectAccessExport } = await must<{
        subjectAccessExport: { content: { crn: string; referrals: Record<string, unknown>[] } };
      }>(EXPORT, { crn }, admin);
      expect(subjectAccessExport.content.crn).toBe(crn);
      expect(subjectAccessExport.content.referrals).toHaveLength(1);
      const [held] = subjectAccessExport.content.referrals;
      expect(held).toMatchObject({
        id,
        crn,
        status: 'COMPLETED',
        person,
        notes: 'Lives with her sister; call before visiting',
        totalPence: 45000,
        outcomePaymentEarnedPence: 12000,
        intervention: { id: listingId },
        provider: { id: supplier.organisationId },
        desiredOutcomes: [{ id: outcomes.ACCOMMODATION[0].id }],
        actionPlans: [{ version: 1, activities: ['Housing benefit letter'] }],
        sessions: [
          {
            attended: 'YES',
            summary: 'Worked on the tenancy forms',
            concerns: 'Seemed anxious',
            reschedules: [{ reason: 'Visit moved: hospital appointment' }],
          },
        ],
        endOfServiceReport: {
          furtherInformation: 'Kept every appointment',
          outcomes: [{ achievement: 'ACHIEVED', progressComments: 'Good progress overall' }],
        },
        outcome: {
          notes: 'Good progress overall, she says',
          judgements: [{ factor: 'ACCOMMODATION', sufficient: true }],
        },
      });
      expect((held.caseNotes as { subject: string }[]).map((n) => n.subject).sort()).toEqual([
        'Landlord reference',
        'Tenancy signed',
      ]);
      expect((held.statusHistory as { status: string }[]).map((s) => s.status)).toEqual([
        'SUBMITTED',
        'ACCEPTED',
        'STARTED',
        'COMPLETED',
      ]);
      expect((held.timeline as { type: string }[]).map((e) => e.type)).toEqual(
        expect.arrayContaining(['REFERRAL_SENT', 'CASE_NOTE_ADDED', 'OUTCOME_RECORDED']),
      );

      // The same as a file, for the HMPPS service; nothing held answers 204.
      const file = await fetch(`${t.url}/admin/subject-access/${crn}.json`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(file.status).toBe(200);
      expect(
        ((await file.json()) as typeof subjectAccessExport).content.referrals[0],
      ).toMatchObject({
        id,
        crn,
      });
      const none = await fetch(`${t.url}/admin/subject-access/${newCrn().replace('Q', 'Z')}.json`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(none.status).toBe(204);
      const bad = await fetch(`${t.url}/admin/subject-access/not-a-crn.json`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(bad.status).toBe(400);
      const refused = await fetch(`${t.url}/admin/subject-access/${crn}.json`, {
        headers: { authorization: `Bearer ${commissioner}` },
      });
      expect(refused.status).toBe(403);

      // Audited: which referrals, never whose.
      const [audit] = await t.dataSource.query<{ after: { referralIds: string[] } }[]>(
        `SELECT after FROM audit_event WHERE entity_type = 'SubjectAccessRequest' AND after->'referralIds' ? $1`,
        [id],
      );
      expect(audit.after).toEqual({ referralIds: [id] });
      expect(JSON.stringify(audit)).not.toContain(crn);
    });

    it('refuses a CRN of the wrong shape', async () => {
      const res = await t.gql(EXPORT, { token: admin, variables: { crn: 'q12' } });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('erasure', () => {
    it('is refused while a referral is open and without a reason, then anonymises as retention does', async () => {
      const crn = newCrn();
      const open = await buy(crn);
      expect(
        errorReasons(await t.gql(ERASE, { token: admin, variables: { crn, reason: 'short' } })),
      ).toEqual(['INVALID_INPUT']);
      const reason = 'Article 17 request, ICO case 2045/117';
      const refused = await t.gql(ERASE, { token: admin, variables: { crn, reason } });
      expect(errorReasons(refused)).toEqual(['REFERRAL_STILL_OPEN']);
      expect((await referral(open, admin)).data!.referral.crn).toBe(crn);

      await must(
        `mutation ($id: ID!) { withdrawReferral(id: $id, input: { reason: OTHER, comments: "Moved in with her sister" }) { id } }`,
        { id: open },
        purchaser,
      );
      const walked = await walk(crn);
      const budgetBefore = await must(BUDGET, {}, admin);
      const erased = await must<{ erasePerson: { referralsAnonymised: number } }>(
        ERASE,
        { crn, reason },
        admin,
      );
      expect(erased.erasePerson.referralsAnonymised).toBe(2);
      await expectAnonymised(walked);
      await expectAnonymised(open);
      expect(await must(BUDGET, {}, admin)).toEqual(budgetBefore);
      const { subjectAccessExport } = await must<{
        subjectAccessExport: { content: { referrals: unknown[] } };
      }>(EXPORT, { crn }, admin);
      expect(subjectAccessExport.content.referrals).toEqual([]);
      expect(errorCodes(await t.gql(ERASE, { token: admin, variables: { crn, reason } }))).toEqual([
        'NOT_FOUND',
      ]);
      for (const token of [purchaser, supplier.token, commissioner]) {
        expect(errorCodes(await t.gql(ERASE, { token, variables: { crn, reason } }))).toEqual([
          'FORBIDDEN',
        ]);
      }
    });
  });

  describe('emails about the person', () => {
    /** Sends every email owed about the referral (the background dispatcher may hold a few). */
    async function sendAll(referralId: string): Promise<void> {
      const dispatcher = t.app.get(EmailDispatcher);
      for (let round = 0; round < 200; round++) {
        await dispatcher.runOnce();
        const [{ pending }] = await t.dataSource.query<{ pending: number }[]>(
          `SELECT count(*)::int AS pending FROM email e JOIN outbox o ON o.id = e.outbox_id
            WHERE o.referral_id = $1 AND e.status = 'PENDING'`,
          [referralId],
        );
        if (pending === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('The emails about the referral were not sent');
    }

    /** Every email row and development mailbox message that holds the text, anywhere. */
    async function holding(text: string): Promise<{ emails: number; mailbox: number }> {
      const [row] = await t.dataSource.query<{ emails: number; mailbox: number }[]>(
        `SELECT (SELECT count(*)::int FROM email WHERE strpos(personalisation::text, $1) > 0) AS emails,
                (SELECT count(*)::int FROM mailbox_message WHERE strpos(personalisation::text, $1) > 0) AS mailbox`,
        [text],
      );
      return row;
    }

    it('lists them in the subject access export without addresses, and erasure leaves no CRN in any email', async () => {
      t.clock.set('2045-05-04T09:00:00Z');
      const organisationEmail = `team-data-protection-${Date.now()}@provider.example`;
      const practitionerEmail = `purchaser-data-protection-${Date.now()}@probation.example`;
      await must(
        `mutation ($o: ID!, $e: String) { setOrganisationEmail(organisationId: $o, email: $e) { email } }`,
        { o: supplier.organisationId, e: organisationEmail },
      );
      // The purchaser's token with their address: the service remembers where to email them.
      const withAddress = await signToken({
        sub: 'purchaser-data-protection',
        roles: [Role.PURCHASER],
        divisionCode: division,
        email: practitionerEmail,
      });
      await must(`{ me { id } }`, {}, withAddress);

      const crn = newCrn();
      const id = await walk(crn);
      await sendAll(id);
      const sent = await t.dataSource.query<{ kind: string; to_mailbox: number }[]>(
        `SELECT e.kind, (SELECT count(*)::int FROM mailbox_message m WHERE m.email_id = e.id) AS to_mailbox
           FROM email e JOIN outbox o ON o.id = e.outbox_id
          WHERE o.referral_id = $1 AND e.status = 'SENT' AND e.personalisation->>'crn' = $2`,
        [id, crn],
      );
      expect(sent.map((e) => e.kind)).toEqual(
        expect.arrayContaining([
          'REFERRAL_RECEIVED',
          'REFERRAL_ACCEPTED',
          'ACTION_PLAN_SUBMITTED',
          'FIRST_SESSION_ATTENDED',
          'SESSION_CONCERNS',
          'END_OF_SERVICE_REPORT_SUBMITTED',
          'OUTCOME_RECORDED',
        ]),
      );
      expect(sent.every((e) => e.to_mailbox === 1)).toBe(true);
      expect(await holding(crn)).toEqual({ emails: sent.length, mailbox: sent.length });

      // The export: each email by kind, when, to which role and how many, what it said (the CRN
      // and a link); never the staff's addresses.
      const { subjectAccessExport } = await must<{
        subjectAccessExport: { content: { referrals: { emails: Record<string, unknown>[] }[] } };
      }>(EXPORT, { crn }, admin);
      const [held] = subjectAccessExport.content.referrals;
      expect(held.emails).toHaveLength(sent.length);
      expect(held.emails).toContainEqual({
        kind: 'REFERRAL_RECEIVED',
        to: 'SUPPLIERS',
        event: 'REFERRAL_SENT',
        createdAt: expect.any(String),
        recipients: 1,
        sent: 1,
        failed: 0,
        lastSentAt: expect.any(String),
        fields: { crn, link: expect.stringMatching(new RegExp(`/incoming-referrals/${id}$`)) },
      });
      expect(held.emails).toContainEqual(
        expect.objectContaining({
          kind: 'SESSION_CONCERNS',
          to: 'PRACTITIONER',
          recipients: 1,
          fields: { crn, link: expect.stringMatching(new RegExp(`/referrals/${id}$`)) },
        }),
      );
      const exported = JSON.stringify(held.emails);
      for (const address of [organisationEmail, practitionerEmail, '@']) {
        expect(exported).not.toContain(address);
      }
      for (const words of SECRET_WORDS) expect(exported).not.toContain(words);

      const erased = await must<{ erasePerson: { referralsAnonymised: number } }>(
        ERASE,
        { crn, reason: 'Referral made in error for the wrong CRN' },
        admin,
      );
      expect(erased.erasePerson.referralsAnonymised).toBe(1);
      // No email row nor mailbox message still holds the CRN; they carry the token instead.
      expect(await holding(crn)).toEqual({ emails: 0, mailbox: 0 });
      expect(await holding(`ANON-${id.slice(0, 8)}`)).toEqual({
        emails: sent.length,
        mailbox: sent.length,
      });
      const [kept] = await t.dataSource.query<{ statuses: string[]; recipients: string[] }[]>(
        `SELECT array_agg(DISTINCT e.status) AS statuses, array_agg(DISTINCT e.recipient) AS recipients
           FROM email e JOIN outbox o ON o.id = e.outbox_id WHERE o.referral_id = $1`,
        [id],
      );
      // The record of what was sent to whom stays (it is the staff's, not the person's).
      expect(kept.statuses).toEqual(['SENT']);
      expect(kept.recipients.sort()).toEqual([organisationEmail, practitionerEmail].sort());
    });
  });

  /** Nothing the person or anyone typed about them is left; money and outcomes are. */
  async function expectAnonymised(id: string): Promise<void> {
    const res = await referral(id, admin);
    expect(res.errors).toBeUndefined();
    const held = res.data!.referral;
    expect(held.crn).toBe(`ANON-${id.slice(0, 8)}`);
    expect(held).toMatchObject({ person: null, notes: null, anonymisedAt: expect.any(String) });
    const text = JSON.stringify(held);
    for (const words of [...SECRET_WORDS, 'Moved in with her sister']) {
      expect(text).not.toContain(words);
    }
    const notes = await must<{ referral: { caseNotes: { subject: string; body: string }[] } }>(
      CASE_NOTES,
      { id },
      admin,
    );
    for (const note of notes.referral.caseNotes) {
      expect(note).toMatchObject({ subject: '[removed]', body: '[removed]' });
    }
    const [rows] = await t.dataSource.query<{ text: string }[]>(
      `SELECT concat_ws(' ', (SELECT string_agg(reason, ' ') FROM delivery_session_reschedule m
                               JOIN delivery_session s ON s.id = m.session_id WHERE s.referral_id = $1),
                            (SELECT string_agg(array_to_string(activities, ' '), ' ') FROM action_plan WHERE referral_id = $1),
                            (SELECT string_agg(after::text, ' ') FROM audit_event WHERE entity_type = 'Outcome'
                               AND entity_id IN (SELECT id FROM outcome WHERE referral_id = $1)),
                            (SELECT string_agg(payload::text, ' ') FROM outbox WHERE referral_id = $1),
                            (SELECT request_hash FROM referral WHERE id = $1)) AS text`,
      [id],
    );
    for (const words of SECRET_WORDS) expect(rows.text).not.toContain(words);
    expect(rows.text).not.toMatch(/Q\d{6}/);
  }

  describe('retention', () => {
    it('anonymises referrals closed over RETENTION_YEARS ago, keeping every figure; a dry run changes nothing', async () => {
      t.clock.set('2045-05-04T09:00:00Z');
      const crn = newCrn();
      const id = await walk(crn);
      const stillOpen = await buy(newCrn());
      const applicant = await tokens.applicant(`applicant-data-protection-${Date.now()}`);
      const { applyToJoin } = await must<{ applyToJoin: { id: string } }>(
        `mutation ($input: ApplyToJoinInput!) { applyToJoin(input: $input) { id } }`,
        {
          input: applicationInput({
            declarations: {
              safeguardingPolicy: { held: true, expiresOn: '2046-03-31' },
              insurance: { held: true, expiresOn: '2046-03-31' },
              dataProtection: { held: true },
              vettedStaff: { held: true },
            },
          }),
        },
        applicant,
      );
      await must(
        `mutation ($id: ID!) { rejectApplication(id: $id, reason: "Outside the framework's scope") { id } }`,
        { id: applyToJoin.id },
        admin,
      );

      const figures = async () => ({
        referral: (await referral(id, admin)).data!.referral,
        budget: await must(BUDGET, {}, admin),
        scores: await must(SCORES, { p: supplier.organisationId }, admin),
      });
      const before = await figures();
      const inconsistenciesBefore = await findInconsistencies(t.dataSource);
      const retention = t.app.get(RetentionService);

      // Seven years less a day after it closed: the referral is not due yet; the application
      // rejected over a year ago is (a dry run counts it and leaves it).
      t.clock.set('2052-05-03T09:00:00Z');
      const early = await retention.run({ dryRun: true });
      expect(early.cutoff.toISOString()).toBe('2045-05-03T09:00:00.000Z');
      expect(early.applicationsDeleted).toBeGreaterThanOrEqual(1);
      const application = () =>
        t.dataSource.query<{ applications: number; audit: number; emails: number }[]>(
          `SELECT (SELECT count(*)::int FROM framework_application WHERE id = $1) AS applications,
                  (SELECT count(*)::int FROM audit_event WHERE entity_id = $1) AS audit,
                  (SELECT count(*)::int FROM email e JOIN outbox o ON o.id = e.outbox_id
                    WHERE o.ordering_key = 'application:' || $1) AS emails`,
          [applyToJoin.id],
        );
      expect((await application())[0].applications).toBe(1);
      // The decision was emailed to the application's contact address.
      expect((await application())[0].emails).toBeGreaterThanOrEqual(1);
      await retention.run();
      expect((await referral(id, admin)).data!.referral).toEqual(before.referral);
      // Deleted with its audit events (they hold the applicant's name and contact) and the
      // emails about it (the mailbox's copies first: they point at the emails).
      expect((await application())[0]).toEqual({ applications: 0, audit: 0, emails: 0 });

      t.clock.set('2053-06-01T09:00:00Z');
      const dryRun = await retention.run({ dryRun: true });
      expect(dryRun.dryRun).toBe(true);
      expect(dryRun.referralsAnonymised).toBeGreaterThanOrEqual(1);
      expect((await referral(id, admin)).data!.referral).toEqual(before.referral);

      const report = await retention.run();
      expect(report.referralsAnonymised).toBeGreaterThanOrEqual(1);
      await expectAnonymised(id);
      const after = await figures();
      const { crn: _crn, person: _person, notes: _notes, anonymisedAt, ...kept1 } = after.referral;
      const { crn: _c, person: _p, notes: _n, anonymisedAt: _a, ...kept0 } = before.referral;
      expect(anonymisedAt).toBe('2053-06-01T09:00:00.000Z');
      // Status, money and outcome judgements exactly as they were; the free text gone.
      expect({
        ...kept1,
        statusHistory: undefined,
        timeline: undefined,
        sessions: undefined,
        endOfServiceReport: undefined,
        outcome: undefined,
      }).toEqual({
        ...kept0,
        statusHistory: undefined,
        timeline: undefined,
        sessions: undefined,
        endOfServiceReport: undefined,
        outcome: undefined,
      });
      expect(after.referral).toMatchObject({
        status: 'COMPLETED',
        totalPence: 45000,
        outcomePaymentEarnedPence: 12000,
        outcome: {
          riskOfHarmFocus: 'YES',
          factorJudgements: [{ factor: 'ACCOMMODATION', sufficient: true }],
        },
        endOfServiceReport: { outcomes: [{ achievement: 'ACHIEVED', progressComments: null }] },
      });
      expect(after.budget).toEqual(before.budget);
      expect(after.scores).toEqual(before.scores);
      expect(await findInconsistencies(t.dataSource)).toEqual(inconsistenciesBefore);
      // A referral still open is never due, however old.
      expect((await referral(stillOpen, admin)).data!.referral.crn).toMatch(/^Q\d{6}$/);

      // Audited, counts only.
      const audits = await t.dataSource.query<{ action: string; after: Record<string, unknown> }[]>(
        `SELECT action, after FROM audit_event WHERE entity_type = 'Retention' AND at >= now() - interval '1 minute'`,
      );
      expect(audits.map((a) => a.action)).toEqual(
        expect.arrayContaining(['REFERRALS_ANONYMISED', 'APPLICATIONS_DELETED']),
      );
      expect(JSON.stringify(audits)).not.toMatch(/Q\d{6}/);

      // Run again: nothing more to do for this referral.
      await retention.run();
      expect((await referral(id, admin)).data!.referral).toEqual(after.referral);
    });
  });

  it('shows a supplier of another organisation nothing at all', async () => {
    t.clock.set('2045-05-04T09:00:00Z');
    const id = await buy(newCrn());
    const other = await signToken({
      sub: 'other-supplier-data-protection',
      roles: [Role.SUPPLIER],
      organisationId: '00000000-0000-4000-8000-000000000000',
    });
    const res: GraphQLResponse<unknown> = await referral(id, other);
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });
});
