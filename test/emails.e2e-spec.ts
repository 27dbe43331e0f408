import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { EmailDispatcher } from '../src/notifications/email-dispatcher';
import { EmailJobs } from '../src/notifications/email-jobs';
import { DomainEventType } from '../src/notifications/domain-event';
import { OutboxService } from '../src/notifications/outbox.service';
import { createListing, newSupplier } from './support/catalogue';
import { attendSession, firstOutcomes, reportEndOfService } from './support/delivery';
import { applicationInput, unique } from './support/framework';
import { errorCodes, PRODUCTION, startApp, TestApp } from './support/test-app';
import { signToken } from './support/tokens';
import { Role } from '../src/auth/role';
import { WebBrowser } from './support/web-browser';

/** This file's own division and financial year: no other test file buys there in 2044. */
const DIVISION = 'LDN';
const YEAR = 2044;
const PUBLIC_URL = 'https://marketplace.example';
const person = { sex: 'MALE', age: 34, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };

const BUY = `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`;

interface EmailRow {
  kind: string;
  recipient: string;
  status: string;
  attempts: number;
  personalisation: Record<string, string>;
}

describe('emails: from the outbox to GOV.UK Notify or the local mailbox', () => {
  let t: TestApp;
  let admin: string;
  let practitioner: string;
  let commissioner: string;
  let outcomes: string[];
  let keys = 0;
  const run = Date.now().toString(36);
  const practitionerEmail = `practitioner-${run}@probation.example`;
  const commissionerEmail = `commissioner-${run}@commissioning.example`;

  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
      PUBLIC_URL,
      // Sent by hand here (runOnce), so that each test sees exactly what is owed.
      EMAIL_DISPATCHER: 'false',
      EMAIL_JOBS_INTERVAL_MS: '0',
    });
    t.clock.set(`${YEAR}-06-01`);
    admin = await signToken({ sub: `emails-admin-${run}`, roles: [Role.ADMIN] });
    practitioner = await signToken({
      sub: `emails-practitioner-${run}`,
      roles: [Role.PURCHASER],
      divisionCode: DIVISION,
      email: practitionerEmail,
    });
    commissioner = await signToken({
      sub: `emails-commissioner-${run}`,
      roles: [Role.COMMISSIONER],
      email: commissionerEmail,
    });
    const budget = await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: ${YEAR}, amountPence: 100000000) { allocatedPence } }`,
      { token: admin },
    );
    expect(budget.errors).toBeUndefined();
    // Their first requests: the service remembers where to email them.
    for (const token of [practitioner, commissioner]) {
      expect((await t.gql(`{ me { id } }`, { token })).errors).toBeUndefined();
    }
    outcomes = await firstOutcomes(t, practitioner, ['ACCOMMODATION']);
  });

  afterAll(async () => {
    await dispatchAll(t);
    await t.close();
  });

  async function dispatchAll(app: TestApp): Promise<number> {
    const dispatcher = app.app.get(EmailDispatcher);
    let sent = 0;
    for (;;) {
      const claimed = await dispatcher.runOnce();
      if (claimed === 0) return sent;
      sent += claimed;
    }
  }

  async function must<T>(token: string, query: string, variables: Record<string, unknown> = {}) {
    const res = await t.gql<T>(query, { token, variables });
    if (res.errors || !res.data) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  /** A fresh provider: an organisation address, a supplier with an address, a published listing. */
  async function provider(label: string) {
    const supplier = await newSupplier(t);
    // "supplier-" sorts before "team-": each event's emails are listed by recipient.
    const supplierEmail = `supplier-${label}-${run}@provider.example`;
    const organisationEmail = `team-${label}-${run}@provider.example`;
    const token = await signToken({
      sub: `emails-supplier-${label}-${run}`,
      roles: [Role.SUPPLIER],
      organisationId: supplier.organisationId,
      email: supplierEmail,
    });
    await must(
      token,
      `mutation ($o: ID!, $e: String) { setOrganisationEmail(organisationId: $o, email: $e) { email } }`,
      { o: supplier.organisationId, e: organisationEmail },
    );
    const listing = await createListing(t, token, {
      capacity: 100,
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    await must(token, `mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      id: listing.id,
    });
    return { ...supplier, token, supplierEmail, organisationEmail, listingId: listing.id };
  }

  async function buy(listingId: string, crn: string): Promise<string> {
    const data = await must<{ createReferral: { id: string } }>(practitioner, BUY, {
      input: {
        interventionId: listingId,
        crn,
        person,
        targetFactors: ['ACCOMMODATION'],
        desiredOutcomes: outcomes,
        complexity: 'LOW',
      },
      key: `emails-${run}-${++keys}`,
    });
    return data.createReferral.id;
  }

  async function session(supplierToken: string, referralId: string, input: object) {
    const { scheduleSession } = await must<{ scheduleSession: { id: string } }>(
      supplierToken,
      `mutation ($r: ID!, $at: DateTime!) { scheduleSession(referralId: $r, input: { startsAt: $at, durationMinutes: 60, deliveryMode: ONE_TO_ONE }) { id } }`,
      { r: referralId, at: t.clock.now().toISOString() },
    );
    await must(
      supplierToken,
      `mutation ($id: ID!, $input: SessionFeedbackInput!) { recordSessionFeedback(id: $id, input: $input) { id } }`,
      { id: scheduleSession.id, input },
    );
  }

  /** The emails a referral's events owe, in the order they were written. */
  async function emailsAbout(referralId: string): Promise<EmailRow[]> {
    return t.dataSource.query<EmailRow[]>(
      `SELECT e.kind, e.recipient, e.status, e.attempts, e.personalisation
         FROM email e JOIN outbox o ON o.id = e.outbox_id
        WHERE o.referral_id = $1 ORDER BY o.sequence, e.recipient COLLATE "C"`,
      [referralId],
    );
  }

  const pairs = (rows: EmailRow[]) => rows.map((r) => `${r.kind} → ${r.recipient}`);

  async function mailboxCount(referralId: string): Promise<number> {
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM mailbox_message m
         JOIN email e ON e.id = m.email_id JOIN outbox o ON o.id = e.outbox_id
        WHERE o.referral_id = $1`,
      [referralId],
    );
    return count;
  }

  it('a purchase-to-report walk emails exactly the listed people, once each, however often the dispatcher runs', async () => {
    const p = await provider('walk');
    const id = await buy(p.listingId, 'X400001');
    await must(p.token, `mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, { id });
    await must(
      p.token,
      `mutation ($r: ID!) { submitActionPlan(referralId: $r, input: { activities: ["Find a tenancy"], plannedSessions: 3 }) { version } }`,
      { r: id },
    );
    await session(p.token, id, {
      attended: 'NO',
      sessionHappened: false,
      noSessionReason: 'PERSON_UNACCEPTABLE',
    });
    await session(p.token, id, { attended: 'YES', sessionHappened: true, summary: 'Met' });
    await session(p.token, id, {
      attended: 'YES',
      sessionHappened: true,
      summary: 'Viewed two flats',
      concerns: 'Mentioned rent arrears with a previous landlord',
      notifyPurchaser: true,
    });
    await reportEndOfService(t, p.token, id);
    await must(p.token, `mutation ($id: ID!) { completeReferral(id: $id) { id } }`, { id });
    await must(
      practitioner,
      `mutation ($r: ID!) { recordOutcome(referralId: $r, input: { factorJudgements: [{ factor: ACCOMMODATION, sufficient: true }], riskOfHarmFocus: YES, informationForReview: YES }) { id } }`,
      { r: id },
    );

    const owed = await emailsAbout(id);
    expect(pairs(owed)).toEqual([
      `REFERRAL_RECEIVED → ${p.supplierEmail}`,
      `REFERRAL_RECEIVED → ${p.organisationEmail}`,
      `REFERRAL_ACCEPTED → ${practitionerEmail}`,
      `ACTION_PLAN_SUBMITTED → ${practitionerEmail}`,
      `SESSION_MISSED → ${practitionerEmail}`,
      `FIRST_SESSION_ATTENDED → ${practitionerEmail}`,
      `SESSION_CONCERNS → ${practitionerEmail}`,
      `END_OF_SERVICE_REPORT_SUBMITTED → ${practitionerEmail}`,
      `OUTCOME_RECORDED → ${p.supplierEmail}`,
      `OUTCOME_RECORDED → ${p.organisationEmail}`,
    ]);
    expect(owed.every((e) => e.status === 'PENDING')).toBe(true);
    // The CRN and a link to the page, nothing about the person, no case note, no concern's words.
    expect(owed[0].personalisation).toEqual({
      crn: 'X400001',
      link: `${PUBLIC_URL}/incoming-referrals/${id}`,
    });
    expect(owed[2].personalisation).toEqual({
      crn: 'X400001',
      link: `${PUBLIC_URL}/referrals/${id}`,
    });
    expect(JSON.stringify(owed)).not.toMatch(/MALE|MEDIUM|LICENCE|arrears|flats|tenancy/i);

    // Sent once each; a second run (and a third) finds nothing more to send.
    await dispatchAll(t);
    expect((await emailsAbout(id)).map((e) => [e.status, e.attempts])).toEqual(
      owed.map(() => ['SENT', 1]),
    );
    expect(await mailboxCount(id)).toBe(owed.length);
    expect(await t.app.get(EmailDispatcher).runOnce()).toBe(0);
    expect(await dispatchAll(t)).toBe(0);
    expect(await mailboxCount(id)).toBe(owed.length);
  });

  it('a decline tells the practitioner its coded reason, never the provider’s comments; a withdrawal tells the provider', async () => {
    const p = await provider('decline');
    const declined = await buy(p.listingId, 'X400002');
    await must(
      p.token,
      `mutation ($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY, comments: "Our worker Jane Smith is off sick") { id } }`,
      { id: declined },
    );
    const withdrawn = await buy(p.listingId, 'X400003');
    await must(
      practitioner,
      `mutation ($id: ID!) { withdrawReferral(id: $id, input: { reason: RETURNED_TO_CUSTODY }) { id } }`,
      { id: withdrawn },
    );
    const declinedEmails = await emailsAbout(declined);
    expect(pairs(declinedEmails)).toEqual([
      `REFERRAL_RECEIVED → ${p.supplierEmail}`,
      `REFERRAL_RECEIVED → ${p.organisationEmail}`,
      `REFERRAL_DECLINED → ${practitionerEmail}`,
    ]);
    expect(declinedEmails[2].personalisation).toEqual({
      crn: 'X400002',
      link: `${PUBLIC_URL}/referrals/${declined}`,
      declineReason: 'No capacity to take the person on.',
    });
    expect(JSON.stringify(declinedEmails)).not.toContain('Jane');
    expect(pairs(await emailsAbout(withdrawn))).toEqual([
      `REFERRAL_RECEIVED → ${p.supplierEmail}`,
      `REFERRAL_RECEIVED → ${p.organisationEmail}`,
      `REFERRAL_WITHDRAWN → ${p.supplierEmail}`,
      `REFERRAL_WITHDRAWN → ${p.organisationEmail}`,
    ]);
    await dispatchAll(t);
  });

  it('emails nobody for a refused change or one that rolls back', async () => {
    const p = await provider('refused');
    const id = await buy(p.listingId, 'X400004');
    const before = pairs(await emailsAbout(id));
    expect(before).toHaveLength(2);

    const stranger = await newSupplier(t);
    const refused = await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
      token: stranger.token,
      variables: { id },
    });
    expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
    const early = await t.gql(`mutation ($id: ID!) { completeReferral(id: $id) { id } }`, {
      token: p.token,
      variables: { id },
    });
    expect(errorCodes(early)).toEqual(['CONFLICT']);

    // A change that writes its event, and so its emails, and then fails: they go with it.
    const outbox = t.app.get(OutboxService);
    await expect(
      t.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, {
          type: DomainEventType.REFERRAL_ACCEPTED,
          referralId: id,
          organisationId: p.organisationId,
          divisionCode: DIVISION,
          payload: { crn: 'X400004' },
        });
        const [{ count }] = await manager.query<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM email e JOIN outbox o ON o.id = e.outbox_id WHERE o.referral_id = $1`,
          [id],
        );
        expect(count).toBe(3); // written in the change's transaction...
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(pairs(await emailsAbout(id))).toEqual(before); // ...and gone with it
    await dispatchAll(t);
  });

  it('lets a person turn an optional email off, but not one asking them to act', async () => {
    const off = await must<{
      setEmailPreference: { kinds: { kind: string; enabled: boolean; optional: boolean }[] };
    }>(
      practitioner,
      `mutation { setEmailPreference(kind: REFERRAL_ACCEPTED, enabled: false) { kinds { kind enabled optional } } }`,
    );
    expect(off.setEmailPreference.kinds.find((k) => k.kind === 'REFERRAL_ACCEPTED')).toEqual({
      kind: 'REFERRAL_ACCEPTED',
      enabled: false,
      optional: true,
    });
    const refused = await t.gql(
      `mutation { setEmailPreference(kind: SESSION_MISSED, enabled: false) { email } }`,
      { token: practitioner },
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0].extensions?.fieldErrors?.map((e) => e.field)).toEqual(['kind']);

    const p = await provider('optout');
    const id = await buy(p.listingId, 'X400005');
    await must(p.token, `mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, { id });
    await must(
      p.token,
      `mutation ($r: ID!) { submitActionPlan(referralId: $r, input: { activities: ["Budgeting"], plannedSessions: 1 }) { version } }`,
      { r: id },
    );
    expect(pairs(await emailsAbout(id))).toEqual([
      `REFERRAL_RECEIVED → ${p.supplierEmail}`,
      `REFERRAL_RECEIVED → ${p.organisationEmail}`,
      // No REFERRAL_ACCEPTED: turned off.
      `ACTION_PLAN_SUBMITTED → ${practitionerEmail}`,
    ]);

    const on = await must<{ emailPreferences: { email: string; kinds: { kind: string }[] } }>(
      practitioner,
      `mutation { setEmailPreference(kind: REFERRAL_ACCEPTED, enabled: true) { email } }`,
    );
    expect(on).toEqual({ setEmailPreference: { email: practitionerEmail } });
    await dispatchAll(t);
  });

  it('emails commissioners a new application, and the applicant its decision', async () => {
    const applicantSub = `emails-applicant-${unique()}`;
    const applicant = await signToken({
      sub: applicantSub,
      roles: [],
      email: `applicant-${run}@opendoor.example`,
    });
    const contactEmail = `hello-${run}@opendoor.example`;
    const { applyToJoin } = await must<{ applyToJoin: { id: string } }>(
      applicant,
      `mutation ($input: ApplyToJoinInput!) { applyToJoin(input: $input) { id } }`,
      {
        input: applicationInput({
          contactEmail,
          declarations: {
            safeguardingPolicy: { held: true, expiresOn: `${YEAR + 1}-03-31` },
            insurance: { held: true, expiresOn: `${YEAR + 1}-12-31` },
            dataProtection: { held: true },
            vettedStaff: { held: true },
          },
        }),
      },
    );
    await must(commissioner, `mutation ($id: ID!) { approveApplication(id: $id) { id } }`, {
      id: applyToJoin.id,
    });
    const rows = await t.dataSource.query<EmailRow[]>(
      `SELECT e.kind, e.recipient, e.status, e.attempts, e.personalisation
         FROM email e JOIN outbox o ON o.id = e.outbox_id
        WHERE o.payload ->> 'applicationId' = $1 ORDER BY o.sequence, e.recipient COLLATE "C"`,
      [applyToJoin.id],
    );
    // Every commissioner the service knows an address for, ours among them (other test files'
    // commissioners are remembered in the same database).
    const commissioners = await t.dataSource.query<{ email: string }[]>(
      `SELECT email FROM user_contact WHERE 'COMMISSIONER' = ANY (roles) AND email IS NOT NULL
         AND NOT ('APPLICATION_RECEIVED' = ANY (opted_out)) ORDER BY email COLLATE "C"`,
    );
    expect(commissioners.map((c) => c.email)).toContain(commissionerEmail);
    expect(pairs(rows)).toEqual([
      ...commissioners.map((c) => `APPLICATION_RECEIVED → ${c.email}`),
      `APPLICATION_DECIDED → applicant-${run}@opendoor.example`,
      `APPLICATION_DECIDED → ${contactEmail}`,
    ]);
    const received = rows.find((row) => row.recipient === commissionerEmail)!;
    expect(received.personalisation).toEqual({
      link: `${PUBLIC_URL}/applications/${applyToJoin.id}`,
    });
    const decided = rows.find((row) => row.kind === 'APPLICATION_DECIDED')!;
    expect(decided.personalisation).toEqual({
      link: `${PUBLIC_URL}/join/applications/${applyToJoin.id}`,
      decision: 'approved',
    });
    await dispatchAll(t);
  });

  it('raises timed emails once each: a declaration about to expire, an overdue report, the weekly stale digest', async () => {
    const p = await provider('timed');
    // A started referral the practitioner withdraws: the provider owes its report.
    const id = await buy(p.listingId, 'X400006');
    await must(p.token, `mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, { id });
    await attendSession(t, p.token, id);
    await must(
      practitioner,
      `mutation ($id: ID!) { withdrawReferral(id: $id, input: { reason: RETURNED_TO_CUSTODY }) { id } }`,
      { id },
    );
    await must(
      p.token,
      `mutation ($o: ID!) { renewDeclaration(organisationId: $o, kind: INSURANCE, declaration: { held: true, expiresOn: "${YEAR}-06-20" }) { kind } }`,
      { o: p.organisationId },
    );
    const jobs = t.app.get(EmailJobs);

    // Nine days on: the declaration expires within 30 days; the report is not overdue yet. (Each
    // run may also raise that week's stale-listings digest: other files' listings are old.)
    t.clock.set(`${YEAR}-06-10`);
    const first = await jobs.runOnce();
    expect(first.declarationsExpiring).toBeGreaterThanOrEqual(1);
    expect(pairs(await emailsAbout(id))).not.toContain(`REPORT_OVERDUE → ${practitionerEmail}`);
    // Eleven days after it ended: overdue.
    t.clock.set(`${YEAR}-06-13`);
    const second = await jobs.runOnce();
    expect(second.declarationsExpiring).toBe(0);
    expect(second.reportsOverdue).toBeGreaterThanOrEqual(1);
    const third = await jobs.runOnce();
    expect(third).toEqual({ declarationsExpiring: 0, reportsOverdue: 0, staleDigests: 0 });

    const overdue = (await emailsAbout(id)).filter((e) => e.kind === 'REPORT_OVERDUE');
    expect(pairs(overdue)).toEqual([`REPORT_OVERDUE → ${practitionerEmail}`]);
    const declaration = await t.dataSource.query<EmailRow[]>(
      `SELECT e.kind, e.recipient, e.personalisation FROM email e JOIN outbox o ON o.id = e.outbox_id
        WHERE o.type = 'DECLARATION_EXPIRING' AND o.organisation_id = $1 ORDER BY e.recipient COLLATE "C"`,
      [p.organisationId],
    );
    expect(pairs(declaration)).toEqual([
      `DECLARATION_EXPIRING → ${p.supplierEmail}`,
      `DECLARATION_EXPIRING → ${p.organisationEmail}`,
    ]);
    expect(declaration[0].personalisation).toEqual({
      link: `${PUBLIC_URL}/organisation/declarations`,
      declarationKind: 'insurance',
      expiresOn: `${YEAR}-06-20`,
    });
    // Listings last confirmed in June are stale by September: one digest that week, to commissioners.
    t.clock.set(`${YEAR}-09-05`);
    expect((await jobs.runOnce()).staleDigests).toBe(1);
    expect((await jobs.runOnce()).staleDigests).toBe(0);
    const digest = await t.dataSource.query<EmailRow[]>(
      `SELECT e.kind, e.recipient, e.personalisation FROM email e JOIN outbox o ON o.id = e.outbox_id
        WHERE o.type = 'STALE_LISTINGS_DIGEST' AND e.recipient = $1 AND o.payload ->> 'week' = $2`,
      [commissionerEmail, `${YEAR}-W36`],
    );
    expect(digest).toHaveLength(1);
    expect(digest[0].personalisation).toMatchObject({
      link: `${PUBLIC_URL}/commissioning/upkeep`,
      week: `${YEAR}-W36`,
    });
    expect(Number(digest[0].personalisation.staleListings)).toBeGreaterThan(0);
    t.clock.set(`${YEAR}-06-01`);
    await dispatchAll(t);
  });

  it('shows the development mailbox and the email settings page', async () => {
    const mailbox = await fetch(`${t.url}/dev/mailbox`);
    expect(mailbox.status).toBe(200);
    const html = await mailbox.text();
    expect(html).toContain('<h1 class="govuk-heading-l">Mailbox</h1>');
    expect(html).toContain('X400001');

    const browser = await WebBrowser.signedIn(t.url, 'purchaser', { divisionCode: DIVISION });
    const page = await browser.page('/account/emails');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/name="kinds" type="checkbox" value="REFERRAL_ACCEPTED" checked/);
    // Every optional kind unticked but one: the others are turned off.
    const saved = await browser.submit('/account/emails', { kinds: ['OUTCOME_RECORDED'] });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/account/emails?saved=yes');
    const after = await browser.page('/account/emails?saved=yes');
    expect(after.html).toContain('Your email settings are saved');
    expect(after.html).toMatch(/name="kinds" type="checkbox" value="REFERRAL_ACCEPTED">/);
    expect(after.html).toMatch(/name="kinds" type="checkbox" value="OUTCOME_RECORDED" checked/);
  });

  it('has no mailbox page in production', async () => {
    const production = await startApp({ ...PRODUCTION, EMAIL_DISPATCHER: 'false' });
    try {
      expect((await fetch(`${production.url}/dev/mailbox`)).status).toBe(404);
    } finally {
      await production.close();
    }
  });

  describe('through GOV.UK Notify (a stand-in on loopback)', () => {
    let notify: TestApp;
    let server: Server;
    const serviceId = randomUUID();
    const secret = randomUUID();
    const templates = { REFERRAL_RECEIVED: randomUUID(), REFERRAL_ACCEPTED: randomUUID() };
    const requests: {
      path: string;
      headers: IncomingHttpHeaders;
      body: Record<string, unknown>;
    }[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        let raw = '';
        req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        req.on('end', () => {
          const body = JSON.parse(raw) as Record<string, unknown>;
          requests.push({ path: req.url ?? '', headers: req.headers, body });
          const to = String(body.email_address);
          const tries = requests.filter((r) => r.body.email_address === to).length;
          res.setHeader('content-type', 'application/json');
          if (to.startsWith('broken-')) {
            res.statusCode = 400;
            res.end(
              JSON.stringify({
                status_code: 400,
                errors: [{ error: 'BadRequestError', message: `Not a valid email address ${to}` }],
              }),
            );
          } else if (to.startsWith('team-') && tries === 1) {
            res.statusCode = 500;
            res.end(JSON.stringify({ status_code: 500, errors: [{ error: 'Exception' }] }));
          } else {
            res.statusCode = 201;
            res.end(JSON.stringify({ id: randomUUID(), reference: body.reference }));
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      notify = await startApp({
        PUBLIC_URL,
        EMAIL_DISPATCHER: 'false',
        EMAIL_JOBS_INTERVAL_MS: '0',
        EMAIL_RETRY_BASE_MS: '10',
        EMAIL_MAX_ATTEMPTS: '5',
        NOTIFY_API_KEY: `marketplace_test-${serviceId}-${secret}`,
        NOTIFY_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        NOTIFY_TEMPLATE_IDS: JSON.stringify(templates),
      });
      // Whatever the mailbox instance still owed is sent there, not here.
      await dispatchAll(t);
    });

    afterAll(async () => {
      await notify.close();
      await new Promise((resolve) => server.close(resolve));
    });

    it('posts each email to /v2/notifications/email with its template and a signed token; a 5xx is retried, a 4xx is given up and shown to admins', async () => {
      const p = await provider('notify');
      // The supplier's own address is refused by Notify (400); the organisation's fails once (500).
      const broken = await signToken({
        sub: `emails-broken-${run}`,
        roles: [Role.SUPPLIER],
        organisationId: p.organisationId,
        email: `broken-${run}@provider.example`,
      });
      await must(broken, `{ me { id } }`);
      const id = await buy(p.listingId, 'X400007');
      const owed = await emailsAbout(id);
      expect(owed.map((e) => e.recipient).sort()).toEqual(
        [`broken-${run}@provider.example`, p.organisationEmail, p.supplierEmail].sort(),
      );

      const dispatcher = notify.app.get(EmailDispatcher);
      for (let round = 0; round < 200; round += 1) {
        await dispatcher.runOnce();
        const rows = await emailsAbout(id);
        if (rows.every((e) => e.status !== 'PENDING')) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const byRecipient = Object.fromEntries(
        (await emailsAbout(id)).map((e) => [e.recipient, [e.status, e.attempts]]),
      );
      expect(byRecipient).toEqual({
        [`broken-${run}@provider.example`]: ['FAILED', 1],
        [p.organisationEmail]: ['SENT', 2],
        [p.supplierEmail]: ['SENT', 1],
      });

      const toSupplier = requests.filter((r) => r.body.email_address === p.supplierEmail);
      expect(toSupplier).toHaveLength(1);
      const [request] = toSupplier;
      expect(request.path).toBe('/v2/notifications/email');
      expect(request.body).toEqual({
        template_id: templates.REFERRAL_RECEIVED,
        email_address: p.supplierEmail,
        personalisation: { crn: 'X400007', link: `${PUBLIC_URL}/incoming-referrals/${id}` },
        reference: expect.any(String),
      });
      // Notify's authentication: an HS256 JWT signed with the key's secret, issued by the service.
      const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization))![1];
      const { payload, protectedHeader } = await jwtVerify(
        bearer,
        new TextEncoder().encode(secret),
      );
      expect(protectedHeader.alg).toBe('HS256');
      expect(payload.iss).toBe(serviceId);
      expect(typeof payload.iat).toBe('number');
      expect(requests.filter((r) => r.body.email_address === p.organisationEmail)).toHaveLength(2);

      // Admins see the failure, with Notify's status and error class only (not its message).
      const failed = await notify.gql<{
        emails: {
          nodes: { recipient: string; status: string; attemptCount: number; lastError: string }[];
        };
        emailBacklog: { failed: number; pending: number };
      }>(
        `{ emails(status: FAILED, kind: REFERRAL_RECEIVED, first: 100) { nodes { recipient status attemptCount lastError } }
           emailBacklog { failed pending } }`,
        { token: admin },
      );
      expect(failed.errors).toBeUndefined();
      expect(
        failed.data!.emails.nodes.find((n) => n.recipient === `broken-${run}@provider.example`),
      ).toEqual({
        recipient: `broken-${run}@provider.example`,
        status: 'FAILED',
        attemptCount: 1,
        lastError: 'GOV.UK Notify answered 400 Bad Request (BadRequestError)',
      });
      expect(failed.data!.emailBacklog.failed).toBeGreaterThanOrEqual(1);
    });
  });
});
