import { createListing, newSupplier } from './support/catalogue';
import { attendSession, deliverToEnd, firstOutcomes, reportEndOfService } from './support/delivery';
import { WebBrowser } from './support/web-browser';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/**
 * The purchaser's pages through HTTP, as a browser with a session sends them: buying a place
 * (refusals, the double submit), my referrals, a referral, withdrawing it, its outcome and notes.
 * Purchases are charged to financial year 2038, which no other test file uses (the reports' tests
 * read 2031).
 */
describe('web: buy a place and follow the referral', () => {
  let t: TestApp;
  let admin: string;
  let supplier: { organisationId: string; token: string };
  let see: WebBrowser;
  let wal: WebBrowser;
  let listingId: string;
  let fullListingId: string;
  let outcomeIds: string[];
  const year = 2038;

  const SET_BUDGET = `mutation ($d: String!, $y: Int!, $a: SafeInt!) { setDivisionBudget(divisionCode: $d, financialYear: $y, amountPence: $a) { id } }`;

  async function listing(overrides: Record<string, unknown>): Promise<string> {
    const created = await createListing(t, supplier.token, {
      price: { amountPence: 25000, unit: 'PER_SESSION' },
      ...overrides,
    });
    const published = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: created.id },
    });
    expect(published.errors).toBeUndefined();
    return created.id;
  }

  async function referralsFor(crn: string) {
    return t.dataSource.query<{ id: string; status: string; division_code: string }[]>(
      'SELECT id, status, division_code FROM referral WHERE crn = $1',
      [crn],
    );
  }

  function answers(overrides: Record<string, string | string[]> = {}) {
    return {
      crn: 'S100001',
      sex: 'MALE',
      age: '34',
      riskLevel: 'MEDIUM',
      supervisionType: 'LICENCE',
      targetFactors: 'ACCOMMODATION',
      desiredOutcomes: outcomeIds,
      complexity: 'MEDIUM',
      units: '4',
      notes: '',
      ...overrides,
    };
  }

  /** Answers the buy form and follows it to the check-your-answers page: its key and answer. */
  async function answer(
    browser: WebBrowser,
    id: string,
    form: Record<string, string | string[]>,
  ): Promise<{ key: string; status: number; html: string; location: string | null }> {
    const page = await browser.page(`/interventions/${id}/buy`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.html)![1];
    const response = await browser.post(`/interventions/${id}/buy`, {
      _csrf: WebBrowser.formToken(page.html),
      idempotencyKey: key,
      ...form,
    });
    return {
      key,
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }

  /** Answers, checks and buys: the final POST's response. */
  async function buy(browser: WebBrowser, id: string, form: Record<string, string | string[]>) {
    const answered = await answer(browser, id, form);
    expect(answered.status).toBe(303);
    expect(answered.location).toBe(`/interventions/${id}/buy/check?key=${answered.key}`);
    const check = await browser.page(answered.location!);
    expect(check.status).toBe(200);
    const response = await browser.post(`/interventions/${id}/buy/check`, {
      _csrf: WebBrowser.formToken(check.html),
      idempotencyKey: answered.key,
    });
    return {
      key: answered.key,
      checkHtml: check.html,
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }

  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
    });
    t.clock.set(`${year}-06-01`);
    admin = await tokens.admin();
    for (const [division, pence] of [
      ['SEE', 50_000_000_00],
      ['WAL', 1_000],
    ] as const) {
      const set = await t.gql(SET_BUDGET, {
        token: admin,
        variables: { d: division, y: year, a: pence },
      });
      expect(set.errors).toBeUndefined();
    }
    supplier = await newSupplier(t);
    listingId = await listing({ title: 'Web buy housing support', capacity: 5 });
    fullListingId = await listing({ title: 'Web buy full service', capacity: 1 });
    outcomeIds = await firstOutcomes(t, admin, ['ACCOMMODATION']);
    // The full listing's one place, bought through the API.
    const taken = await t.gql(
      `mutation ($input: CreateReferralInput!) { createReferral(input: $input, idempotencyKey: "web-buy-full") { id } }`,
      {
        token: await tokens.purchaser('SEE', 'web-buy-api'),
        variables: {
          input: {
            interventionId: fullListingId,
            crn: 'S199999',
            person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: outcomeIds,
            complexity: 'LOW',
          },
        },
      },
    );
    expect(taken.errors).toBeUndefined();
    // Later purchases are newer than that one.
    t.clock.set(`${year}-06-01T13:00:00Z`);
    see = await WebBrowser.signedIn(t.url, 'purchaser', { divisionCode: 'SEE' });
    wal = await WebBrowser.signedIn(t.url, 'purchaser', { divisionCode: 'WAL' });
  });
  afterAll(() => t.close());

  it('offers purchasers "Buy a place" on the listing, with the person searched for', async () => {
    const page = await see.page(
      `/interventions/${listingId}?factors=ACCOMMODATION&sex=MALE&age=34&riskLevel=MEDIUM&supervisionType=LICENCE`,
    );
    expect(page.status).toBe(200);
    const link = /href="(\/interventions\/[^"]+\/buy\?[^"]+)"[^>]*>\s*Buy a place/.exec(page.html);
    expect(link).not.toBeNull();
    const form = await see.page(link![1].replace(/&amp;/g, '&'));
    expect(form.status).toBe(200);
    expect(form.html).toContain('<h1 class="govuk-heading-l">Buy a place</h1>');
    expect(form.html).toMatch(/name="sex" type="radio" value="MALE" checked/);
    expect(form.html).toMatch(/name="age" type="text"[^>]* value="34"/);
    expect(form.html).toMatch(/name="targetFactors" type="checkbox" value="ACCOMMODATION" checked/);
    expect(form.html).toContain('name="units"');

    // Not for someone the listing does not admit, nor on a full listing.
    const old = await see.page(
      `/interventions/${listingId}?sex=MALE&age=80&riskLevel=MEDIUM&supervisionType=LICENCE`,
    );
    expect(old.html).not.toContain('Buy a place');
    expect((await see.page(`/interventions/${fullListingId}`)).html).not.toContain('Buy a place');
  });

  it('shows the answers left out as an error summary, and buys nothing', async () => {
    const refused = await answer(see, listingId, { crn: '', age: 'old' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('<title>Error: Buy a place');
    expect(refused.html).toContain('govuk-error-summary');
    expect(refused.html).toContain('<a href="#crn">Enter the person’s CRN</a>');
    expect(refused.html).toContain('<a href="#age">Age must be a whole number, like 34</a>');
    expect(refused.html).toContain('<a href="#sex">Select the person’s sex</a>');
  });

  it("puts the API's refusals on their fields: a CRN that is not one, a person not eligible", async () => {
    const badCrn = await buy(see, listingId, answers({ crn: '12345' }));
    expect(badCrn.status).toBe(400);
    expect(badCrn.html).toContain('<a href="#crn">crn must be one capital letter and six digits');
    // The answers are kept.
    expect(badCrn.html).toMatch(/name="crn" type="text"[^>]* value="12345"/);

    const tooOld = await buy(see, listingId, answers({ crn: 'S100002', age: '70' }));
    expect(tooOld.status).toBe(400);
    expect(tooOld.html).toContain(
      '<a href="#age">Age: not eligible, this service admits 65 and under</a>',
    );
    expect(await referralsFor('S100002')).toEqual([]);

    const tooMany = await buy(see, listingId, answers({ crn: 'S100003', units: '40' }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.html).toContain('<a href="#units">');
    expect(await referralsFor('S100003')).toEqual([]);
  });

  it('buys once however often the form is sent, and confirms the total and the budget left', async () => {
    const answered = await answer(see, listingId, answers({ crn: 'S100010' }));
    expect(answered.status).toBe(303);
    const check = await see.page(answered.location!);
    expect(check.html).toContain('Check your answers before buying');
    expect(check.html).toContain('S100010');
    expect(check.html).toContain('4 × £250.00 per session');
    const form = { _csrf: WebBrowser.formToken(check.html), idempotencyKey: answered.key };
    // A double click: two posts at once, then the back button and a third.
    const [first, second] = await Promise.all([
      see.post(`/interventions/${listingId}/buy/check`, form),
      see.post(`/interventions/${listingId}/buy/check`, form),
    ]);
    const third = await see.post(`/interventions/${listingId}/buy/check`, form);
    const bought = await referralsFor('S100010');
    expect(bought).toHaveLength(1);
    for (const response of [first, second, third]) {
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/referrals/${bought[0].id}/bought`);
    }
    // Answering the same form again leads to the same referral, not a second one.
    const again = await see.post(`/interventions/${listingId}/buy`, {
      ...answers({ crn: 'S100010' }),
      ...form,
    });
    expect(again.headers.get('location')).toBe(`/referrals/${bought[0].id}/bought`);
    expect(await referralsFor('S100010')).toHaveLength(1);

    const confirmation = await see.page(`/referrals/${bought[0].id}/bought`);
    expect(confirmation.status).toBe(200);
    expect(confirmation.html).toContain('govuk-panel--confirmation');
    expect(confirmation.html).toContain('Place bought');
    expect(confirmation.html).toContain('£1,000.00 (4 × £250.00 per session)');
    const budget = await t.gql<{ divisionBudget: { remainingPence: number } }>(
      `{ divisionBudget(divisionCode: "SEE", financialYear: ${year}) { remainingPence } }`,
      { token: admin },
    );
    const left = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(
      budget.data!.divisionBudget.remainingPence / 100,
    );
    expect(confirmation.html).toContain(left);
  });

  it('says plainly when there are no places left or the budget is short, and buys nothing', async () => {
    const full = await buy(see, fullListingId, answers({ crn: 'S100020', units: '2' }));
    expect(full.status).toBe(409);
    expect(full.html).toContain('<title>Error: Check your answers');
    expect(full.html).toContain('There are no places left on this service.');
    expect(full.html).toContain('Nothing has been bought.');
    expect(await referralsFor('S100020')).toEqual([]);

    const poor = await buy(wal, listingId, answers({ crn: 'S100021' }));
    expect(poor.status).toBe(409);
    expect(poor.html).toContain(
      'Your division’s budget for this financial year cannot cover this place.',
    );
    expect(await referralsFor('S100021')).toEqual([]);
  });

  it('lists the division’s referrals by tab, newest first, filtered by CRN', async () => {
    const waiting = await see.page('/referrals');
    expect(waiting.status).toBe(200);
    expect(waiting.html).toContain('moj-sub-navigation');
    expect(waiting.html).toContain('aria-current="page" href="/referrals?tab=waiting"');
    expect(waiting.html).toContain('S100010');
    expect(waiting.html.indexOf('S100010')).toBeLessThan(waiting.html.indexOf('S199999'));
    expect((await see.page('/referrals?tab=finished')).html).not.toContain('S100010');
    const filtered = await see.page('/referrals?tab=waiting&crn=s199999');
    expect(filtered.html).toContain('S199999');
    expect(filtered.html).not.toContain('S100010');
    const badCrn = await see.page('/referrals?crn=nope');
    expect(badCrn.status).toBe(400);
    expect(badCrn.html).toContain('<a href="#crn">Enter a CRN like X123456');
    // A cursor that is not one goes back to the first page.
    const badCursor = await see.page('/referrals?tab=waiting&after=nonsense');
    expect(badCursor.status).toBe(303);
    expect(badCursor.location).toBe('/referrals?tab=waiting');
    // Another division's purchaser sees none of them.
    expect((await wal.page('/referrals')).html).not.toContain('S100010');
  });

  it('pages a tab 20 at a time', async () => {
    const many = await listing({ title: 'Web buy paging service', capacity: 25 });
    const token = await tokens.purchaser('SEE', 'web-buy-paging');
    for (let i = 0; i < 21; i++) {
      const res = await t.gql(
        `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
        {
          token,
          variables: {
            key: `web-buy-paging-${i}`,
            input: {
              interventionId: many,
              crn: 'S200000',
              person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
              targetFactors: ['ACCOMMODATION'],
              desiredOutcomes: outcomeIds,
              complexity: 'LOW',
              units: 1,
            },
          },
        },
      );
      expect(res.errors).toBeUndefined();
    }
    const first = await see.page('/referrals?tab=waiting&crn=S200000');
    expect(first.html).toContain('Waiting for the provider: 21 referrals for S200000');
    expect(
      first.html.match(/<a class="govuk-link" href="\/referrals\/[0-9a-f-]{36}">/g),
    ).toHaveLength(20);
    const next = /href="(\/referrals\?tab=waiting&amp;crn=S200000&amp;after=[^"]+)"/.exec(
      first.html,
    );
    expect(next).not.toBeNull();
    const second = await see.page(next![1].replace(/&amp;/g, '&'));
    expect(
      second.html.match(/<a class="govuk-link" href="\/referrals\/[0-9a-f-]{36}">/g),
    ).toHaveLength(1);
    expect(second.html).toContain('First page');
  });

  it('shows a referral with its timeline; unknown ids are 404; another division’s is not shown', async () => {
    const [bought] = await referralsFor('S100010');
    const page = await see.page(`/referrals/${bought.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Referral for S100010');
    expect(page.html).toContain('moj-timeline__item');
    expect(page.html).toContain('Referral sent');
    expect(page.html).toContain('Withdraw the referral');

    expect((await see.page('/referrals/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await see.page('/referrals/not-an-id')).status).toBe(404);
    // The API does not tell another division that the referral exists: the same 404 page.
    const other = await wal.page(`/referrals/${bought.id}`);
    expect(other.status).toBe(404);
    expect(other.html).toContain('Page not found');
    const withdraw = await wal.submit(
      '/referrals',
      { reason: 'NOT_ENGAGED' },
      `/referrals/${bought.id}/withdraw`,
    );
    expect(withdraw.status).toBe(404);
    expect((await referralsFor('S100010'))[0].status).toBe('SUBMITTED');
    // A supplier cannot open the purchaser's pages at all.
    const supplierPage = await fetch(`${t.url}/referrals/${bought.id}`, {
      headers: { authorization: `Bearer ${supplier.token}` },
      redirect: 'manual',
    });
    expect(supplierPage.status).toBe(403);
  });

  it('withdraws a referral with a coded reason, after asking', async () => {
    const [bought] = await referralsFor('S100010');
    const question = await see.page(`/referrals/${bought.id}/withdraw`);
    expect(question.status).toBe(200);
    expect(question.html).toContain('Are you sure you want to withdraw this referral?');
    const noReason = await see.submit(`/referrals/${bought.id}/withdraw`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('<a href="#reason">Select why you are withdrawing');
    const other = await see.submit(`/referrals/${bought.id}/withdraw`, { reason: 'OTHER' });
    expect(other.status).toBe(400);
    expect((await referralsFor('S100010'))[0].status).toBe('SUBMITTED');

    const done = await see.submit(`/referrals/${bought.id}/withdraw`, {
      reason: 'NEEDS_MET_ELSEWHERE',
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/referrals/${bought.id}?done=withdrawn`);
    expect((await referralsFor('S100010'))[0].status).toBe('CANCELLED');
    const page = await see.page(done.location!);
    expect(page.html).toContain('Referral withdrawn');
    expect(page.html).toContain('The person: needs met through another route.');
    expect(page.html).not.toContain('Withdraw the referral');
    expect((await see.page('/referrals?tab=finished')).html).toContain('S100010');

    const again = await see.submit(`/referrals/${bought.id}/withdraw`, {
      reason: 'NEEDS_MET_ELSEWHERE',
    });
    expect(again.status).toBe(400);
    expect(again.html).toContain('The referral is not at a stage where this can be done.');
  });

  it('moves a referral withdrawn after it started to "report due" until the provider reports', async () => {
    const bought = await buy(see, listingId, answers({ crn: 'S100040' }));
    expect(bought.status).toBe(303);
    const [referral] = await referralsFor('S100040');
    const accepted = await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: referral.id },
    });
    expect(accepted.errors).toBeUndefined();
    await attendSession(t, supplier.token, referral.id);
    expect((await see.page('/referrals?tab=in-progress')).html).toContain('S100040');

    const path = `/referrals/${referral.id}/withdraw`;
    const done = await see.submit(path, { reason: 'MOVED_OUT_OF_AREA' });
    expect(done.status).toBe(303);
    const reportDue = await see.page('/referrals?tab=report-due');
    expect(reportDue.html).toContain('S100040');
    expect(reportDue.html).toContain('Report due');
    expect((await see.page('/referrals?tab=finished')).html).not.toContain('S100040');
    expect((await see.page(`/referrals/${referral.id}`)).html).toContain(
      'The provider owes the end-of-service report.',
    );

    await reportEndOfService(t, supplier.token, referral.id);
    expect((await see.page('/referrals?tab=report-due')).html).not.toContain('S100040');
    expect((await see.page('/referrals?tab=finished')).html).toContain('S100040');
  });

  it('records and amends the outcome of a finished referral, within the window', async () => {
    const bought = await buy(see, listingId, answers({ crn: 'S100030' }));
    expect(bought.status).toBe(303);
    const [referral] = await referralsFor('S100030');
    const outcomePath = `/referrals/${referral.id}/outcome`;
    // Not before it has finished.
    const early = await see.submit(outcomePath, {
      'factor-ACCOMMODATION': 'yes',
      riskOfHarmFocus: 'YES',
      informationForReview: 'NOT_APPLICABLE',
    });
    expect(early.status).toBe(400);
    expect(early.html).toContain('The outcome can be recorded once the referral has finished.');

    await deliverToEnd(t, supplier.token, referral.id);
    expect((await see.page(`/referrals/${referral.id}`)).html).toContain('Record the outcome');
    const missing = await see.submit(outcomePath, {
      riskOfHarmFocus: 'YES',
    });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain(
      '<a href="#factor-ACCOMMODATION">Say whether the provider contributed enough on',
    );
    expect(missing.html).toContain('<a href="#informationForReview">');

    const recorded = await see.submit(outcomePath, {
      'factor-ACCOMMODATION': 'yes',
      riskOfHarmFocus: 'YES',
      informationForReview: 'NOT_APPLICABLE',
    });
    expect(recorded.status).toBe(303);
    expect(recorded.location).toBe(`/referrals/${referral.id}?done=outcome`);
    const page = await see.page(recorded.location!);
    expect(page.html).toContain('Outcome recorded');
    expect(page.html).toContain('Amend the outcome');

    const form = await see.page(outcomePath);
    expect(form.html).toContain('Amend the outcome');
    expect(form.html).toMatch(
      /name="informationForReview" type="radio" value="NOT_APPLICABLE" checked/,
    );
    const amended = await see.submit(outcomePath, {
      'factor-ACCOMMODATION': 'no',
      riskOfHarmFocus: 'YES',
      informationForReview: 'YES',
    });
    expect(amended.location).toBe(`/referrals/${referral.id}?done=amended`);
    const stored = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM outcome WHERE referral_id = $1',
      [referral.id],
    );
    expect(stored[0].n).toBe(1);

    t.clock.set(`${year}-09-01`);
    try {
      const late = await see.submit(outcomePath, {
        'factor-ACCOMMODATION': 'yes',
        riskOfHarmFocus: 'YES',
        informationForReview: 'YES',
      });
      expect(late.status).toBe(400);
      expect(late.html).toContain('The time allowed for amending the outcome has passed.');
    } finally {
      t.clock.set(`${year}-06-01T13:00:00Z`);
    }
  });

  it('adds a case note, and shows what is missing', async () => {
    const [referral] = await referralsFor('S100030');
    const path = `/referrals/${referral.id}/case-notes/new`;
    const empty = await see.submit(path, {}, `/referrals/${referral.id}/case-notes`);
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('govuk-error-summary');
    const added = await see.submit(
      path,
      {
        subject: 'Moved address',
        body: 'Now at the hostel; appointments by phone.',
      },
      `/referrals/${referral.id}/case-notes`,
    );
    expect(added.status).toBe(303);
    const page = await see.page(`/referrals/${referral.id}`);
    expect(page.html).toContain('Case note added');
    expect(page.html).toContain('Now at the hostel; appointments by phone.');
  });
});
