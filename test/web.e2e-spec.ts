import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';
import { WebBrowser } from './support/web-browser';

describe('web pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(() => t.close());

  it('sends a visitor who is not signed in to the sign-in page, and back afterwards', async () => {
    const browser = new WebBrowser(t.url);
    const home = await browser.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/sign-in');

    const page = await browser.get('/sign-in?returnTo=%2Fno-such-page%3Fx%3D1');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">Sign in</h1>');
    expect(html).toContain('name="returnTo" value="/no-such-page?x=1"');
    const signedIn = await browser.post('/sign-in', {
      _csrf: WebBrowser.formToken(html),
      kind: 'purchaser',
      divisionCode: 'LDN',
      returnTo: '/no-such-page?x=1',
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/no-such-page?x=1');
  });

  it('keeps the session in a cookie the page scripts cannot read, renewed at sign-in', async () => {
    const browser = new WebBrowser(t.url);
    const page = await browser.get('/sign-in');
    const before = page.headers.get('set-cookie') ?? '';
    expect(before).toMatch(/^marketplace\.sid=/);
    expect(before).toMatch(/HttpOnly/);
    expect(before).toMatch(/SameSite=Lax/);
    const signedIn = await browser.post('/sign-in', {
      _csrf: WebBrowser.formToken(await page.text()),
      kind: 'admin',
    });
    const after = signedIn.headers.get('set-cookie') ?? '';
    expect(after.split(';')[0]).not.toBe(before.split(';')[0]);

    const home = await browser.get('/');
    const html = await home.text();
    expect(home.status).toBe(200);
    expect(html).toContain('Signed in as <strong>Demo administrator</strong>');

    const signOut = await browser.post('/sign-out', { _csrf: WebBrowser.formToken(html) });
    expect(signOut.status).toBe(303);
    expect((await browser.get('/')).headers.get('location')).toBe('/sign-in');
    const sessions = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM web_session WHERE sess::text LIKE '%Demo administrator%'`,
    );
    expect(Number(sessions[0].n)).toBe(0);
  });

  it('refuses a form without the session token, and changes nothing', async () => {
    const browser = new WebBrowser(t.url);
    await browser.get('/sign-in');
    const forged = await browser.post('/sign-in', { _csrf: 'forged', kind: 'admin' });
    expect(forged.status).toBe(403);
    const html = await forged.text();
    expect(html).toContain('Your form has expired');
    expect(html).not.toMatch(/"code"|stack/i);
    expect((await browser.get('/')).status).toBe(303);
  });

  it('answers a missing answer with an error summary naming the field', async () => {
    const browser = new WebBrowser(t.url);
    const page = await browser.get('/sign-in');
    const refused = await browser.post('/sign-in', {
      _csrf: WebBrowser.formToken(await page.text()),
      kind: 'supplier',
      organisationId: '',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<title>Error: Sign in');
    expect(html).toContain('href="#organisationId">Select the organisation you work for</a>');
  });

  it('never sends the user back to another site', async () => {
    const browser = new WebBrowser(t.url);
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const page = await browser.get('/sign-in');
      const signedIn = await browser.post('/sign-in', {
        _csrf: WebBrowser.formToken(await page.text()),
        kind: 'admin',
        returnTo,
      });
      expect(signedIn.headers.get('location')).toBe('/');
    }
  });

  it('serves pages with a content security policy that allows no inline script but the template’s own', async () => {
    const page = await fetch(`${t.url}/sign-in`);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+';/);
    expect(policy).not.toContain('unsafe-inline');
    expect((await fetch(`${t.url}/assets/govuk/govuk-frontend.min.css`)).status).toBe(200);
    expect((await fetch(`${t.url}/assets/app/app.mjs`)).status).toBe(200);
  });

  it('serves every file the pages’ script and stylesheets ask for', async () => {
    const script = await (await fetch(`${t.url}/assets/app/app.mjs`)).text();
    const imports = [...script.matchAll(/^import .* from '([^']+)';$/gm)].map(([, path]) => path);
    expect(imports).toEqual([
      '/assets/govuk/govuk-frontend.min.js',
      '/assets/moj/moj-frontend.min.js',
    ]);
    for (const path of imports) {
      const module = await fetch(`${t.url}${path}`);
      expect([path, module.status]).toEqual([path, 200]);
      expect(module.headers.get('content-type')).toMatch(/javascript/);
    }
    for (const sheet of [
      '/assets/govuk/govuk-frontend.min.css',
      '/assets/moj/moj-frontend.min.css',
    ]) {
      const css = await (await fetch(`${t.url}${sheet}`)).text();
      const urls = new Set([...css.matchAll(/url\((\/[^)#?]+)/g)].map(([, url]) => url));
      expect(urls.size).toBeGreaterThan(0);
      for (const url of urls) {
        expect([url, (await fetch(`${t.url}${url}`)).status]).toEqual([url, 200]);
      }
    }
  });

  it('shows unknown pages as a GOV.UK 404 page, and leaves the API its JSON', async () => {
    const page = await fetch(`${t.url}/no-such-page`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page not found');
    const feed = await fetch(`${t.url}/oruk/no-such-thing`);
    expect(feed.status).toBe(404);
    expect(feed.headers.get('content-type')).toMatch(/json/);
    const api = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(api.headers.get('set-cookie')).toBeNull();
    expect(api.headers.get('content-security-policy') ?? '').not.toContain('form-action');
  });

  it('shows the signed-in user the API’s own answer about them', async () => {
    const home = await fetch(`${t.url}/`, {
      headers: { authorization: `Bearer ${await tokens.purchaser('WLS', 'web-bearer')}` },
    });
    expect(home.status).toBe(200);
    expect(home.headers.get('set-cookie')).toBeNull();
    expect(await home.text()).toContain('WLS');
  });
});

describe('web pages outside development', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('has no demo sign-in page', async () => {
    const page = await fetch(`${t.url}/sign-in`);
    expect(page.status).toBe(404);
    const post = await fetch(`${t.url}/sign-in`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
