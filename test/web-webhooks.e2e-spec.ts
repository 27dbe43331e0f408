import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { newSupplier } from './support/catalogue';
import { startApp, TestApp } from './support/test-app';
import { visibleText, WebBrowser } from './support/web-browser';

/**
 * The webhooks page as a supplier uses it: register (the API's checks shown on the form), the
 * signing secret shown once, what each webhook was sent and how the receiver answered, and
 * deactivating.
 */
describe('web: webhooks', () => {
  let t: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  let supplier: WebBrowser;
  let other: WebBrowser;
  let webhookId: string;
  let mineId: string;
  let mineToken: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_MS: '50',
    });
    const mine = await newSupplier(t);
    const theirs = await newSupplier(t);
    mineId = mine.organisationId;
    mineToken = mine.token;
    supplier = new WebBrowser(t.url);
    await supplier.signIn('supplier', { organisationId: mine.organisationId });
    other = new WebBrowser(t.url);
    await other.signIn('supplier', { organisationId: theirs.organisationId });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('links the webhooks page from a supplier’s navigation', async () => {
    const home = await supplier.page('/');
    expect(home.html).toContain('href="/webhooks"');
    const list = await supplier.page('/webhooks');
    expect(list.status).toBe(200);
    expect(list.html).toContain('You have no active webhooks.');
  });

  it('shows the API’s refusals on the form, each on its field, and registers nothing', async () => {
    const form = await supplier.page('/webhooks/new');
    expect(form.html).toContain('A purchaser bought a place');
    const refused = await supplier.post('/webhooks', {
      _csrf: form.csrf,
      url: 'https://10.0.0.1/hook',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<title>Error: Register a webhook');
    expect(html).toContain('href="#events"');
    expect(html).toContain('value="https://10.0.0.1/hook"');

    const internal = await supplier.post('/webhooks', {
      _csrf: form.csrf,
      url: 'https://10.0.0.1/hook',
      events: 'REFERRAL_SENT',
    });
    expect(internal.status).toBe(400);
    const internalHtml = await internal.text();
    expect(internalHtml).toContain('href="#url"');
    expect(internalHtml).toMatch(/id="url-error"/);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM webhook WHERE url = 'https://10.0.0.1/hook'`,
    );
    expect(n).toBe(0);
  });

  it('registers a webhook and shows its signing secret once', async () => {
    const form = await supplier.page('/webhooks/new');
    const registered = await supplier.post('/webhooks', {
      _csrf: form.csrf,
      url: receiverUrl,
      description: 'Our case system',
      events: ['REFERRAL_SENT', 'DECLARATION_RENEWED'],
    });
    expect(registered.status).toBe(303);
    const location = registered.headers.get('location')!;
    expect(location).toMatch(/^\/webhooks\/[0-9a-f-]{36}$/);
    webhookId = location.split('/')[2];
    const [{ secret }] = await t.dataSource.query<{ secret: string }[]>(
      'SELECT secret FROM webhook WHERE id = $1',
      [webhookId],
    );
    const first = await supplier.page(location);
    expect(first.html).toContain('Webhook registered');
    expect(first.html).toContain(secret);
    const second = await supplier.page(location);
    expect(second.html).not.toContain(secret);
    expect(visibleText(second.html)).toContain('Our case system');
    expect(visibleText(second.html)).toContain('Nothing has been sent to this webhook yet.');
    expect((await supplier.page('/webhooks')).html).toContain(`href="/webhooks/${webhookId}"`);
  });

  it('shows what the webhook was sent and how the receiver answered', async () => {
    const renewed = await t.gql(
      `mutation ($org: ID!) { renewDeclaration(organisationId: $org, kind: INSURANCE, declaration: { held: true, expiresOn: "2099-12-31" }) { kind } }`,
      { token: mineToken, variables: { org: mineId } },
    );
    expect(renewed.errors).toBeUndefined();
    // The dispatcher delivers in the background: read the page until the answer is there.
    let text = '';
    for (let i = 0; i < 100 && !text.includes('HTTP 204'); i += 1) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      text = visibleText((await supplier.page(`/webhooks/${webhookId}`)).html);
    }
    expect(text).toContain('1 delivery, newest first');
    expect(text).toContain('Declaration renewed');
    expect(text).toContain('Delivered');
    expect(text).toContain('HTTP 204');
  });

  it('answers another organisation’s webhook with a 404 page and changes nothing', async () => {
    expect((await other.get(`/webhooks/${webhookId}`)).status).toBe(404);
    const form = await other.page('/webhooks');
    const refused = await other.post(`/webhooks/${webhookId}/deactivate`, { _csrf: form.csrf });
    expect(refused.status).toBe(404);
    const [{ active }] = await t.dataSource.query<{ active: boolean }[]>(
      'SELECT active FROM webhook WHERE id = $1',
      [webhookId],
    );
    expect(active).toBe(true);
  });

  it('deactivates a webhook', async () => {
    const page = await supplier.page(`/webhooks/${webhookId}`);
    const done = await supplier.post(`/webhooks/${webhookId}/deactivate`, { _csrf: page.csrf });
    expect(done.headers.get('location')).toBe(`/webhooks/${webhookId}?deactivated=yes`);
    const after = await supplier.page(done.headers.get('location')!);
    expect(visibleText(after.html)).toContain('nothing more will be sent to it');
    expect(after.html).not.toContain('Deactivate this webhook');
    expect((await supplier.page('/webhooks')).html).not.toContain(`href="/webhooks/${webhookId}"`);
    expect((await supplier.page('/webhooks?all=yes')).html).toContain(
      `href="/webhooks/${webhookId}"`,
    );
  });
});
