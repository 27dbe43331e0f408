import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLInterfaceType, isObjectType } from 'graphql';
import { createListing, newSupplier, publishedListing } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { tokens } from './support/tokens';
import { errorCodes, startApp, TestApp } from './support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const person = { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' };

describe('Relay and Apollo Client: nodes, stable ids, nullable lookups', () => {
  let t: TestApp;
  let admin: string;
  let buyer: string;
  let supplier: { organisationId: string; token: string };
  let listingId: string;
  let draftId: string;
  let referralId: string;

  beforeAll(async () => {
    // A webhook to 127.0.0.1 (never called here) registers without a DNS look-up.
    t = await startApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    t.clock.set('2027-05-04T09:00:00Z');
    admin = await tokens.admin();
    buyer = await tokens.purchaser('MID');
    supplier = await newSupplier(t);
    listingId = (
      await publishedListing(t, supplier.token, {
        price: { amountPence: 20000, unit: 'PER_REFERRAL', outcomePaymentPence: 0 },
      })
    ).id;
    draftId = (await createListing(t, supplier.token)).id;
    const budget = await t.gql(
      `mutation { setDivisionBudget(divisionCode: "MID", financialYear: 2027, amountPence: 10000000) { allocatedPence } }`,
      { token: admin },
    );
    if (!budget.data) throw new Error(JSON.stringify(budget.errors));
    const res = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!) { createReferral(input: $input, idempotencyKey: "relay-1") { id } }`,
      {
        token: buyer,
        variables: {
          input: {
            interventionId: listingId,
            crn: 'X123456',
            person,
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: await firstOutcomes(t, buyer, ['ACCOMMODATION']),
            complexity: 'LOW',
          },
        },
      },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    referralId = res.data.createReferral.id;
  });
  afterAll(() => t.close());

  describe('a lookup that finds nothing', () => {
    it.each([
      ['referral', `referral(id: "${UNKNOWN}") { id }`],
      ['intervention', `intervention(id: "${UNKNOWN}") { id }`],
      ['organisation', `organisation(id: "${UNKNOWN}") { id }`],
      ['frameworkApplication', `frameworkApplication(id: "${UNKNOWN}") { id }`],
      ['division', `division(code: "ATLANTIS") { code }`],
      ['rateCard', `rateCard(providerId: "${UNKNOWN}") { asOf }`],
      ['fundingPot', `fundingPot(id: "${UNKNOWN}") { id }`],
      ['subcontract', `subcontract(id: "${UNKNOWN}") { id }`],
    ])(
      '%s answers null with NOT_FOUND, and the rest of the response still answers',
      async (field, selection) => {
        const res = await t.gql<Record<string, unknown>>(`{ me { id } ${selection} }`, {
          token: admin,
        });
        expect(res.status).toBe(200);
        expect(res.data).toEqual({ me: { id: 'admin' }, [field]: null });
        expect(errorCodes(res)).toEqual(['NOT_FOUND']);
        expect(res.errors![0].path).toEqual([field]);
      },
    );
  });

  describe('node(id:)', () => {
    const NODE = `query ($id: ID!) { node(id: $id) { __typename id
      ... on Referral { status }
      ... on Intervention { title }
      ... on Organisation { name }
      ... on Division { code name }
      ... on Factor { factorCode: code }
      ... on PccArea { code }
      ... on DesiredOutcome { description }
      ... on ContributionScore { scoreFactor: factor judged provider { id } } } }`;

    async function node(id: string, token = admin) {
      return t.gql<{ node: Record<string, unknown> | null }>(NODE, { token, variables: { id } });
    }

    it('answers every kind of record by the id its own fields answered', async () => {
      const ids = await t.gql<{
        referral: { id: string; intervention: { id: string; provider: { id: string } } };
        divisions: { id: string; code: string; pccAreas: { id: string; code: string }[] }[];
        factors: { id: string; code: string }[];
        desiredOutcomes: { id: string }[];
      }>(
        `query ($id: ID!) { referral(id: $id) { id intervention { id provider { id } } }
           divisions { id code pccAreas { id code } } factors { id code } desiredOutcomes { id } }`,
        { token: buyer, variables: { id: referralId } },
      );
      const { referral, divisions, factors, desiredOutcomes } = ids.data!;
      expect(divisions.find((d) => d.code === 'LDN')!.id).toBe('Division:LDN');
      expect(factors[0].id).toBe(`Factor:${factors[0].code}`);

      expect((await node(referral.id, buyer)).data!.node).toMatchObject({
        __typename: 'Referral',
        id: referralId,
        status: 'SUBMITTED',
      });
      expect((await node(referral.intervention.id, buyer)).data!.node).toMatchObject({
        __typename: 'Intervention',
        id: listingId,
      });
      expect((await node(supplier.organisationId, buyer)).data!.node).toMatchObject({
        __typename: 'Organisation',
        id: supplier.organisationId,
      });
      expect((await node('Division:LDN', buyer)).data!.node).toEqual({
        __typename: 'Division',
        id: 'Division:LDN',
        code: 'LDN',
        name: 'London',
      });
      const area = divisions[0].pccAreas[0];
      expect((await node(area.id, buyer)).data!.node).toEqual({
        __typename: 'PccArea',
        id: area.id,
        code: area.code,
      });
      expect((await node(factors[0].id, buyer)).data!.node).toMatchObject({
        __typename: 'Factor',
        factorCode: factors[0].code,
      });
      expect((await node(desiredOutcomes[0].id, buyer)).data!.node).toMatchObject({
        __typename: 'DesiredOutcome',
        id: desiredOutcomes[0].id,
      });
    });

    it('answers a contribution score by the id its field answered', async () => {
      const res = await t.gql<{
        organisation: { contribution: { id: string } };
        intervention: { contribution: { id: string } };
      }>(
        `query ($org: ID!, $listing: ID!) { organisation(id: $org) { contribution(factor: ETE) { id } }
           intervention(id: $listing) { contribution { id } } }`,
        { token: buyer, variables: { org: supplier.organisationId, listing: listingId } },
      );
      const providerScore = res.data!.organisation.contribution.id;
      expect(providerScore).toBe(`ContributionScore:PROVIDER:${supplier.organisationId}:ETE`);
      expect((await node(providerScore, buyer)).data!.node).toEqual({
        __typename: 'ContributionScore',
        id: providerScore,
        scoreFactor: 'ETE',
        judged: 0,
        provider: { id: supplier.organisationId },
      });
      const listingScore = res.data!.intervention.contribution.id;
      expect(listingScore).toBe(`ContributionScore:INTERVENTION:${listingId}:ALL`);
      expect((await node(listingScore, buyer)).data!.node).toMatchObject({
        __typename: 'ContributionScore',
        id: listingScore,
      });
    });

    it('answers what the caller may not see exactly as what does not exist: null and NOT_FOUND', async () => {
      const elsewhere = await tokens.purchaser('NE');
      const other = await newSupplier(t);
      const cases: [string, string][] = [
        [referralId, elsewhere], // another division's referral
        [draftId, buyer], // a draft, visible only to its supplier
        [`ContributionScore:INTERVENTION:${draftId}:ALL`, buyer],
        [referralId, other.token], // a referral on another provider's listing
        [supplier.organisationId, await tokens.applicant('nobody@example.org')],
        [UNKNOWN, admin],
        ['Division:ATLANTIS', admin],
        ['Factor:ACCOMMODATION:EXTRA', admin],
        ['ContributionScore:PROVIDER:not-a-uuid:ALL', admin],
        ['Nothing:1', admin],
        ['not an id', admin],
      ];
      for (const [id, token] of cases) {
        const res = await node(id, token);
        expect([id, res.status, res.data, errorCodes(res)]).toEqual([
          id,
          200,
          { node: null },
          ['NOT_FOUND'],
        ]);
        expect(res.errors![0].message).toBe(`Node ${id} was not found`);
      }
      // ...while the owners see them.
      expect((await node(draftId, supplier.token)).data!.node).toMatchObject({ id: draftId });
      expect((await node(referralId, supplier.token)).data!.node).toMatchObject({
        id: referralId,
      });
    });
  });

  it('answers the records fetched through a listing or a referral by their ids, as their owner allows', async () => {
    const note = await t.gql<{ addCaseNote: { id: string } }>(
      `mutation ($id: ID!) { addCaseNote(referralId: $id, input: { subject: "Housing", body: "Called the landlord." }) { id } }`,
      { token: buyer, variables: { id: referralId } },
    );
    const res = await t.gql<{
      referral: {
        statusHistory: { id: string }[];
        timeline: { id: string }[];
        intervention: { venues: { id: string }[]; priceHistory: { id: string }[] };
      };
    }>(
      `query ($id: ID!) { referral(id: $id) { statusHistory { id } timeline { id }
         intervention { venues { id } priceHistory { id } } } }`,
      { token: buyer, variables: { id: referralId } },
    );
    const { statusHistory, timeline, intervention } = res.data!.referral;
    const RECORD = `query ($id: ID!) { node(id: $id) { __typename id
      ... on Venue { name pccArea { code } }
      ... on Price { amountPence }
      ... on ReferralStatusChange { status }
      ... on TimelineEvent { type }
      ... on CaseNote { subject } } }`;
    const record = async (id: string, token = buyer) =>
      (await t.gql<{ node: Record<string, unknown> | null }>(RECORD, { token, variables: { id } }))
        .data?.node;
    expect(await record(intervention.venues[0].id)).toEqual({
      __typename: 'Venue',
      id: intervention.venues[0].id,
      name: 'Leeds hub',
      pccArea: { code: 'west-yorkshire' },
    });
    expect(await record(intervention.priceHistory[0].id)).toEqual({
      __typename: 'Price',
      id: intervention.priceHistory[0].id,
      amountPence: 20000,
    });
    expect(await record(statusHistory[0].id)).toEqual({
      __typename: 'ReferralStatusChange',
      id: statusHistory[0].id,
      status: 'SUBMITTED',
    });
    expect(await record(timeline[0].id)).toMatchObject({ __typename: 'TimelineEvent' });
    const noteId = note.data!.addCaseNote.id;
    expect(await record(noteId)).toEqual({
      __typename: 'CaseNote',
      id: noteId,
      subject: 'Housing',
    });
    // Case notes are not for commissioners, who may see the referral; another division's
    // purchaser sees neither; a draft's venues are its supplier's only.
    const commissioner = await tokens.commissioner();
    expect(await record(statusHistory[0].id, commissioner)).toMatchObject({
      id: statusHistory[0].id,
    });
    const hidden = await t.gql(RECORD, { token: commissioner, variables: { id: noteId } });
    expect([hidden.data, errorCodes(hidden)]).toEqual([{ node: null }, ['NOT_FOUND']]);
    expect(await record(timeline[0].id, await tokens.purchaser('NE'))).toBeNull();
    const draft = await t.gql<{ intervention: { venues: { id: string }[] } }>(
      `query ($id: ID!) { intervention(id: $id) { venues { id } } }`,
      { token: supplier.token, variables: { id: draftId } },
    );
    const draftVenue = draft.data!.intervention.venues[0].id;
    expect(await record(draftVenue, supplier.token)).toMatchObject({ id: draftVenue });
    expect(await record(draftVenue)).toBeNull();
  });

  it('answers webhooks and audit events to those who may list them', async () => {
    const hook = await t.gql<{ registerWebhook: { webhook: { id: string } } }>(
      `mutation { registerWebhook(input: { url: "http://127.0.0.1:9/relay", events: [REFERRAL_SENT] }) { webhook { id } } }`,
      { token: supplier.token },
    );
    const webhookId = hook.data!.registerWebhook.webhook.id;
    const trail = await t.gql<{ auditTrail: { nodes: { id: string }[] } }>(
      `query ($id: ID!) { auditTrail(entityId: $id) { nodes { id } } }`,
      { token: supplier.token, variables: { id: listingId } },
    );
    const eventId = trail.data!.auditTrail.nodes[0].id;
    const NODE = `query ($id: ID!) { node(id: $id) { __typename id } }`;
    const node = async (id: string, token: string) =>
      (await t.gql<{ node: unknown }>(NODE, { token, variables: { id } })).data?.node;
    const other = (await newSupplier(t)).token;
    expect(await node(webhookId, supplier.token)).toEqual({ __typename: 'Webhook', id: webhookId });
    expect(await node(webhookId, admin)).toEqual({ __typename: 'Webhook', id: webhookId });
    expect(await node(webhookId, other)).toBeNull();
    expect(await node(eventId, supplier.token)).toEqual({ __typename: 'AuditEvent', id: eventId });
    expect(await node(eventId, admin)).toEqual({ __typename: 'AuditEvent', id: eventId });
    expect(await node(eventId, other)).toBeNull();
    expect(await node(eventId, buyer)).toBeNull();
  });

  it('answers funding pots, subcontracts, webhook deliveries, emails and reads of personal data to those who may see them', async () => {
    const ask = async (id: string, token: string) => {
      const res = await t.gql<{ node: { __typename: string; id: string } | null }>(
        `query ($id: ID!) { node(id: $id) { __typename id } }`,
        { token, variables: { id } },
      );
      return res.data?.node ?? errorCodes(res);
    };
    const must = async <T>(query: string, token: string, variables = {}) => {
      const res = await t.gql<T>(query, { token, variables });
      if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    };
    const other = await newSupplier(t);
    const elsewhere = await tokens.commissioner('NE');
    const { createFundingPot: pot } = await must<{ createFundingPot: { id: string } }>(
      `mutation ($input: CreateFundingPotInput!) { createFundingPot(input: $input) { id } }`,
      admin,
      {
        input: {
          // Not MID: this file's purchases stay on MID's own budget.
          divisionCode: 'LDN',
          financialYear: 2027,
          name: 'Relay pot',
          funders: [
            {
              organisationId: (await newSupplier(t, 'LOCAL_AUTHORITY')).organisationId,
              amountPence: 1000,
            },
          ],
        },
      },
    );
    const { createSubcontract: subcontract } = await must<{ createSubcontract: { id: string } }>(
      `mutation ($input: CreateSubcontractInput!) { createSubcontract(input: $input) { id } }`,
      supplier.token,
      {
        input: {
          subcontractorId: other.organisationId,
          reference: 'RELAY-1',
          startsOn: '2027-04-01',
          endsOn: '2028-03-31',
          factors: ['ACCOMMODATION'],
          pccAreaCodes: ['west-yorkshire'],
          annualValuePence: 100000,
        },
      },
    );
    // A referral sent to the supplier: a webhook delivery and an email to its address.
    const address = `relay-${supplier.organisationId.slice(0, 8)}@provider.example`;
    await must(
      `mutation ($o: ID!, $e: String) { setOrganisationEmail(organisationId: $o, email: $e) { email } }`,
      supplier.token,
      { o: supplier.organisationId, e: address },
    );
    const { registerWebhook } = await must<{ registerWebhook: { webhook: { id: string } } }>(
      `mutation { registerWebhook(input: { url: "http://127.0.0.1:9/deliveries", events: [REFERRAL_SENT] }) { webhook { id } } }`,
      supplier.token,
    );
    await must(
      `mutation ($input: CreateReferralInput!) { createReferral(input: $input, idempotencyKey: "relay-2") { id } }`,
      buyer,
      {
        input: {
          interventionId: listingId,
          crn: 'X654321',
          person,
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes: await firstOutcomes(t, buyer, ['ACCOMMODATION']),
          complexity: 'LOW',
        },
      },
    );
    const { webhookDeliveries } = await must<{ webhookDeliveries: { nodes: { id: string }[] } }>(
      `query ($w: ID!) { webhookDeliveries(webhookId: $w) { nodes { id } } }`,
      supplier.token,
      { w: registerWebhook.webhook.id },
    );
    const { emails } = await must<{ emails: { nodes: { id: string; recipient: string }[] } }>(
      `{ emails(kind: REFERRAL_RECEIVED, first: 100) { nodes { id recipient } } }`,
      admin,
    );
    // The buyer reads the person's CRN: a read of personal data, logged.
    await must(`query ($id: ID!) { referral(id: $id) { crn } }`, buyer, { id: referralId });
    const { personalDataAccess } = await must<{ personalDataAccess: { nodes: { id: string }[] } }>(
      `{ personalDataAccess(crn: "X123456") { nodes { id } } }`,
      admin,
    );
    const cases: [string, string, string[], string[]][] = [
      // type, id, who sees it, who does not
      [
        'FundingPot',
        pot.id,
        [admin, await tokens.commissioner('LDN')],
        [elsewhere, buyer, supplier.token],
      ],
      [
        'Subcontract',
        subcontract.id,
        [supplier.token, other.token, admin, elsewhere],
        [buyer, (await newSupplier(t)).token],
      ],
      [
        'WebhookDelivery',
        webhookDeliveries.nodes[0].id,
        [supplier.token, admin],
        [other.token, buyer],
      ],
      [
        'Email',
        emails.nodes.find((e) => e.recipient === address)!.id,
        [admin],
        [supplier.token, elsewhere],
      ],
      ['PersonalDataAccessEvent', personalDataAccess.nodes[0].id, [admin], [buyer, elsewhere]],
    ];
    for (const [typename, id, seers, others] of cases) {
      for (const token of seers)
        expect([typename, await ask(id, token)]).toEqual([typename, { __typename: typename, id }]);
      for (const token of others)
        expect([typename, await ask(id, token)]).toEqual([typename, ['NOT_FOUND']]);
    }
  });

  it('makes every object with an id a Node, but the few docs/clients.md names with a reason', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../schema.graphql'), 'utf8'));
    const node = schema.getType('Node') as GraphQLInterfaceType;
    const notNodes = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => 'id' in type.getFields() && !type.getInterfaces().includes(node))
      .map((type) => type.name)
      .sort();
    expect(notNodes).toEqual(['AuditActor', 'DivisionBudget', 'Me']);
    const clients = readFileSync(join(__dirname, '../docs/clients.md'), 'utf8');
    for (const name of notNodes) expect(clients).toContain(`\`${name}\``);
  });

  it('gives price versions, venues, status changes and timeline events stable ids', async () => {
    const query = `query ($id: ID!) { referral(id: $id) { statusHistory { id status } timeline { id type }
      intervention { venues { id name } price { id amountPence } priceHistory { id amountPence } } } }`;
    const first = await t.gql<{
      referral: {
        statusHistory: { id: string }[];
        timeline: { id: string }[];
        intervention: {
          venues: { id: string }[];
          price: { id: string };
          priceHistory: { id: string }[];
        };
      };
    }>(query, { token: buyer, variables: { id: referralId } });
    const again = await t.gql(query, { token: buyer, variables: { id: referralId } });
    expect(again.data).toEqual(first.data);
    const { statusHistory, timeline, intervention } = first.data!.referral;
    const ids = [
      ...statusHistory,
      ...timeline,
      ...intervention.venues,
      ...intervention.priceHistory,
    ].map((x) => x.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(intervention.price.id).toBe(intervention.priceHistory.at(-1)!.id);
  });
});

describe('GraphQL over HTTP', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await tokens.admin();
  });
  afterAll(() => t.close());

  async function post(body: unknown, accept?: string) {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
        ...(accept ? { accept } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await res.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    return { status: res.status, type: res.headers.get('content-type'), json };
  }

  const JSON_TYPE = 'application/json; charset=utf-8';
  const GRAPHQL_TYPE = 'application/graphql-response+json; charset=utf-8';

  it.each([
    ['a syntax error', { query: '{ me { id ' }],
    ['an unknown field', { query: '{ me { salary } }' }],
    [
      'a variable of the wrong type',
      { query: 'query ($c: String!) { division(code: $c) { name } }', variables: { c: 12 } },
    ],
    ['an unknown operation name', { query: 'query A { me { id } }', operationName: 'B' }],
  ])(
    'answers %s 200 under application/json and 400 under application/graphql-response+json',
    async (_what, body) => {
      for (const [accept, status, type] of [
        [undefined, 200, JSON_TYPE],
        ['application/json', 200, JSON_TYPE],
        ['application/graphql-response+json', 400, GRAPHQL_TYPE],
        ['application/graphql-response+json, application/json;q=0.9', 400, GRAPHQL_TYPE],
      ] as const) {
        const res = await post(body, accept);
        expect([accept, res.status, res.type, res.json.data]).toEqual([
          accept,
          status,
          type,
          undefined,
        ]);
        expect(res.json.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
    },
  );

  it('answers an operation that runs 200 under both, errors or not', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const ok = await post({ query: '{ me { id } }' }, accept);
      expect([ok.status, ok.json.data]).toEqual([200, { me: { id: 'admin' } }]);
      const refused = await post({ query: `{ referral(id: "${UNKNOWN}") { id } }` }, accept);
      expect([refused.status, refused.json.data]).toEqual([200, { referral: null }]);
    }
  });

  it('answers a request that is not well formed 400 under both', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      expect((await post({ variables: {} }, accept)).status).toBe(400);
      expect((await post('{"query": ', accept)).status).toBe(400);
    }
  });

  it('answers 406 when the client accepts neither media type', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
        accept: 'text/html',
      },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(406);
  });

  it('speaks Apollo’s automatic persisted queries: an unknown hash answers PERSISTED_QUERY_NOT_FOUND, then the query registers', async () => {
    const query = '{ me { roles } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await post({ extensions });
    expect(unknown.status).toBe(200);
    expect(unknown.json.errors).toEqual([
      { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
    ]);
    const registered = await post({ query, extensions });
    expect(registered.json).toEqual({ data: { me: { roles: ['ADMIN'] } } });
    const byHash = await post({ extensions });
    expect(byHash.json).toEqual({ data: { me: { roles: ['ADMIN'] } } });
  });
});
