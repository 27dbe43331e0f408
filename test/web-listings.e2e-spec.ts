import { newSupplier, publishedListing } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';
import { WebBrowser } from './support/web-browser';

const HEADER =
  'id,title,summary,factors,delivery_modes,coverage,venues,capacity,price_pence,price_unit';

/** A supplier's listing pages, through a signed-in browser session (cookie and form tokens). */
describe('web: my listings', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  let browser: WebBrowser;
  let otherListingId: string;

  /** A complete listing form, as a supplier fills it in. */
  function listingForm(overrides: Record<string, string | string[]> = {}) {
    return {
      title: 'Web housing support',
      summary: 'One-to-one help to find and keep a tenancy after release.',
      description: 'Weekly sessions with a housing worker.',
      factors: ['ACCOMMODATION'],
      deliveryModes: ['ONE_TO_ONE'],
      features: ['eveningSessions'],
      sexes: [],
      minAge: '18',
      maxAge: '',
      riskLevels: ['LOW', 'MEDIUM'],
      eligibilityNotes: '',
      sessionCount: '12',
      durationWeeks: '12',
      'venues-0-name': 'Leeds hub',
      'venues-0-postcode': 'LS1 4AP',
      'venues-0-pccAreaCode': 'west-yorkshire',
      'venues-1-name': '',
      'venues-1-postcode': '',
      'venues-1-pccAreaCode': '',
      coverage: ['west-yorkshire'],
      ...overrides,
    };
  }

  async function myListings(): Promise<{ id: string; title: string; status: string }[]> {
    const res = await t.gql<{
      myInterventions: { nodes: { id: string; title: string; status: string }[] };
    }>('{ myInterventions(first: 100) { nodes { id title status } } }', { token: supplier.token });
    return res.data!.myInterventions.nodes;
  }

  async function create(title: string): Promise<string> {
    const created = await browser.submit('/listings/new', listingForm({ title }));
    expect(created.status).toBe(303);
    return created.location!.replace('/listings/', '');
  }

  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
    });
    t.clock.set('2027-05-04T09:00:00Z');
    supplier = await newSupplier(t);
    browser = new WebBrowser(t.url);
    await browser.signIn({ kind: 'supplier', organisationId: supplier.organisationId });
    const other = await newSupplier(t);
    // Published: another organisation's draft does not exist for this supplier (a 404).
    otherListingId = (
      await publishedListing(t, other.token, {
        title: 'Another provider’s listing',
        price: { amountPence: 50000, unit: 'PER_REFERRAL' },
      })
    ).id;
  });
  afterAll(() => t.close());

  it('lists nothing yet, offers to create or import, and is in the navigation', async () => {
    const page = await browser.get('/listings');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">My listings</h1>');
    expect(html).toContain('You have no listings yet');
    expect(html).toContain('href="/listings/new"');
    expect(html).toMatch(/govuk-service-navigation__item--active">\s*<a[^>]*href="\/listings"/);
  });

  it('shows the API’s refusals of a new listing on its fields, and creates nothing', async () => {
    const refused = await browser.submit(
      '/listings/new',
      listingForm({ title: 'ab', factors: [] }),
    );
    const html = refused.html;
    expect(refused.status).toBe(400);
    expect(html).toContain('<title>Error: Create a listing');
    expect(html).toContain('govuk-error-summary');
    expect(html).toMatch(/href="#title">Title must be/);
    expect(html).toMatch(/id="title-error"/);
    expect(html).toContain('href="#factors"');
    expect(html).toMatch(/id="factors-error"/);
    // What was typed is kept.
    expect(html).toContain('value="Leeds hub"');
    expect(await myListings()).toEqual([]);

    // A venue's refusal lands on that venue's row (the blank rows before it were not sent).
    const venue = await browser.submit(
      '/listings/new',
      listingForm({
        'venues-0-name': '',
        'venues-0-postcode': '',
        'venues-0-pccAreaCode': '',
        'venues-1-name': 'Atlantis hub',
        'venues-1-postcode': 'LS1 4AP',
        'venues-1-pccAreaCode': 'atlantis',
      }),
    );
    expect(venue.status).toBe(400);
    expect(venue.html).toContain('href="#venues-1-pccAreaCode">Unknown PCC area atlantis');
    expect(await myListings()).toEqual([]);
  });

  it('names a number that is not one before asking the API', async () => {
    const refused = await browser.submit('/listings/new', listingForm({ minAge: 'eighteen' }));
    const html = refused.html;
    expect(refused.status).toBe(400);
    expect(html).toContain('href="#minAge">Youngest age must be a whole number');
    expect(await myListings()).toEqual([]);
  });

  it('creates a draft, edits it, and shows it in my listings with its status and confirm-by date', async () => {
    const id = await create('Web housing support');
    const manage = await browser.get(`/listings/${id}`);
    const html = await manage.text();
    expect(manage.status).toBe(200);
    expect(html).toContain('Listing created as a draft');
    expect(html).toContain('moj-badge moj-badge--grey">Draft');
    expect(html).toContain('Confirm it is still current by');

    const edited = await browser.submit(
      `/listings/${id}/edit`,
      listingForm({ title: 'Web housing and tenancy support', maxAge: '65' }),
    );
    expect(edited.status).toBe(303);
    const [listing] = await myListings();
    expect(listing).toMatchObject({
      id,
      title: 'Web housing and tenancy support',
      status: 'DRAFT',
    });

    const list = await (await browser.get('/listings')).text();
    expect(list).toContain(`href="/listings/${id}">Web housing and tenancy support</a>`);
    expect(list).toMatch(/Confirm by \d{1,2} \w+ \d{4}/);
    expect(list).toContain('No price');

    // Listings by status: the drafts tab lists it, the published tab does not.
    const drafts = await (await browser.get('/listings?status=DRAFT')).text();
    expect(drafts).toMatch(/aria-current="page" href="\/listings\?status=DRAFT"/);
    expect(drafts).toContain('Web housing and tenancy support');
    const published = await (await browser.get('/listings?status=PUBLISHED')).text();
    expect(published).not.toContain('Web housing and tenancy support');
    expect(published).toContain('You have no published listings.');
  });

  it('sets a price typed in pounds and pence, refusing a day the API will not take', async () => {
    const id = await create('Priced listing');
    const badAmount = await browser.submit(`/listings/${id}/price`, {
      amount: '12.345',
      unit: 'PER_SESSION',
    });
    expect(badAmount.status).toBe(400);
    expect(badAmount.html).toContain('href="#amount">Price must be an amount in pounds');

    const past = await browser.submit(`/listings/${id}/price`, {
      amount: '37.50',
      unit: 'PER_SESSION',
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '1',
      'effectiveFrom-year': '2020',
    });
    const pastHtml = past.html;
    expect(past.status).toBe(400);
    expect(pastHtml).toContain('href="#effectiveFrom-day"');
    expect(pastHtml).toContain('id="effectiveFrom-error"');

    const priced = await browser.submit(`/listings/${id}/price`, {
      amount: '£1,037.50',
      unit: 'PER_SESSION',
      outcomePayment: '20',
    });
    expect(priced.status).toBe(303);
    const res = await t.gql<{
      intervention: { price: { amountPence: number; outcomePaymentPence: number } };
    }>(
      'query ($id: ID!) { intervention(id: $id) { price { amountPence outcomePaymentPence effectiveFrom } } }',
      { token: supplier.token, variables: { id } },
    );
    expect(res.data!.intervention.price).toMatchObject({
      amountPence: 103750,
      outcomePaymentPence: 2000,
    });
    const page = await (await browser.get(`/listings/${id}/price`)).text();
    expect(page).toContain('Price history');
    expect(page).toContain('£1,037.50 per session');

    // The version in force is history: the same day again is refused with the API's words.
    const rewrite = await browser.submit(`/listings/${id}/price`, {
      amount: '40',
      unit: 'PER_SESSION',
      ...todayParts(res.data!.intervention),
    });
    expect(rewrite.status).toBe(400);
    expect(rewrite.html).toContain('href="#effectiveFrom-day"');
  });

  it('sets places and the next start, refusing what the API refuses', async () => {
    const id = await create('Listing with places');
    const refused = await browser.submit(`/listings/${id}/capacity`, { capacity: '-1' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#capacity"');

    const saved = await browser.submit(`/listings/${id}/capacity`, {
      capacity: '7',
      'nextStartDate-day': '11',
      'nextStartDate-month': '1',
      'nextStartDate-year': '2031',
    });
    expect(saved.status).toBe(303);
    const html = await (await browser.get(`/listings/${id}`)).text();
    expect(html).toContain('7 free of 7');
    expect(html).toContain('11 January 2031');
  });

  it('lists what stops publishing, then publishes, suspends and withdraws with a question first', async () => {
    const id = await create('Listing to publish');
    const question = await browser.get(`/listings/${id}/status/publish`);
    expect(question.status).toBe(200);
    expect(await question.text()).toContain('Purchasers will be able to find and buy it.');

    const refused = await browser.submit(`/listings/${id}/status/publish`, {});
    const html = refused.html;
    expect(refused.status).toBe(400);
    expect(html).toContain('<title>Error: Publish this listing');
    expect(html).toContain('No price in force today');
    expect((await myListings()).find((l) => l.id === id)?.status).toBe('DRAFT');

    expect(
      (await browser.submit(`/listings/${id}/price`, { amount: '450', unit: 'PER_REFERRAL' }))
        .status,
    ).toBe(303);
    expect((await browser.submit(`/listings/${id}/status/publish`, {})).status).toBe(303);
    expect((await myListings()).find((l) => l.id === id)?.status).toBe('PUBLISHED');
    expect((await browser.submit(`/listings/${id}/status/suspend`, {})).status).toBe(303);
    expect(
      (await browser.submit(`/listings/${id}/status/confirm`, {}, `/listings/${id}/status/confirm`))
        .status,
    ).toBe(303);
    expect((await browser.submit(`/listings/${id}/status/withdraw`, {})).status).toBe(303);
    const withdrawn = await (await browser.get(`/listings/${id}`)).text();
    expect(withdrawn).toContain('moj-badge moj-badge--black">Withdrawn');

    // A withdrawn listing cannot be withdrawn again: the API's refusal, on the page.
    const again = await browser.submit(`/listings/${id}/status/withdraw`, {});
    expect(again.status).toBe(400);
    expect(again.html).toContain('A WITHDRAWN listing cannot be withdrawn');
  });

  it('shows another organisation’s listing as a 403 page and changes nothing', async () => {
    for (const path of ['', '/edit', '/price', '/capacity', '/status/withdraw']) {
      const page = await browser.get(`/listings/${otherListingId}${path}`);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('You cannot see this page');
    }
    const own = await (await browser.get('/listings/new')).text();
    const token = WebBrowser.formToken(own);
    const edit = await browser.post(`/listings/${otherListingId}/edit`, {
      _csrf: token,
      ...listingForm({ title: 'Taken over' }),
    });
    expect(edit.status).toBe(403);
    const withdraw = await browser.post(`/listings/${otherListingId}/status/withdraw`, {
      _csrf: token,
    });
    expect(withdraw.status).toBe(403);
    const res = await t.gql<{ intervention: { title: string; status: string } }>(
      'query ($id: ID!) { intervention(id: $id) { title status } }',
      { token: await tokens.admin(), variables: { id: otherListingId } },
    );
    expect(res.data!.intervention).toEqual({
      title: 'Another provider’s listing',
      status: 'PUBLISHED',
    });
  });

  it('answers an unknown or malformed listing id with a 404 page', async () => {
    for (const path of [
      '/listings/00000000-0000-4000-8000-000000000000',
      '/listings/00000000-0000-4000-8000-000000000000/edit',
      '/listings/not-an-id/price',
      '/listings/00000000-0000-4000-8000-000000000000/status/explode',
    ]) {
      const page = await browser.get(path);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('Page not found');
    }
  });

  it('refuses a form without the session’s token, changing nothing', async () => {
    const before = (await myListings()).length;
    const forged = await browser.post('/listings/new', listingForm({ title: 'Forged listing' }));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Your form has expired');
    const upload = await browser.upload(
      '/listings/import',
      { _csrf: 'forged' },
      {
        field: 'csv',
        name: 'card.csv',
        content: `${HEADER}\n,Forged import,${'x'.repeat(20)},ETE,,,,,,`,
      },
    );
    expect(upload.status).toBe(403);
    expect((await myListings()).length).toBe(before);
  });

  it('counts the referrals waiting for the supplier’s answer on each listing', async () => {
    const listing = await publishedListing(t, supplier.token, {
      title: 'Listing someone bought',
      price: { amountPence: 30000, unit: 'PER_REFERRAL' },
    });
    await t.gql(
      'mutation { setDivisionBudget(divisionCode: "NE", financialYear: 2027, amountPence: 10000000) { allocatedPence } }',
      { token: await tokens.admin() },
    );
    const purchaser = await tokens.purchaser('NE', 'web-listings-purchaser');
    const [outcome] = await firstOutcomes(t, purchaser, ['ACCOMMODATION']);
    const bought = await t.gql(
      `mutation ($input: CreateReferralInput!) { createReferral(input: $input, idempotencyKey: "web-listings-1") { id } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId: listing.id,
            crn: 'X123456',
            person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: [outcome],
            complexity: 'LOW',
          },
        },
      },
    );
    expect(bought.errors).toBeUndefined();
    const html = await (await browser.get('/listings')).text();
    expect(html).toContain('1 referral waiting for your answer.');
    expect(html).toMatch(
      new RegExp(
        `href="/listings/${listing.id}">Listing someone bought</a>[\\s\\S]*?<td class="govuk-table__cell govuk-table__cell--numeric">9 of 10</td>[\\s\\S]*?govuk-table__cell--numeric">1</td>`,
      ),
    );
  });

  it('keeps the pages to suppliers', async () => {
    const purchaser = new WebBrowser(t.url);
    await purchaser.signIn({ kind: 'purchaser', divisionCode: 'LDN' });
    expect((await purchaser.get('/listings')).status).toBe(403);
    expect((await purchaser.get('/listings/import')).status).toBe(403);
    const html = await (await purchaser.get('/')).text();
    expect(html).not.toContain('My listings');
  });

  describe('importing a rate card', () => {
    async function uploadCsv(content: string): Promise<Response> {
      const page = await (await browser.get('/listings/import')).text();
      return browser.upload(
        '/listings/import',
        { _csrf: WebBrowser.formToken(page) },
        { field: 'csv', name: 'rate-card.csv', content },
      );
    }

    it('names every bad row and column in the dry run and imports nothing', async () => {
      const before = (await myListings()).length;
      const res = await uploadCsv(
        [
          HEADER,
          ',Imported careers advice,Advice on work and training for people on licence.,ETE,ONE_TO_ONE,durham,,5,3000,PER_SESSION',
          ',Imported bad row,Too short,NOT_A_FACTOR,,durham,,5,-3,PER_SESSION',
        ].join('\n'),
      );
      const html = await res.text();
      expect(res.status).toBe(400);
      expect(html).toContain('<title>Error: Your rate card has problems');
      expect(html).toContain('href="#problem-0">Row 2, column ');
      expect(html).toMatch(
        /<td class="govuk-table__cell govuk-table__cell--numeric">2<\/td>\s*<td class="govuk-table__cell">factors<\/td>/,
      );
      expect(html).not.toContain('Import the rate card');
      expect((await myListings()).length).toBe(before);
    });

    it('imports a good file all at once after the dry run', async () => {
      const before = (await myListings()).length;
      const res = await uploadCsv(
        [
          HEADER,
          ',Imported careers advice,Advice on work and training for people on licence.,ETE,ONE_TO_ONE,durham,,5,3000,PER_SESSION',
          ',Imported tenancy help,Help to find and keep a home after release from custody.,ACCOMMODATION,GROUP,cleveland,Middlesbrough hub|TS1 2AA|cleveland,4,45000,PER_REFERRAL',
        ].join('\n'),
      );
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('Importing it will create <strong>2</strong> draft listings');
      expect((await myListings()).length).toBe(before);

      const sha256 = /name="sha256" value="([0-9a-f]+)"/.exec(html)![1];
      const wrong = await browser.post('/listings/import/confirm', {
        _csrf: WebBrowser.formToken(html),
        sha256: '0'.repeat(64),
      });
      expect(wrong.status).toBe(400);

      const imported = await browser.post('/listings/import/confirm', {
        _csrf: WebBrowser.formToken(html),
        sha256,
      });
      expect(imported.status).toBe(303);
      expect(imported.headers.get('location')).toBe('/listings');
      const list = await (await browser.get('/listings')).text();
      expect(list).toContain('Rate card imported: 2 listings created, 0 updated');
      expect(list).toContain('Imported careers advice');
      expect((await myListings()).length).toBe(before + 2);

      // The checked file is used once: confirming again imports nothing more.
      const again = await browser.post('/listings/import/confirm', {
        _csrf: WebBrowser.formToken(list),
        sha256,
      });
      expect(again.status).toBe(400);
      expect((await myListings()).length).toBe(before + 2);
    });

    it('checks a rate card above the 512 KB every other form is held to', async () => {
      const rows = Array.from(
        { length: 150 },
        (_, i) =>
          `,Bulk listing ${i},Advice on work and training for people on licence.,${'Long description. '.repeat(220)},ETE,ONE_TO_ONE,durham`,
      );
      const csv = ['id,title,summary,description,factors,delivery_modes,coverage', ...rows].join(
        '\n',
      );
      expect(csv.length).toBeGreaterThan(512 * 1024);
      const res = await uploadCsv(csv);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Importing it will create <strong>150</strong>');
    });

    it('refuses a file larger than the API imports, as it arrives', async () => {
      const res = await uploadCsv(`${HEADER}\n${'x'.repeat(5 * 1024 * 1024)}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('href="#csv">The selected file must be smaller than 5 MB');
    });

    it('takes one file from the CSV field only', async () => {
      const page = await (await browser.get('/listings/import')).text();
      const res = await browser.upload(
        '/listings/import',
        { _csrf: WebBrowser.formToken(page) },
        { field: 'other', name: 'rate-card.csv', content: HEADER },
      );
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('href="#csv">Select one CSV file');
    });

    it('asks for a file when none was chosen', async () => {
      const res = await uploadCsv('');
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('href="#csv">Select a CSV file');
    });
  });
});

/** Today's date as the price form's fields, from the effective day of a price set today. */
function todayParts(listing: unknown): Record<string, string> {
  const from = (listing as { price: { effectiveFrom?: string } }).price.effectiveFrom;
  const [year, month, day] = (from ?? new Date().toISOString().slice(0, 10)).split('-');
  return { 'effectiveFrom-day': day, 'effectiveFrom-month': month, 'effectiveFrom-year': year };
}
