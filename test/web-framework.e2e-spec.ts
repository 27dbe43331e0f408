import { startApp, TestApp } from './support/test-app';
import { visibleText, WebBrowser } from './support/web-browser';

/**
 * Applying to join through the pages: the question pages, check answers, the API's refusals
 * back on their questions, confirmation and status; a commissioner's decision; the new
 * organisation's declarations and renewing one.
 */
describe('web: apply to join the framework', () => {
  let t: TestApp;
  let applicant: WebBrowser;
  let commissioner: WebBrowser;
  let applicationId: string;
  const name = `Open Door Project ${Date.now()}`;

  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
    });
    t.clock.set('2026-06-01');
    applicant = new WebBrowser(t.url);
    await applicant.signIn('applicant');
    commissioner = new WebBrowser(t.url);
    await commissioner.signIn('commissioner');
  });
  afterAll(() => t.close());

  async function answerOrganisation(form: Record<string, string>) {
    const { csrf } = await applicant.page('/join/organisation');
    return applicant.post('/join/organisation', { _csrf: csrf, ...form });
  }

  it('offers a signed-in person with no organisation the way to apply', async () => {
    const home = await applicant.page('/');
    expect(home.html).toContain('href="/join"');
    const start = await applicant.page('/join');
    expect(start.status).toBe(200);
    expect(start.html).toContain('<h1 class="govuk-heading-l">Apply to join the framework</h1>');
    expect(start.html).toContain('href="/join/organisation"');
  });

  it('asks again when a question page is left unanswered, with the error on its field', async () => {
    const refused = await answerOrganisation({ name: 'Nameless' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<title>Error: About your organisation');
    expect(html).toContain('href="#kind"');
    expect(html).toContain('Select what kind of organisation it is');
  });

  it('does not send answers whose organisation kind was never chosen: check answers links to it', async () => {
    // The refused organisation page kept its answers; check answers can still be reached.
    const check = await applicant.page('/join/check');
    expect(check.status).toBe(200);
    const key = /name="key" value="([^"]+)"/.exec(check.html)![1];
    const refused = await applicant.post('/join/check', { _csrf: check.csrf, key });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('href="/join/organisation#kind"');
    expect(html).toContain('Select what kind of organisation it is');
    expect(html).not.toContain('Variable');
  });

  it('shows the API’s refusals of the answers on check answers, each linked to its question', async () => {
    expect(
      (
        await answerOrganisation({
          name,
          kind: 'VOLUNTARY_SECTOR',
          charityNumber: '12', // too short for a charity number
          contactEmail: 'hello@opendoor.example.org',
        })
      ).headers.get('location'),
    ).toBe('/join/reach');
    const reach = await applicant.page('/join/reach');
    expect(reach.html).toContain('West Yorkshire');
    await applicant.post('/join/reach', [
      ['_csrf', reach.csrf],
      ['factors', 'ACCOMMODATION'],
      ['factors', 'LIFESTYLE'],
      ['pccAreaCodes', 'west-yorkshire'],
    ]);
    const declarations = await applicant.page('/join/declarations');
    const toCheck = await applicant.post('/join/declarations', {
      _csrf: declarations.csrf,
      'safeguardingPolicy.held': 'yes',
      'safeguardingPolicy.expiresOn-day': '31',
      'safeguardingPolicy.expiresOn-month': '3',
      'safeguardingPolicy.expiresOn-year': '2027',
      'insurance.held': 'yes',
      'insurance.expiresOn-day': '1',
      'insurance.expiresOn-month': '1',
      'insurance.expiresOn-year': '2026', // already past
      'dataProtection.held': 'yes',
      'vettedStaff.held': 'no',
    });
    expect(toCheck.headers.get('location')).toBe('/join/check');
    const check = await applicant.page('/join/check');
    expect(check.status).toBe(200);
    const text = visibleText(check.html);
    expect(text).toContain(name);
    expect(text).toContain('Accommodation');
    expect(text).toContain('West Yorkshire');
    expect(text).toContain('Yes, until 31 March 2027');

    const key = /name="key" value="([^"]+)"/.exec(check.html)![1];
    const before = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM framework_application',
    );
    const refused = await applicant.post('/join/check', { _csrf: check.csrf, key });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<title>Error: Check your answers');
    expect(html).toContain('href="/join/organisation#charityNumber"');
    const after = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM framework_application',
    );
    expect(after[0].n).toBe(before[0].n);

    // The question page shows the message on its field.
    const organisation = await applicant.page('/join/organisation');
    expect(organisation.html).toContain('<title>Error: About your organisation');
    expect(organisation.html).toMatch(/id="charityNumber-error"[^>]*>[\s\S]*Charity/);
  });

  it('sends the corrected answers once, however often the form is sent, and confirms', async () => {
    const organisation = await applicant.page('/join/organisation?change=yes');
    const changed = await applicant.post('/join/organisation?change=yes', {
      _csrf: organisation.csrf,
      name,
      kind: 'VOLUNTARY_SECTOR',
      charityNumber: `${Date.now() % 10_000_000}`.padStart(7, '1'),
      contactEmail: 'hello@opendoor.example.org',
    });
    expect(changed.headers.get('location')).toBe('/join/check');
    const first = await applicant.page('/join/check');
    const firstKey = /name="key" value="([^"]+)"/.exec(first.html)![1];
    const expired = await applicant.post('/join/check', { _csrf: first.csrf, key: firstKey });
    expect(expired.status).toBe(400);
    const expiredHtml = await expired.text();
    expect(expiredHtml).toContain('href="/join/declarations#insurance-expiresOn-day"');
    expect(expiredHtml).not.toContain('href="/join/organisation#charityNumber"');

    const declarations = await applicant.page('/join/declarations?change=yes');
    expect(declarations.html).toMatch(
      /id="insurance-expiresOn-error"[^>]*>[\s\S]*has already expired/,
    );
    await applicant.post('/join/declarations?change=yes', {
      _csrf: declarations.csrf,
      'safeguardingPolicy.held': 'yes',
      'safeguardingPolicy.expiresOn-day': '31',
      'safeguardingPolicy.expiresOn-month': '3',
      'safeguardingPolicy.expiresOn-year': '2027',
      'insurance.held': 'yes',
      'insurance.expiresOn-day': '31',
      'insurance.expiresOn-month': '12',
      'insurance.expiresOn-year': '2026',
      'dataProtection.held': 'yes',
      'vettedStaff.held': 'yes',
    });
    const check = await applicant.page('/join/check');
    expect(check.html).not.toContain('Error:');
    const key = /name="key" value="([^"]+)"/.exec(check.html)![1];
    const sent = await applicant.post('/join/check', { _csrf: check.csrf, key });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    expect(location).toMatch(/^\/join\/applications\/[0-9a-f-]{36}\?sent=yes$/);
    applicationId = location.split('/')[3].split('?')[0];
    const again = await applicant.post('/join/check', { _csrf: check.csrf, key });
    expect(again.headers.get('location')).toBe('/join');
    const mine = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM framework_application WHERE applicant_id = 'demo-applicant'`,
    );
    expect(mine[0].n).toBe(1);

    const confirmation = await applicant.page(location);
    expect(confirmation.html).toContain('govuk-panel__title');
    expect(confirmation.html).toContain('Application sent');
    const status = await applicant.page(`/join/applications/${applicationId}`);
    expect(visibleText(status.html)).toContain('Status: Submitted');
    expect(visibleText(status.html)).toContain('31 December 2026');
  });

  it('lets a commissioner ask for changes, the applicant amend, and the commissioner approve', async () => {
    const queue = await commissioner.page('/applications');
    expect(queue.status).toBe(200);
    expect(queue.html).toContain(`href="/applications/${applicationId}"`);

    const page = await commissioner.page(`/applications/${applicationId}`);
    const tooShort = await commissioner.post(`/applications/${applicationId}/request-changes`, {
      _csrf: page.csrf,
      note: 'x',
    });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('href="#note"');
    const asked = await commissioner.post(`/applications/${applicationId}/request-changes`, {
      _csrf: page.csrf,
      note: 'Please add your Companies House number.',
    });
    expect(asked.headers.get('location')).toBe(`/applications/${applicationId}`);

    const status = await applicant.page(`/join/applications/${applicationId}`);
    expect(visibleText(status.html)).toContain('Please add your Companies House number.');
    const amend = await applicant.post(`/join/applications/${applicationId}/amend`, {
      _csrf: status.csrf,
    });
    expect(amend.headers.get('location')).toBe('/join/check');
    const check = await applicant.page('/join/check');
    expect(check.html).toContain('Amend your application');
    expect(visibleText(check.html)).toContain(name);
    const key = /name="key" value="([^"]+)"/.exec(check.html)![1];
    const resent = await applicant.post('/join/check', { _csrf: check.csrf, key });
    expect(resent.headers.get('location')).toBe(`/join/applications/${applicationId}?sent=yes`);

    const decide = await commissioner.page(`/applications/${applicationId}`);
    const approved = await commissioner.post(`/applications/${applicationId}/approve`, {
      _csrf: decide.csrf,
    });
    expect(approved.headers.get('location')).toBe(`/applications/${applicationId}`);
    const after = await applicant.page(`/join/applications/${applicationId}`);
    expect(visibleText(after.html)).toContain('Status: Approved');
    const twice = await commissioner.post(`/applications/${applicationId}/approve`, {
      _csrf: decide.csrf,
    });
    expect(twice.status).toBe(400);
    expect(visibleText(await twice.text())).toContain('cannot be approved');
  });

  it('shows the new organisation’s declarations with their expiry, and renews one', async () => {
    const [{ organisation_id: organisationId }] = await t.dataSource.query<
      { organisation_id: string }[]
    >(`SELECT organisation_id FROM framework_application WHERE id = $1`, [applicationId]);
    const supplier = new WebBrowser(t.url);
    await supplier.signIn('supplier', { organisationId });
    const list = await supplier.page('/organisation/declarations');
    expect(list.status).toBe(200);
    expect(visibleText(list.html)).toContain('Liability insurance Yes 31 December 2026');

    const form = await supplier.page('/organisation/declarations/insurance');
    const past = await supplier.post('/organisation/declarations/insurance', {
      _csrf: form.csrf,
      held: 'yes',
      'expiresOn-day': '1',
      'expiresOn-month': '1',
      'expiresOn-year': '2020',
    });
    expect(past.status).toBe(400);
    const pastHtml = await past.text();
    expect(pastHtml).toContain('href="#expiresOn-day"');
    expect(pastHtml).toContain('ExpiresOn must be today or later');

    const renewed = await supplier.post('/organisation/declarations/insurance', {
      _csrf: form.csrf,
      held: 'yes',
      'expiresOn-day': '30',
      'expiresOn-month': '6',
      'expiresOn-year': '2028',
    });
    expect(renewed.headers.get('location')).toBe('/organisation/declarations?renewed=INSURANCE');
    const after = await supplier.page('/organisation/declarations');
    expect(visibleText(after.html)).toContain('Liability insurance Yes 30 June 2028');
    expect((await supplier.get('/organisation/declarations/no-such-thing')).status).toBe(404);
  });

  it('keeps the commissioners’ pages from applicants and suppliers', async () => {
    expect((await applicant.get('/applications')).status).toBe(403);
    expect((await applicant.get(`/applications/${applicationId}`)).status).toBe(403);
    expect((await commissioner.get('/applications/not-an-id')).status).toBe(404);
  });
  it('sends someone whose session expired to sign in and back to where they were', async () => {
    const browser = new WebBrowser(t.url);
    await browser.signIn('applicant');
    const expire = () =>
      t.dataSource.query(`DELETE FROM web_session WHERE sess::text LIKE '%Demo applicant%'`);

    // A page: back to the page.
    await expire();
    const page = await browser.get('/join/reach');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?returnTo=%2Fjoin%2Freach');

    // A form sent after the session ended: nothing changes, and back to the form's page.
    await browser.signIn('applicant');
    const form = await browser.page('/join/organisation');
    await expire();
    const sent = await browser.post(
      '/join/organisation',
      { _csrf: form.csrf, name: 'Sent too late', kind: 'PRIVATE' },
      { referer: `${t.url}/join/organisation?change=yes` },
    );
    expect(sent.status).toBe(303);
    const signInPage = sent.headers.get('location')!;
    expect(signInPage).toBe('/sign-in?returnTo=%2Fjoin%2Forganisation%3Fchange%3Dyes');
    const returnTo = decodeURIComponent(signInPage.split('returnTo=')[1]);
    const { csrf } = await browser.page(signInPage);
    const back = await browser.post('/sign-in', { _csrf: csrf, kind: 'applicant', returnTo });
    expect(back.headers.get('location')).toBe('/join/organisation?change=yes');
    const again = await browser.page('/join/organisation?change=yes');
    expect(again.html).not.toContain('Sent too late');
  });
});
