import { createListing, newSupplier } from './support/catalogue';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';
import { Page, WebBrowser } from './support/web-browser';

/** The find page, as a purchaser's browser sees it (their token standing in for a session). */
describe('web: find an intervention', () => {
  let t: TestApp;
  let purchaser: string;
  let listingId: string;
  const title = `Find page housing ${Date.now()}`;

  function page(query: string): Promise<Page> {
    return WebBrowser.withToken(t.url, purchaser).page(`/find?${query}`);
  }

  beforeAll(async () => {
    t = await startApp();
    purchaser = await tokens.purchaser('NE', 'web-find-purchaser');
    const supplier = await newSupplier(t);
    // Women only, in Lincolnshire (an area no other test file lists accommodation in: search.e2e-spec counts Cumbria's).
    const listing = await createListing(t, supplier.token, {
      title,
      coverage: ['lincolnshire'],
      venues: [
        {
          name: 'Lincoln',
          postcode: 'LN2 1PF',
          pccAreaCode: 'lincolnshire',
          lat: 53.23,
          lng: -0.54,
        },
      ],
      eligibility: { sexes: ['FEMALE'], minAge: 18, maxAge: 65, riskLevels: ['LOW', 'MEDIUM'] },
    });
    listingId = listing.id;
    const priced = await t.gql(
      `mutation ($id: ID!) { setInterventionPrice(id: $id, input: { amountPence: 43550, unit: PER_SESSION }) { id } }`,
      { token: supplier.token, variables: { id: listing.id } },
    );
    expect(priced.errors).toBeUndefined();
    const published = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    expect(published.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  it('shows the search form on a first visit, without searching', async () => {
    const before = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM search_demand',
    );
    const { status, html } = await page('');
    expect(status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">Find an intervention</h1>');
    expect(html).not.toContain('found</h2>');
    const after = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM search_demand',
    );
    expect(after[0].n).toBe(before[0].n);
  });

  it('finds the listing with its price, places and contribution in words', async () => {
    const { status, html } = await page(
      'factors=ACCOMMODATION&pccAreaCode=lincolnshire&sex=FEMALE&age=30&riskLevel=LOW&supervisionType=LICENCE',
    );
    expect(status).toBe(200);
    expect(html).toContain(title);
    expect(html).toContain('£435.50 per session');
    expect(html).toContain('10 free');
    expect(html).toContain('Too few outcomes to say (none judged yet)');
    expect(html).toMatch(/\d+ interventions? found/);
  });

  it('leaves out what the person is not eligible for, and says when nothing matches', async () => {
    const men = await page(
      'factors=ACCOMMODATION&pccAreaCode=lincolnshire&sex=MALE&age=30&riskLevel=LOW&supervisionType=LICENCE',
    );
    expect(men.html).not.toContain(title);

    const before = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM search_demand WHERE result_count = 0',
    );
    const nothing = await page(
      'factors=GANG_MEMBERSHIP&pccAreaCode=lincolnshire&sex=FEMALE&age=30&riskLevel=VERY_HIGH&supervisionType=LICENCE&accredited=yes&weekendSessions=yes',
    );
    expect(nothing.status).toBe(200);
    expect(nothing.html).toContain('0 interventions found');
    expect(nothing.html).toContain('Nothing matches this search');
    const after = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM search_demand WHERE result_count = 0',
    );
    expect(after[0].n).toBe(before[0].n + 1);
  });

  it('lays the form out as the MoJ filter: a GET form under the same names, a tag per filter', async () => {
    const first = await page('');
    expect(first.html).toContain('<div class="moj-filter" data-module="moj-filter">');
    expect(first.html).toContain('<form id="find-form" method="get" action="/find" novalidate>');
    expect(first.html).not.toContain('Selected filters');
    // Every field keeps its name (bookmarks and links carry them); the order sits with the
    // results but belongs to the same form.
    for (const name of [
      'factors',
      'postcode',
      'radiusMiles',
      'pccAreaCode',
      'sex',
      'age',
      'riskLevel',
      'supervisionType',
      'startWithinDays',
      'availableOnly',
      'eveningSessions',
      'weekendSessions',
      'accredited',
      'deliveryModes',
      'providerKinds',
    ]) {
      expect(first.html).toContain(`name="${name}"`);
    }
    expect(first.html).toMatch(
      /<select class="govuk-select" id="sort" name="sort"\s+form="find-form">/,
    );
    expect(first.html).toMatch(
      /<button type="submit" class="govuk-button" data-module="govuk-button">\s*Apply filters\s*<\/button>/,
    );

    const search = await page(
      'factors=ACCOMMODATION&pccAreaCode=lincolnshire&sex=FEMALE&age=30&riskLevel=LOW&supervisionType=LICENCE&availableOnly=yes&sort=PRICE',
    );
    expect(search.status).toBe(200);
    const tags = [
      ...search.html.matchAll(
        /<a class="moj-filter__tag" href="([^"]*)"><span class="govuk-visually-hidden">Remove this filter<\/span> ([^<]*)<\/a>/g,
      ),
    ].map(([, href, text]) => ({ text, href: href.replace(/&amp;/g, '&') }));
    const person = 'sex=FEMALE&age=30&riskLevel=LOW&supervisionType=LICENCE';
    expect(tags).toEqual([
      {
        text: 'Accommodation',
        href: `/find?pccAreaCode=lincolnshire&${person}&availableOnly=yes&sort=PRICE`,
      },
      {
        text: 'Lincolnshire',
        href: `/find?factors=ACCOMMODATION&${person}&availableOnly=yes&sort=PRICE`,
      },
      {
        text: 'Female, aged 30, low risk, licence',
        href: '/find?factors=ACCOMMODATION&pccAreaCode=lincolnshire&availableOnly=yes&sort=PRICE',
      },
      {
        text: 'Places free now',
        href: `/find?factors=ACCOMMODATION&pccAreaCode=lincolnshire&${person}&sort=PRICE`,
      },
    ]);
    expect(search.html).toContain('href="/find">Clear filters</a>');

    // A tag's link is the same search without that filter.
    const withoutArea = await WebBrowser.withToken(t.url, purchaser).page(tags[1].href);
    expect(withoutArea.status).toBe(200);
    expect(withoutArea.html).toMatch(/\d+ interventions? found/);
    expect(withoutArea.html).not.toContain('Remove this filter</span> Lincolnshire');
    expect(withoutArea.html).toContain('Remove this filter</span> Accommodation');
    expect(withoutArea.html).toMatch(/<option value="PRICE" selected>/);
  });

  it('names each missing detail of the person on its field, and searches nothing', async () => {
    const { status, html } = await page('factors=ACCOMMODATION&sex=FEMALE&age=abc');
    expect(status).toBe(400);
    expect(html).toContain('<title>Error: Find an intervention');
    expect(html).toContain('href="#age">Age must be a whole number between 10 and 100</a>');
    expect(html).toContain('href="#riskLevel">Select the person’s risk of serious harm</a>');
    expect(html).toContain('href="#supervisionType">Select how the person is supervised</a>');
    expect(html).not.toContain('found</h2>');
  });

  it('says when a postcode cannot be placed', async () => {
    const bad = await page('postcode=nowhere');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Enter a real postcode, like LS1 4AP');
    const unknown = await page('postcode=ZZ9+9ZZ');
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('We could not find that postcode');
  });

  it('finds by postcode and distance, in miles', async () => {
    // A venue's own postcode is known to the built-in geocoder.
    const { status, html } = await page('factors=ACCOMMODATION&postcode=LN2+1PF&radiusMiles=5');
    expect(status).toBe(200);
    expect(html).toContain(title);
    expect(html).toMatch(/0(\.\d)? miles/);
  });

  it('shows the API’s refusal of an unknown area on the area field', async () => {
    const { status, html } = await page('factors=ACCOMMODATION&pccAreaCode=atlantis');
    expect(status).toBe(400);
    expect(html).toContain('href="#pccAreaCode"');
  });

  it('is for signed-in users only', async () => {
    const response = await fetch(`${t.url}/find?factors=DRUGS`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-in?returnTo=%2Ffind%3Ffactors%3DDRUGS');
  });

  describe('the listing page', () => {
    function listing(path: string): Promise<Page> {
      return WebBrowser.withToken(t.url, purchaser).page(path);
    }

    it('is linked from the results with the search, and shows the listing in words', async () => {
      const results = await page('factors=ACCOMMODATION&pccAreaCode=lincolnshire');
      expect(results.html).toContain(
        `href="/interventions/${listingId}?factors=ACCOMMODATION&amp;pccAreaCode=lincolnshire"`,
      );
      const { status, html } = await listing(`/interventions/${listingId}`);
      expect(status).toBe(200);
      expect(html).toContain(`<h1 class="govuk-heading-l">${title}</h1>`);
      expect(html).toContain('£435.50 per session');
      expect(html).toContain('10 free of 10');
      expect(html).toContain('Who it admits');
      expect(html).toContain('Female');
      expect(html).not.toContain('The person you described');
    });

    it('says whether the person from the search is eligible, naming each criterion they fail', async () => {
      const no = await listing(
        `/interventions/${listingId}?sex=MALE&age=70&riskLevel=HIGH&supervisionType=LICENCE`,
      );
      expect(no.html).toContain('The person you described is not eligible');
      expect(no.html).toContain('Sex: this service admits FEMALE only');
      expect(no.html).toContain('Age: this service admits 65 and under');
      expect(no.html).toContain('Risk of serious harm: this service admits LOW, MEDIUM risk only');
      const yes = await listing(
        `/interventions/${listingId}?sex=FEMALE&age=30&riskLevel=LOW&supervisionType=LICENCE`,
      );
      expect(yes.html).toContain('The person you described is eligible for this service.');
    });

    it('is a 404 page for an unknown or malformed id', async () => {
      const unknown = await listing('/interventions/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      expect(unknown.html).toContain('Page not found');
      const malformed = await listing('/interventions/not-an-id');
      expect(malformed.status).toBe(404);
    });
  });

  it('answers eligibility through the API with the rule a purchase applies', async () => {
    const res = await t.gql<{
      intervention: { eligibilityFor: { eligible: boolean; failures: unknown[] } };
    }>(
      `query ($id: ID!, $person: PersonProfileInput!) {
        intervention(id: $id) { eligibilityFor(person: $person) { eligible failures { criterion message } } }
      }`,
      {
        token: purchaser,
        variables: {
          id: listingId,
          person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
        },
      },
    );
    expect(res.data?.intervention.eligibilityFor).toEqual({
      eligible: false,
      failures: [{ criterion: 'sex', message: 'admits FEMALE only' }],
    });
  });
});
