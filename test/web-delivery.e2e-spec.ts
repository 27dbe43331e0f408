import { newSupplier, publishedListing } from './support/catalogue';
import { attendSession, desiredOutcomes, reportEndOfService } from './support/delivery';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';
import { WebBrowser } from './support/web-browser';

const person = { sex: 'FEMALE', age: 41, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
const division = 'NE';

/** The error summary's messages, in order. */
function summary(html: string): string[] {
  const box = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...box.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map(
    (m) => `${m[1]}: ${m[2].trim()}`,
  );
}

describe('web: incoming referrals (the supplier delivers)', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  let purchaser: string;
  let listingId: string;
  let outcomes: Record<string, { id: string; description: string }[]>;
  let browser: WebBrowser;
  let n = 0;
  const title = `Web delivery housing ${Date.now()}`;

  async function buy(crn: string): Promise<string> {
    const res = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
      {
        token: purchaser,
        variables: {
          key: `web-delivery-${Date.now()}-${++n}`,
          input: {
            interventionId: listingId,
            crn,
            person,
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: outcomes.ACCOMMODATION.slice(0, 2).map((o) => o.id),
            complexity: 'MEDIUM',
          },
        },
      },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createReferral.id;
  }

  async function status(id: string): Promise<string> {
    const res = await t.gql<{ referral: { status: string } }>(
      `query ($id: ID!) { referral(id: $id) { status } }`,
      { token: supplier.token, variables: { id } },
    );
    return res.data!.referral.status;
  }

  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
    });
    t.clock.set('2027-05-04T09:00:00Z');
    purchaser = await tokens.purchaser(division, 'web-delivery-purchaser');
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${division}", financialYear: 2027, amountPence: 100000000) { allocatedPence } }`,
      { token: await tokens.admin() },
    );
    supplier = await newSupplier(t);
    outcomes = await desiredOutcomes(t, purchaser);
    const listing = await publishedListing(t, supplier.token, {
      title,
      capacity: 100,
      price: { amountPence: 45000, unit: 'PER_REFERRAL', outcomePaymentPence: 5000 },
    });
    listingId = listing.id;
    browser = new WebBrowser(t.url);
    await browser.signIn({ kind: 'supplier', organisationId: supplier.organisationId });
  });
  afterAll(() => t.close());

  it('lists new referrals newest first under their tab, filters by CRN and says when a CRN is malformed', async () => {
    const older = await buy('A111111');
    t.clock.set('2027-05-04T09:01:00Z');
    const newer = await buy('A222222');

    const queue = await browser.get('/incoming-referrals');
    const html = await queue.text();
    expect(queue.status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">Incoming referrals</h1>');
    expect(html).toContain('aria-current="page" href="/incoming-referrals?tab=new"');
    // Each tab says how many it holds.
    expect(html).toContain('New (2)');
    expect(html).toContain('To plan (0)');
    expect(html.indexOf(newer)).toBeGreaterThan(-1);
    expect(html.indexOf(newer)).toBeLessThan(html.indexOf(older));

    const toPlan = await (await browser.get('/incoming-referrals?tab=to-plan')).text();
    expect(toPlan).not.toContain(newer);
    expect(toPlan).toContain('There are no referrals here');

    const filtered = await (await browser.get('/incoming-referrals?tab=new&crn=a111111')).text();
    expect(filtered).toContain(older);
    expect(filtered).not.toContain(newer);
    expect(filtered).toContain('New (1)');

    const malformed = await browser.get('/incoming-referrals?crn=12345');
    const malformedHtml = await malformed.text();
    expect(malformed.status).toBe(400);
    expect(malformedHtml).toContain('<title>Error: Incoming referrals');
    expect(summary(malformedHtml)).toEqual([
      'crn: Enter a CRN as one capital letter and six digits',
    ]);
  });

  it('pages the queue, 20 to a page, keeping the tab and the filter', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push(await buy('P123456'));
    const first = await (await browser.get('/incoming-referrals?tab=new&crn=P123456')).text();
    expect(first).toContain('New: 21 referrals');
    expect(ids.filter((id) => first.includes(id))).toHaveLength(20);
    const next = /href="(\/incoming-referrals\?tab=new&amp;crn=P123456&amp;after=[^"]+)"/.exec(
      first,
    );
    expect(next).not.toBeNull();
    const second = await (await browser.get(next![1].replace(/&amp;/g, '&'))).text();
    expect(ids.filter((id) => second.includes(id))).toHaveLength(1);
    expect(second).toContain('First page');
    expect(second).not.toContain('Next page');
    expect((await browser.get('/incoming-referrals?tab=new&after=garbage')).status).toBe(404);
  });

  it('shows a referral: what was bought, the person’s profile once accepted, the outcomes and the timeline', async () => {
    const id = await buy('B123456');
    const page = await browser.get(`/incoming-referrals/${id}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">Referral for B123456</h1>');
    expect(html).toContain(title);
    // Minimum sight: the person's details only once the provider has accepted the referral.
    expect(html).not.toContain('Female, 41');
    expect(html).toContain('Shown once you accept the referral');
    await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id },
    });
    expect(await (await browser.get(`/incoming-referrals/${id}`)).text()).toContain(
      'Female, 41, medium risk of serious harm, licence',
    );
    expect(html).toContain(outcomes.ACCOMMODATION[1].description);
    expect(html).toContain('£450.00');
    expect(html).toContain('Medium');
    expect(html).toContain('class="moj-timeline"');
    expect(html).toContain('Referral sent');
  });

  it('refuses a form without the session’s token, and nothing changes', async () => {
    const id = await buy('C123456');
    const forged = await browser.post(`/incoming-referrals/${id}/accept`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Your form has expired');
    expect(await status(id)).toBe('SUBMITTED');
  });

  it('is a 404 page for unknown ids and for another organisation’s referral, and a 403 page for a purchaser', async () => {
    const id = await buy('D123456');
    expect((await browser.get('/incoming-referrals/not-an-id')).status).toBe(404);
    const unknown = await browser.get('/incoming-referrals/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Page not found');

    const other = await newSupplier(t);
    const otherBrowser = new WebBrowser(t.url);
    await otherBrowser.signIn({ kind: 'supplier', organisationId: other.organisationId });
    // The API does not tell another organisation the referral exists: a 404, as for any id.
    expect((await otherBrowser.get(`/incoming-referrals/${id}`)).status).toBe(404);
    const queue = await (await otherBrowser.get('/incoming-referrals')).text();
    expect(queue).not.toContain(id);
    const accepted = await otherBrowser.submit(
      '/incoming-referrals',
      {},
      `/incoming-referrals/${id}/accept`,
    );
    expect(accepted.status).toBe(404);
    expect(await status(id)).toBe('SUBMITTED');

    const purchaserBrowser = new WebBrowser(t.url);
    await purchaserBrowser.signIn({ kind: 'purchaser', divisionCode: division });
    const forbidden = await purchaserBrowser.get(`/incoming-referrals/${id}`);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('You cannot see this page');
  });

  it('declines with a coded reason: a missing reason and the API’s refusal show on the form', async () => {
    const id = await buy('E123456');
    const path = `/incoming-referrals/${id}/decline`;
    const blank = await browser.submit(path, {});
    expect(blank.status).toBe(400);
    expect(blank.html).toContain('<title>Error: Decline the referral');
    expect(summary(blank.html)).toEqual(['reason: Select why you are declining the referral']);

    const other = await browser.submit(path, { reason: 'OTHER', comments: '' });
    expect(other.status).toBe(400);
    expect(summary(other.html)).toEqual([
      'comments: comments is required when the reason is OTHER',
    ]);
    expect(other.html).toMatch(/id="reason-5"[^>]*value="OTHER" checked/);

    const declined = await browser.submit(path, { reason: 'NO_CAPACITY' });
    expect(declined.status).toBe(303);
    expect(declined.location).toBe(`/incoming-referrals/${id}`);
    expect(await status(id)).toBe('DECLINED');
    const page = await (await browser.get(`/incoming-referrals/${id}`)).text();
    expect(page).toContain('Referral declined');
    expect(page).toContain('Declined');
    expect(page).not.toContain('Accept the referral');
  });

  it('puts a referral withdrawn after it started under "report due" until the report is in', async () => {
    t.clock.set('2027-05-04T09:00:00Z');
    const id = await buy('G123456');
    const accepted = await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id },
    });
    expect(accepted.errors).toBeUndefined();
    await attendSession(t, supplier.token, id);
    const withdrawn = await t.gql(
      `mutation ($id: ID!) { withdrawReferral(id: $id, input: { reason: NOT_ENGAGED }) { status } }`,
      { token: purchaser, variables: { id } },
    );
    expect(withdrawn.errors).toBeUndefined();

    const due = await (await browser.get('/incoming-referrals?tab=report-due')).text();
    expect(due).toContain(id);
    expect(due).toContain('Report due');
    expect(await (await browser.get('/incoming-referrals?tab=closed')).text()).not.toContain(id);
    const page = await (await browser.get(`/incoming-referrals/${id}`)).text();
    expect(page).toContain('the end-of-service report is due');
    expect(page).toContain('Write the end-of-service report');
    expect(page).not.toContain('Schedule a session');

    const report = `/incoming-referrals/${id}/end-of-service-report`;
    const ids = [
      ...(await (await browser.get(report)).text()).matchAll(
        /name="desiredOutcomeId" value="([^"]+)"/g,
      ),
    ].map((m) => m[1]);
    const sent = await browser.submit(report, {
      desiredOutcomeId: ids,
      'outcome-0': 'NOT_ACHIEVED',
      'outcome-1': 'NOT_ACHIEVED',
    });
    expect(sent.status).toBe(303);
    expect(await (await browser.get('/incoming-referrals?tab=report-due')).text()).not.toContain(
      id,
    );
    expect(await (await browser.get('/incoming-referrals?tab=closed')).text()).toContain(id);
  });

  it('ends a started referral early once its report is in, with a reason', async () => {
    t.clock.set('2027-05-04T09:00:00Z');
    const id = await buy('H123456');
    await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id },
    });
    await attendSession(t, supplier.token, id);
    const path = `/incoming-referrals/${id}/end-early`;
    const tooSoon = await browser.submit(path, { reason: 'Moved to another service' });
    expect(tooSoon.status).toBe(409);
    expect(summary(tooSoon.html)[0]).toMatch(/^reason: .*end-of-service report/i);
    await reportEndOfService(t, supplier.token, id, 'PARTIALLY_ACHIEVED');
    expect(await (await browser.get(`/incoming-referrals/${id}`)).text()).toContain('End it early');
    const blank = await browser.submit(path, { reason: ' ' });
    expect(blank.status).toBe(400);
    expect(summary(blank.html)).toEqual(['reason: Enter why the referral ends early']);
    const ended = await browser.submit(path, { reason: 'Moved to another service' });
    expect(ended.status).toBe(303);
    expect(await status(id)).toBe('ENDED_EARLY');
    expect(await (await browser.get(`/incoming-referrals/${id}`)).text()).toContain(
      'Referral ended early',
    );
  });

  it('delivers a referral: accept, plan and revise, schedule, move and record sessions, case notes, the report, complete', async () => {
    t.clock.set('2027-05-04T09:00:00Z');
    const id = await buy('F123456');
    const base = `/incoming-referrals/${id}`;

    // Accept; accepting again is refused with the API's reason, on the page.
    const accepted = await browser.submit(base, {}, `${base}/accept`);
    expect(accepted.status).toBe(303);
    const afterAccept = await (await browser.get(base)).text();
    expect(afterAccept).toContain('Referral accepted: now agree the action plan');
    expect(await status(id)).toBe('ACCEPTED');
    const bookmarked = await browser.get('/incoming-referrals');
    const again = await browser.post(`${base}/accept`, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(await bookmarked.text())![1],
    });
    expect(again.status).toBe(409);
    const againHtml = await again.text();
    expect(againHtml).toContain('<title>Error: Referral for F123456');
    expect(summary(againHtml)[0]).toMatch(/^accept: .+/);
    expect(await (await browser.get('/incoming-referrals?tab=to-plan')).text()).toContain(id);

    // The action plan: the page's own checks, then the API's, then two versions.
    const emptyPlan = await browser.submit(`${base}/action-plan`, {
      activities: ' \n ',
      plannedSessions: 'eight',
    });
    expect(emptyPlan.status).toBe(400);
    expect(summary(emptyPlan.html)).toEqual([
      'activities: Enter the planned activities, one on each line',
      'plannedSessions: Enter the number of sessions as a whole number, like 8',
    ]);
    const tooMany = await browser.submit(`${base}/action-plan`, {
      activities: 'Housing needs assessment',
      plannedSessions: '501',
    });
    expect(tooMany.status).toBe(400);
    expect(summary(tooMany.html)).toEqual([
      'plannedSessions: plannedSessions must not be greater than 500',
    ]);
    expect(tooMany.html).toContain('Housing needs assessment</textarea>');
    const plan = await browser.submit(`${base}/action-plan`, {
      activities: 'Housing needs assessment\r\nTenancy skills',
      plannedSessions: '6',
    });
    expect(plan.status).toBe(303);
    const revisePage = await (await browser.get(`${base}/action-plan`)).text();
    expect(revisePage).toContain('Revise the action plan');
    expect(revisePage).toContain('Housing needs assessment\nTenancy skills</textarea>');
    await browser.submit(`${base}/action-plan`, {
      activities: 'Housing needs assessment\nTenancy skills\nBudgeting',
      plannedSessions: '8',
    });
    const planned = await (await browser.get(base)).text();
    expect(planned).toContain('Version 2, submitted');
    expect(planned).toContain('8 sessions planned');
    expect(planned).toContain('Earlier versions');
    expect(planned).toContain('<strong>Version 1</strong>');

    // Schedule: what the page cannot read, then the API's rule (not before the purchase).
    const schedule = `${base}/sessions/new`;
    const unreadable = await browser.submit(schedule, {
      'startsAt-day': '31',
      'startsAt-month': '2',
      'startsAt-year': '2027',
      startsAtTime: 'noon',
      durationMinutes: '60',
    });
    expect(unreadable.status).toBe(400);
    expect(summary(unreadable.html)).toEqual([
      'startsAt-day: The date the session starts must be a real date',
      'startsAtTime: Enter the time as hours and minutes, for example 14:30 or 2:30pm',
      'deliveryMode: Select how the session is delivered',
    ]);
    const before = await browser.submit(schedule, {
      'startsAt-day': '1',
      'startsAt-month': '5',
      'startsAt-year': '2027',
      startsAtTime: '10:00',
      durationMinutes: '60',
      deliveryMode: 'ONE_TO_ONE',
    });
    expect(before.status).toBe(400);
    expect(summary(before.html)).toEqual([
      'startsAt-day: startsAt must not be before the purchase',
    ]);
    expect(before.html).toContain('value="1"');
    const scheduled = await browser.submit(schedule, {
      'startsAt-day': '4',
      'startsAt-month': '5',
      'startsAt-year': '2027',
      startsAtTime: '2:30pm',
      durationMinutes: '90',
      deliveryMode: 'ONE_TO_ONE',
      venue: 'Leeds hub',
    });
    expect(scheduled.status).toBe(303);
    let page = await (await browser.get(base)).text();
    expect(page).toContain('Session 1: 4 May 2027 at 2:30pm');
    const sessionId = /sessions\/([0-9a-f-]{36})\/feedback/.exec(page)![1];

    // Move it: a reason too short is the API's refusal on its field.
    const move = `${base}/sessions/${sessionId}/reschedule`;
    // The form starts from the session's time as it stands.
    const movePage = await (await browser.get(move)).text();
    expect(movePage).toMatch(/name="startsAt-day" type="text" value="4"/);
    expect(movePage).toMatch(
      /id="startsAtTime" name="startsAtTime" type="text" [^>]*value="14:30"/,
    );
    const short = await browser.submit(move, {
      'startsAt-day': '4',
      'startsAt-month': '5',
      'startsAt-year': '2027',
      startsAtTime: '15:00',
      requestedBy: 'PERSON_ON_PROBATION',
      reason: 'x',
    });
    expect(short.status).toBe(400);
    expect(summary(short.html)).toEqual([
      'reason: reason must be longer than or equal to 3 characters',
    ]);
    const moved = await browser.submit(move, {
      'startsAt-day': '4',
      'startsAt-month': '5',
      'startsAt-year': '2027',
      startsAtTime: '15:00',
      requestedBy: 'PERSON_ON_PROBATION',
      reason: 'Job interview in the afternoon',
    });
    expect(moved.status).toBe(303);
    page = await (await browser.get(base)).text();
    expect(page).toContain('Session 1: 4 May 2027 at 3:00pm');
    expect(page).toContain('Job interview in the afternoon');

    // Feedback: before the session starts it is refused; then a story that does not add up;
    // then what happened, with a concern.
    const feedback = `${base}/sessions/${sessionId}/feedback`;
    const early = await browser.submit(feedback, { attended: 'YES', sessionHappened: 'yes' });
    expect(early.status).toBe(409);
    expect(summary(early.html)).toHaveLength(1);
    expect(summary(early.html)[0]).toMatch(/^attended: /);
    t.clock.set('2027-05-04T16:00:00Z');
    const noReason = await browser.submit(feedback, { attended: 'NO', sessionHappened: 'no' });
    expect(noReason.status).toBe(400);
    expect(summary(noReason.html).map((s) => s.split(':')[0])).toContain('noSessionReason');
    const reasonButHeld = await browser.submit(feedback, {
      attended: 'YES',
      sessionHappened: 'yes',
      noSessionReason: 'LOGISTICS',
    });
    expect(reasonButHeld.status).toBe(400);
    expect(summary(reasonButHeld.html).map((s) => s.split(':')[0])).toContain('noSessionReason');
    const recorded = await browser.submit(feedback, {
      attended: 'LATE',
      sessionHappened: 'yes',
      summary: 'Went through the tenancy checklist',
      concerns: 'Worried about rent arrears',
      notifyPurchaser: 'yes',
    });
    expect(recorded.status).toBe(303);
    expect(await status(id)).toBe('STARTED');
    page = await (await browser.get(base)).text();
    expect(page).toContain('Yes, late');
    expect(page).toContain('Worried about rent arrears');
    expect(page).toContain('1 of 1 sessions with feedback attended');
    expect(await (await browser.get('/incoming-referrals?tab=in-delivery')).text()).toContain(id);

    // Case notes.
    const blankNote = await browser.submit(`${base}/case-notes/new`, { subject: '', body: '' });
    expect(blankNote.status).toBe(400);
    expect(summary(blankNote.html).map((s) => s.split(':')[0])).toEqual(['subject', 'body']);
    const note = await browser.submit(`${base}/case-notes/new`, {
      subject: 'Landlord contact',
      body: 'Spoke to the landlord about the deposit.',
    });
    expect(note.status).toBe(303);
    expect(await (await browser.get(base)).text()).toContain('Landlord contact');

    // Completing before the report is refused, on the page.
    const tooSoon = await browser.submit(base, {}, `${base}/complete`);
    expect(tooSoon.status).toBe(409);
    expect(summary(tooSoon.html)[0]).toMatch(/^complete: .*end-of-service report/i);

    // The end-of-service report: one answer per desired outcome.
    const report = `${base}/end-of-service-report`;
    const reportPage = await (await browser.get(report)).text();
    const ids = [...reportPage.matchAll(/name="desiredOutcomeId" value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(ids).toHaveLength(2);
    const half = await browser.submit(report, {
      desiredOutcomeId: ids,
      'outcome-0': 'ACHIEVED',
    });
    expect(half.status).toBe(400);
    expect(summary(half.html)).toEqual([
      `outcome-1: Select how far “${outcomes.ACCOMMODATION[1].description}” was achieved`,
    ]);
    const sent = await browser.submit(report, {
      desiredOutcomeId: ids,
      'outcome-0': 'ACHIEVED',
      'progress-0': 'Has a tenancy',
      'outcome-1': 'PARTIALLY_ACHIEVED',
      furtherInformation: 'Keep in touch with the housing officer',
    });
    expect(sent.status).toBe(303);
    page = await (await browser.get(base)).text();
    expect(page).toContain('£75.00 in outcome payments earned');
    expect(page).toContain('Achieved: Has a tenancy');
    expect(page).toContain('Complete the referral');
    const twice = await browser.submit(base, {}, `${base}/complete`);
    expect(twice.status).toBe(303);
    expect(await status(id)).toBe('COMPLETED');
    page = await (await browser.get(base)).text();
    expect(page).toContain('Referral completed');
    expect(page).not.toContain('Schedule a session');
    expect(await (await browser.get('/incoming-referrals?tab=closed')).text()).toContain(id);
  });
});
