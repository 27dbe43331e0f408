import { createServer as createHttpServer, IncomingHttpHeaders, Server } from 'node:http';
import {
  AddressInfo,
  createServer as createTcpServer,
  Server as TcpServer,
  Socket,
} from 'node:net';
import { WebhookAttemptErrorWords1795499420000 } from '../migrations/1795499420000-WebhookAttemptErrorWords';
import { ATTEMPT_FAILURES } from '../src/notifications/delivery-policy';
import { HostResolver, ResolvedAddress } from '../src/notifications/host-resolver';
import { newSupplier, publishedListing } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { PRODUCTION, startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/**
 * Webhooks never reach internal hosts: the host is resolved, every address checked, at
 * registration and again before every send, and the connection goes to the address checked.
 * There is no internet here: public names are simulated by standing in for the resolver.
 */

const REGISTER = `mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`;
const DELIVERIES = `query ($w: ID!) { webhookDeliveries(webhookId: $w, first: 10) {
  edges { node { status attemptCount attempts { number httpStatus error } } } } }`;
const BUY = `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`;

/** A public address (not in any special range) for names the stand-in resolver makes public. */
const PUBLIC = '93.184.215.14';

interface Refusal {
  code?: string;
  reason?: string;
  fields?: string[];
}

/** Stands in for DNS: names in `names` answer with their addresses; any other goes to the system resolver. */
function standInResolver(
  t: TestApp,
  names: Record<string, (call: number) => string[] | Promise<string[]>>,
): { calls: string[] } {
  const resolver = t.app.get(HostResolver);
  const real = resolver.lookup.bind(resolver);
  const calls: string[] = [];
  jest.spyOn(resolver, 'lookup').mockImplementation(async (name): Promise<ResolvedAddress[]> => {
    calls.push(name);
    const answer = names[name];
    if (!answer) return real(name);
    const addresses = await answer(calls.filter((c) => c === name).length);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  });
  return { calls };
}

async function register(t: TestApp, token: string, url: string) {
  const res = await t.gql<{ registerWebhook: { webhook: { id: string } } }>(REGISTER, {
    token,
    variables: { input: { url, events: ['REFERRAL_SENT'] } },
  });
  const error = res.errors?.[0] as
    | { extensions?: { code?: string; reason?: string; fieldErrors?: { field: string }[] } }
    | undefined;
  const refusal: Refusal | undefined = error && {
    code: error.extensions?.code,
    reason: error.extensions?.reason,
    fields: error.extensions?.fieldErrors?.map((e) => e.field),
  };
  return { id: res.data?.registerWebhook.webhook.id, refusal };
}

async function activeWebhooks(t: TestApp, token: string): Promise<unknown[]> {
  const res = await t.gql<{ webhooks: { nodes: unknown[] } }>(
    `query { webhooks { nodes { id } } }`,
    { token },
  );
  return res.data!.webhooks.nodes;
}

const NOT_ALLOWED: Refusal = {
  code: 'BAD_USER_INPUT',
  reason: 'WEBHOOK_ADDRESS_NOT_ALLOWED',
  fields: ['input.url'],
};

/** Every internal form from the issue, and their relatives, as a receiver's https URL. */
const INTERNAL_URLS = [
  'https://localhost/hooks',
  'https://localhost./hooks',
  'https://LOCALHOST:8443/hooks',
  'https://127.0.0.1/hooks',
  'https://127.1/hooks',
  'https://0x7f000001/hooks',
  'https://2130706433/hooks',
  'https://0.0.0.0/hooks',
  'https://[::]/hooks',
  'https://[::1]/hooks',
  'https://[::127.0.0.1]/hooks',
  'https://[::ffff:127.0.0.1]/hooks',
  'https://[::ffff:10.0.0.1]/hooks',
  'https://[fec0::1]/hooks',
  'https://[fd00::1]/hooks',
  'https://[fe80::1]/hooks',
  'https://[ff02::1]/hooks',
  'https://10.1.2.3/hooks',
  'https://172.16.0.1/hooks',
  'https://192.168.1.1/hooks',
  'https://169.254.169.254/latest/meta-data',
  'https://100.64.0.1/hooks',
  'https://224.0.0.1/hooks',
  // Wildcard DNS names for private addresses (resolved by the stand-in resolver below).
  'https://127.0.0.1.wildcard.example/hooks',
  'https://10.0.0.1.wildcard.example/hooks',
  'https://split.wildcard.example/hooks',
];

function wildcardNames() {
  return {
    '127.0.0.1.wildcard.example': () => ['127.0.0.1'],
    '10.0.0.1.wildcard.example': () => ['10.0.0.1'],
    // One public and one private address: refused, whichever a connection would pick.
    'split.wildcard.example': () => [PUBLIC, '192.168.0.10'],
    'hooks.public.example': () => [PUBLIC],
  };
}

describe('webhook addresses in production', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };

  beforeAll(async () => {
    t = await startApp({
      ...PRODUCTION,
      WEBHOOK_DISPATCHER: 'off',
    });
    supplier = await newSupplier(t);
    standInResolver(t, wildcardNames());
  });
  afterAll(() => t.close());

  it.each(INTERNAL_URLS)('refuses %s as WEBHOOK_ADDRESS_NOT_ALLOWED', async (url) => {
    expect((await register(t, supplier.token, url)).refusal).toEqual(NOT_ALLOWED);
  });

  it('registered none of them, and accepts https to a public name', async () => {
    expect(await activeWebhooks(t, supplier.token)).toEqual([]);
    const accepted = await register(t, supplier.token, 'https://hooks.public.example/marketplace');
    expect(accepted.refusal).toBeUndefined();
    await t.gql(`mutation ($id: ID!) { deactivateWebhook(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: accepted.id },
    });
  });
});

describe('webhook addresses outside production', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  let receiver: Server;
  let connections = 0;
  let port: number;

  beforeAll(async () => {
    receiver = createHttpServer((req, res) => res.end('ok'));
    receiver.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    t = await startApp({
      WEBHOOK_ALLOWED_HOSTS: '',
      WEBHOOK_DISPATCHER: 'off',
      WEBHOOK_TIMEOUT_MS: '500',
    });
    supplier = await newSupplier(t);
    standInResolver(t, {
      ...wildcardNames(),
      // A resolver that never answers: registration must not wait for it forever.
      'hangs.public.example': () => new Promise<string[]>(() => undefined),
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it.each(INTERNAL_URLS)(
    'refuses %s as WEBHOOK_ADDRESS_NOT_ALLOWED when no host is listed',
    async (url) => {
      expect((await register(t, supplier.token, url)).refusal).toEqual(NOT_ALLOWED);
    },
  );

  it('refuses plain http to a local receiver unless its host is listed', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      expect((await register(t, supplier.token, `http://${host}:${port}/hook`)).refusal).toEqual(
        NOT_ALLOWED,
      );
    }
    expect(await activeWebhooks(t, supplier.token)).toEqual([]);
    expect(connections).toBe(0);
  });

  it('refuses a host name that cannot be looked up, or not in time', async () => {
    for (const host of ['no-such-host.invalid', 'hangs.public.example']) {
      expect((await register(t, supplier.token, `https://${host}/hooks`)).refusal).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'WEBHOOK_HOST_NOT_RESOLVED',
        fields: ['input.url'],
      });
    }
    expect(await activeWebhooks(t, supplier.token)).toEqual([]);
  });
});

describe('webhook addresses at every send', () => {
  const person = { sex: 'FEMALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
  const servers: (Server | TcpServer)[] = [];
  let t: TestApp;
  let resolverCalls: string[];
  /** Requests the well-behaved receiver got, with their headers. */
  const received: IncomingHttpHeaders[] = [];
  /** Connections to the listener a rebinding name points at: there must be none. */
  let trapConnections = 0;
  /** The webhooks registered, by what their receiver does. */
  const hooks: Record<string, string> = {};
  let supplierToken: string;

  const sockets: Socket[] = [];

  async function listen<S extends Server | TcpServer>(server: S): Promise<number> {
    servers.push(server);
    server.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  afterAll(async () => {
    await t?.close();
    for (const socket of sockets) socket.destroy();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  it('checks the address again before each attempt, connects only to the address checked, and records failures in words that do not reveal the network', async () => {
    const receiverPort = await listen(
      createHttpServer((req, res) => {
        received.push(req.headers);
        req.resume();
        res.end('ok');
      }),
    );
    const trap = createHttpServer((req, res) => res.end('should never be reached'));
    trap.on('connection', () => (trapConnections += 1));
    const trapPort = await listen(trap);
    const closed = createTcpServer();
    const closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    servers.splice(servers.indexOf(closed), 1);
    const resetPort = await listen(createTcpServer((socket) => socket.resetAndDestroy()));
    const silentPort = await listen(createTcpServer(() => undefined));

    t = await startApp({
      // Only these names may be internal: not rebind.public.example, whatever it resolves to.
      WEBHOOK_ALLOWED_HOSTS:
        'receiver.local.example,closed.local.example,reset.local.example,silent.local.example,tls.local.example',
      WEBHOOK_MAX_ATTEMPTS: '1',
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_POLL_MS: '60000',
    });
    t.clock.set('2036-06-01');
    resolverCalls = standInResolver(t, {
      'receiver.local.example': () => ['127.0.0.1'],
      'closed.local.example': () => ['127.0.0.1'],
      'reset.local.example': () => ['127.0.0.1'],
      'silent.local.example': () => ['127.0.0.1'],
      'tls.local.example': () => ['127.0.0.1'],
      // Public when registered, then re-pointed at this machine (DNS rebinding).
      'rebind.public.example': (call) => (call === 1 ? [PUBLIC] : ['127.0.0.1']),
    }).calls;

    const admin = await tokens.admin();
    const supplier = await newSupplier(t);
    supplierToken = supplier.token;
    const listing = await publishedListing(t, supplier.token, {
      capacity: 10,
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    for (const [name, url] of Object.entries({
      // Plain http to a name that real DNS does not know: it can only be reached at the
      // address the check found.
      delivered: `http://receiver.local.example:${receiverPort}/hook`,
      rebound: `https://rebind.public.example:${trapPort}/hook`,
      refused: `http://closed.local.example:${closedPort}/hook`,
      reset: `http://reset.local.example:${resetPort}/hook`,
      silent: `http://silent.local.example:${silentPort}/hook`,
      // TLS to a plain-http listener: the "wrong version number" kind of failure.
      tls: `https://tls.local.example:${receiverPort}/hook`,
    })) {
      const hook = await register(t, supplier.token, url);
      expect([name, hook.refusal]).toEqual([name, undefined]);
      hooks[name] = hook.id!;
    }

    const purchaser = await tokens.purchaser('NE', 'webhook-addresses-purchaser');
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "NE", financialYear: 2036, amountPence: 100000000) { allocatedPence } }`,
      { token: admin },
    );
    const bought = await t.gql(BUY, {
      token: purchaser,
      variables: {
        input: {
          interventionId: listing.id,
          crn: 'N700007',
          person,
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes: await firstOutcomes(t, purchaser, ['ACCOMMODATION']),
          complexity: 'LOW',
        },
        key: `webhook-addresses-${Date.now()}`,
      },
    });
    expect(bought.errors).toBeUndefined();

    type Attempt = { number: number; httpStatus: number | null; error: string | null };
    const outcome: Record<string, { status: string; attempts: Attempt[] }> = {};
    const deadline = Date.now() + 30_000;
    for (const [name, id] of Object.entries(hooks)) {
      for (;;) {
        const res = await t.gql<{
          webhookDeliveries: { edges: { node: { status: string; attempts: Attempt[] } }[] };
        }>(DELIVERIES, { token: supplier.token, variables: { w: id } });
        const node = res.data?.webhookDeliveries.edges[0]?.node;
        if (node && node.status !== 'PENDING') {
          outcome[name] = { status: node.status, attempts: node.attempts };
          break;
        }
        if (Date.now() > deadline) throw new Error(`no result for the ${name} webhook`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    const failed = (error: string) => ({
      status: 'FAILED',
      attempts: [{ number: 1, httpStatus: null, error }],
    });
    expect(outcome).toEqual({
      delivered: { status: 'DELIVERED', attempts: [{ number: 1, httpStatus: 200, error: null }] },
      rebound: failed(ATTEMPT_FAILURES.ADDRESS_NOT_ALLOWED),
      refused: failed(ATTEMPT_FAILURES.COULD_NOT_CONNECT),
      reset: failed(ATTEMPT_FAILURES.COULD_NOT_CONNECT),
      silent: failed(ATTEMPT_FAILURES.TIMED_OUT),
      tls: failed(ATTEMPT_FAILURES.COULD_NOT_CONNECT),
    });
    // The rebinding name was looked up at registration and again at the send, which the
    // check refused before any connection was made.
    expect(resolverCalls.filter((name) => name === 'rebind.public.example')).toEqual([
      'rebind.public.example',
      'rebind.public.example',
    ]);
    expect(trapConnections).toBe(0);
    // The receiver was reached by name (Host header) at the checked address.
    expect(received.map((headers) => headers.host)).toEqual([
      `receiver.local.example:${receiverPort}`,
    ]);
    expect(resolverCalls.filter((name) => name === 'receiver.local.example')).toHaveLength(2);
  });

  it('rewrites the words of attempts recorded before the check (a migration)', async () => {
    const old = 'Could not reach the receiver (ECONNREFUSED)';
    await t.dataSource.query(
      `UPDATE webhook_delivery_attempt a SET error = $2 FROM webhook_delivery d
        WHERE d.id = a.delivery_id AND d.webhook_id = $1`,
      [hooks.refused, old],
    );
    await t.dataSource.query(`UPDATE webhook_delivery SET last_error = $2 WHERE webhook_id = $1`, [
      hooks.refused,
      old,
    ]);
    const runner = t.dataSource.createQueryRunner();
    try {
      await new WebhookAttemptErrorWords1795499420000().up(runner);
    } finally {
      await runner.release();
    }
    const res = await t.gql<{
      webhookDeliveries: { edges: { node: { attempts: { error: string | null }[] } }[] };
    }>(DELIVERIES, { token: supplierToken, variables: { w: hooks.refused } });
    expect(res.data?.webhookDeliveries.edges[0].node.attempts).toEqual([
      expect.objectContaining({ error: ATTEMPT_FAILURES.COULD_NOT_CONNECT }),
    ]);
    const [{ last_error }] = await t.dataSource.query<{ last_error: string }[]>(
      `SELECT last_error FROM webhook_delivery WHERE webhook_id = $1`,
      [hooks.refused],
    );
    expect(last_error).toBe(ATTEMPT_FAILURES.COULD_NOT_CONNECT);
  });
});
