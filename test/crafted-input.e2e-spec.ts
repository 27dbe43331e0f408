import { newSupplier } from './support/catalogue';
import { CRAFTED_CURSORS } from './support/crafted-cursors';
import { errorCodes, startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/**
 * Hand-made input that once reached PostgreSQL (or graphql-js) unchecked, in development mode,
 * where an unexpected error would show its raw message: each must be BAD_USER_INPUT.
 */
describe('crafted input in development mode', () => {
  let t: TestApp;
  let admin: string;
  let webhookId: string;

  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    });
    admin = await tokens.admin('crafted-admin');
    const supplier = await newSupplier(t);
    const hook = await t.gql<{ registerWebhook: { webhook: { id: string } } }>(
      `mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`,
      {
        token: supplier.token,
        variables: { input: { url: 'http://127.0.0.1:9/crafted', events: ['REFERRAL_SENT'] } },
      },
    );
    if (!hook.data) throw new Error(JSON.stringify(hook.errors));
    webhookId = hook.data.registerWebhook.webhook.id;
  });
  afterAll(() => t.close());

  const lists = (): [string, string, Record<string, unknown>][] => [
    ['referrals', `query ($after: String) { referrals(after: $after) { totalCount } }`, {}],
    [
      'frameworkApplications',
      `query ($after: String) { frameworkApplications(after: $after) { totalCount } }`,
      {},
    ],
    ['staleListings', `query ($after: String) { staleListings(after: $after) { totalCount } }`, {}],
    ['rateCardUsage', `query ($after: String) { rateCardUsage(after: $after) { totalCount } }`, {}],
    [
      'webhookDeliveries',
      `query ($after: String, $w: ID!) { webhookDeliveries(webhookId: $w, after: $after) { totalCount } }`,
      { w: webhookId },
    ],
  ];

  it.each([
    'referrals',
    'frameworkApplications',
    'staleListings',
    'rateCardUsage',
    'webhookDeliveries',
  ])('refuses crafted cursors on %s as BAD_USER_INPUT on after', async (name) => {
    const [, query, variables] = lists().find(([n]) => n === name)!;
    // A sequence of 1 is a real delivery cursor's first value; elsewhere it is no instant.
    const crafted = name === 'webhookDeliveries' ? CRAFTED_CURSORS.slice(1) : CRAFTED_CURSORS;
    for (const after of crafted) {
      const res = await t.gql(query, { token: admin, variables: { ...variables, after } });
      expect({ after, codes: errorCodes(res) }).toEqual({ after, codes: ['BAD_USER_INPUT'] });
      expect(JSON.stringify(res.errors)).not.toMatch(/syntax|out of range|timestamp|bigint/i);
    }
  });

  it('refuses an operation type the schema does not have', async () => {
    for (const query of ['subscription { x }', 'subscription S { me { id } }']) {
      const res = await t.gql(query, { token: admin });
      expect(res.status).toBeLessThan(500);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
