import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createListing, newSupplier } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { httpRoutes } from './support/http-routes';
import { documentFor, operationKey, operationsOf, requiredArgs } from './support/schema-operations';
import { errorCodes, startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/**
 * Who may call what: every query, mutation and HTTP route x every role (and no token), with the
 * expected result. ALLOWED means the gate let the caller through (a NOT_FOUND or BAD_USER_INPUT
 * from the dummy arguments still counts); otherwise the code the gate answers. The test fails
 * when the schema or the router gains an operation this table lacks: add its row here.
 *
 * Arguments are the smallest of the right shape (dummy UUIDs, first enum values); the supplier
 * acts for a real organisation, the purchaser for LDN and the commissioner nationally, so a row
 * shows the role rule, not a scope rule. Where scope still answers, the row says so.
 */
type Outcome = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';
type Caller = 'anonymous' | 'PURCHASER' | 'SUPPLIER' | 'COMMISSIONER' | 'ADMIN';
type Row = Record<Caller, Outcome>;

const A: Outcome = 'ALLOWED';
const F: Outcome = 'FORBIDDEN';
const U: Outcome = 'UNAUTHENTICATED';
const CALLERS: Caller[] = ['anonymous', 'PURCHASER', 'SUPPLIER', 'COMMISSIONER', 'ADMIN'];

/** Columns: anonymous, PURCHASER, SUPPLIER, COMMISSIONER, ADMIN. */
function row(...outcomes: [Outcome, Outcome, Outcome, Outcome, Outcome]): Row {
  return Object.fromEntries(CALLERS.map((caller, i) => [caller, outcomes[i]])) as Row;
}
const PUBLIC = row(A, A, A, A, A);
const ANY_ROLE = row(U, A, A, A, A);
const PURCHASER_ONLY = row(U, A, F, F, F);
const SUPPLIER_ONLY = row(U, F, A, F, F);
const SUPPLIER_OR_ADMIN = row(U, F, A, F, A);
const COMMISSIONER_OR_ADMIN = row(U, F, F, A, A);
const REPORT_READERS = row(U, F, A, A, A); // commissioners, admins, suppliers (their own rows)

export const AUTHORISATION_MATRIX: Record<string, Row> = {
  // Reference data and the caller
  'Query.me': ANY_ROLE,
  'Query.factors': ANY_ROLE,
  'Query.divisions': ANY_ROLE,
  'Query.division': ANY_ROLE,
  'Query.pccAreas': ANY_ROLE,
  // Catalogue
  'Query.organisations': ANY_ROLE,
  'Query.organisation': ANY_ROLE,
  'Query.intervention': ANY_ROLE,
  'Query.rateCard': ANY_ROLE,
  'Query.myInterventions': SUPPLIER_ONLY,
  'Query.auditTrail': row(U, F, A, A, A),
  'Mutation.createOrganisation': row(U, F, F, F, A),
  'Mutation.createIntervention': SUPPLIER_OR_ADMIN,
  'Mutation.updateIntervention': SUPPLIER_OR_ADMIN,
  'Mutation.setInterventionPrice': SUPPLIER_OR_ADMIN,
  'Mutation.setCapacity': SUPPLIER_OR_ADMIN,
  'Mutation.publishIntervention': SUPPLIER_OR_ADMIN,
  'Mutation.suspendIntervention': SUPPLIER_OR_ADMIN,
  'Mutation.withdrawIntervention': SUPPLIER_OR_ADMIN,
  'Mutation.confirmIntervention': SUPPLIER_OR_ADMIN,
  'Mutation.importRateCard': SUPPLIER_OR_ADMIN,
  // Search
  'Query.searchInterventions': ANY_ROLE,
  // Referrals and budgets
  'Query.referral': ANY_ROLE,
  'Query.referrals': ANY_ROLE,
  'Query.divisionBudget': row(U, A, F, A, A),
  'Mutation.setDivisionBudget': COMMISSIONER_OR_ADMIN,
  'Mutation.createReferral': PURCHASER_ONLY,
  'Mutation.withdrawReferral': PURCHASER_ONLY,
  'Mutation.acceptReferral': SUPPLIER_ONLY,
  'Mutation.declineReferral': SUPPLIER_ONLY,
  'Mutation.completeReferral': SUPPLIER_ONLY,
  'Mutation.endReferralEarly': SUPPLIER_ONLY,
  // Delivery
  'Query.desiredOutcomes': ANY_ROLE,
  'Mutation.submitActionPlan': SUPPLIER_ONLY,
  'Mutation.scheduleSession': SUPPLIER_ONLY,
  'Mutation.rescheduleSession': SUPPLIER_ONLY,
  'Mutation.recordSessionFeedback': SUPPLIER_ONLY,
  'Mutation.submitEndOfServiceReport': SUPPLIER_ONLY,
  'Mutation.addCaseNote': row(U, A, A, F, F),
  // Notifications: owners are an organisation (suppliers) or a division (purchasers, division
  // commissioners); a national commissioner owns none, so registering is refused by scope.
  'Query.webhooks': ANY_ROLE,
  'Query.webhookDeliveries': ANY_ROLE,
  'Mutation.registerWebhook': row(U, A, A, F, A),
  'Mutation.deactivateWebhook': ANY_ROLE,
  // Joining the framework: any signed-in user applies; commissioners decide
  'Mutation.applyToJoin': ANY_ROLE,
  'Mutation.amendApplication': ANY_ROLE,
  'Query.myApplications': ANY_ROLE,
  'Query.frameworkApplication': ANY_ROLE,
  'Query.frameworkApplications': COMMISSIONER_OR_ADMIN,
  'Mutation.approveApplication': COMMISSIONER_OR_ADMIN,
  'Mutation.requestApplicationChanges': COMMISSIONER_OR_ADMIN,
  'Mutation.rejectApplication': COMMISSIONER_OR_ADMIN,
  'Query.expiringDeclarations': COMMISSIONER_OR_ADMIN,
  // Suppliers may, for their own organisation only: the dummy organisationId is another's (scope).
  'Mutation.renewDeclaration': row(U, F, F, F, A),
  'Mutation.setPublishPricesOpenly': row(U, F, F, F, A),
  // Outcomes
  'Mutation.recordOutcome': PURCHASER_ONLY,
  'Mutation.amendOutcome': PURCHASER_ONLY,
  'Query.contributionScores': ANY_ROLE,
  // Commissioning reports
  'Query.provisionGaps': COMMISSIONER_OR_ADMIN,
  'Query.rateCardUsage': REPORT_READERS,
  'Query.spend': COMMISSIONER_OR_ADMIN,
  'Query.divisionsWithoutPurchases': COMMISSIONER_OR_ADMIN,
  'Query.staleListings': COMMISSIONER_OR_ADMIN,
  // HTTP routes
  'GET /health': PUBLIC,
  'GET /reports/provisionGaps.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/rateCardUsage.csv': REPORT_READERS,
  'GET /reports/spend.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/divisionsWithoutPurchases.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/staleListings.csv': COMMISSIONER_OR_ADMIN,
  // The public Open Referral UK feed
  'GET /oruk': PUBLIC,
  'GET /oruk/openapi.json': PUBLIC,
  'GET /oruk/services': PUBLIC,
  'GET /oruk/services/:id': PUBLIC,
  'GET /oruk/service_at_locations': PUBLIC,
  'GET /oruk/service_at_locations/:id': PUBLIC,
  'GET /oruk/taxonomies': PUBLIC,
  'GET /oruk/taxonomies/:id': PUBLIC,
  'GET /oruk/taxonomy_terms': PUBLIC,
  'GET /oruk/taxonomy_terms/:id': PUBLIC,
  // Web pages (a page's "unauthenticated" is the redirect to the sign-in page). The sign-in page
  // exists in development only: elsewhere it is a 404 page for everyone.
  'GET /': row(U, A, A, A, A),
  'GET /find': row(U, A, A, A, A),
  'GET /interventions/:id': row(U, A, A, A, A),
  'GET /sign-in': PUBLIC,
  'POST /sign-in': PUBLIC,
  // Signing out needs the session's form token: without a session it is refused for every role.
  'POST /sign-out': row(U, F, F, F, F),
};

/**
 * Argument values that keep scope rules out of the way: the purchaser's own division, and a
 * financial year far ahead (setDivisionBudget as an admin really sets it; no test reads 2090).
 */
const ARGUMENTS = { divisionCode: 'LDN', financialYear: 2090 };

describe('the authorisation matrix', () => {
  let t: TestApp;
  let callerTokens: Record<Caller, string | undefined>;
  beforeAll(async () => {
    // Some 250 requests from a handful of users in a few seconds.
    t = await startApp({ RATE_LIMIT: '100000' });
    const supplier = await newSupplier(t);
    callerTokens = {
      anonymous: undefined,
      PURCHASER: await tokens.purchaser('LDN', 'matrix-purchaser'),
      SUPPLIER: supplier.token,
      COMMISSIONER: await tokens.commissioner(undefined, 'matrix-commissioner'),
      ADMIN: await tokens.admin('matrix-admin'),
    };
  });
  afterAll(() => t.close());

  it('lists every query, mutation and HTTP route (add a row for a new one)', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const served = [...operationsOf(schema).map(operationKey), ...httpRoutes(t)].sort();
    expect(served.filter((op) => op.startsWith('GET ')).length).toBeGreaterThan(1);
    expect(Object.keys(AUTHORISATION_MATRIX).sort()).toEqual(served);
  });

  it('lets each caller through, or refuses them, exactly as the table says', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const observed: Record<string, Row> = {};
    const failures: string[] = [];

    for (const operation of operationsOf(schema)) {
      const key = operationKey(operation);
      const variables = requiredArgs(operation.field.args, ARGUMENTS);
      const query = documentFor(operation, variables);
      const outcomes = {} as Row;
      for (const caller of CALLERS) {
        const res = await t.gql(query, { token: callerTokens[caller], variables });
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        if (res.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) {
          failures.push(`${key} as ${caller}: ${res.status} ${JSON.stringify(res.errors)}`);
        }
        outcomes[caller] = codes.includes('UNAUTHENTICATED')
          ? U
          : codes.includes('FORBIDDEN')
            ? F
            : A;
      }
      observed[key] = outcomes;
    }

    for (const route of httpRoutes(t)) {
      const [method, path] = route.split(' ');
      const outcomes = {} as Row;
      for (const caller of CALLERS) {
        const token = callerTokens[caller];
        const response = await fetch(`${t.url}${path}`, {
          method,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          redirect: 'manual',
        });
        await response.arrayBuffer();
        if (response.status >= 500 && path !== '/health') {
          failures.push(`${route} as ${caller}: ${response.status}`);
        }
        const toSignIn =
          response.status === 303 && /^\/sign-in\b/.test(response.headers.get('location') ?? '');
        outcomes[caller] =
          response.status === 401 || toSignIn ? U : response.status === 403 ? F : A;
      }
      observed[route] = outcomes;
    }

    expect(failures).toEqual([]);
    const expected = Object.fromEntries(
      Object.keys(observed).map((key) => [key, AUTHORISATION_MATRIX[key]]),
    );
    expect(observed).toEqual(expected);
  });
});

/**
 * Row scope on referrals, which the table above (one national commissioner, dummy ids) cannot
 * show: one real referral bought by NE from one provider, read by each kind of caller. A division
 * commissioner sees their own division's referrals only, as for its spend and budget; case notes
 * are for the two sides of the referral and admins, never commissioners.
 */
type Seen = 'SEES' | 'NOT_FOUND';
type Notes = 'READS' | 'FORBIDDEN' | '-';
const REFERRAL_SCOPE: Record<string, { referral: Seen; listed: boolean; caseNotes: Notes }> = {
  admin: { referral: 'SEES', listed: true, caseNotes: 'READS' },
  'national commissioner': { referral: 'SEES', listed: true, caseNotes: 'FORBIDDEN' },
  'NE commissioner': { referral: 'SEES', listed: true, caseNotes: 'FORBIDDEN' },
  'LDN commissioner': { referral: 'NOT_FOUND', listed: false, caseNotes: '-' },
  'NE purchaser': { referral: 'SEES', listed: true, caseNotes: 'READS' },
  'LDN purchaser': { referral: 'NOT_FOUND', listed: false, caseNotes: '-' },
  "the provider's supplier": { referral: 'SEES', listed: true, caseNotes: 'READS' },
  'another supplier': { referral: 'NOT_FOUND', listed: false, caseNotes: '-' },
};

describe('the authorisation matrix: row scope on referrals', () => {
  let t: TestApp;
  let referralId: string;
  const crn = 'S123456';
  let callers: Record<string, string>;

  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT: '100000' });
    t.clock.set('2026-06-01');
    const admin = await tokens.admin('matrix-admin');
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "NE", financialYear: 2026, amountPence: 1000000) { allocatedPence } }`,
      { token: admin },
    );
    const provider = await newSupplier(t);
    const other = await newSupplier(t);
    const listing = await createListing(t, provider.token, {
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: provider.token,
      variables: { id: listing.id },
    });
    const purchaser = await tokens.purchaser('NE', 'matrix-ne-purchaser');
    const bought = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!) { createReferral(input: $input, idempotencyKey: "matrix-scope") { id } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId: listing.id,
            crn,
            person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: await firstOutcomes(t, admin, ['ACCOMMODATION']),
            complexity: 'LOW',
          },
        },
      },
    );
    if (!bought.data) throw new Error(JSON.stringify(bought.errors));
    referralId = bought.data.createReferral.id;
    const note = await t.gql(
      `mutation ($r: ID!) { addCaseNote(referralId: $r, input: { subject: "Housing: private", body: "Landlord details" }) { id } }`,
      { token: purchaser, variables: { r: referralId } },
    );
    expect(note.errors).toBeUndefined();
    callers = {
      admin,
      'national commissioner': await tokens.commissioner(undefined, 'matrix-commissioner'),
      'NE commissioner': await tokens.commissioner('NE', 'matrix-ne-commissioner'),
      'LDN commissioner': await tokens.commissioner('LDN', 'matrix-ldn-commissioner'),
      'NE purchaser': purchaser,
      'LDN purchaser': await tokens.purchaser('LDN', 'matrix-purchaser'),
      "the provider's supplier": provider.token,
      'another supplier': other.token,
    };
  });
  afterAll(() => t.close());

  it('shows each caller the referral, the listing and its case notes exactly as the table says', async () => {
    const observed: typeof REFERRAL_SCOPE = {};
    for (const [who, token] of Object.entries(callers)) {
      const one = await t.gql<{ referral: { id: string } }>(
        `query ($id: ID!) { referral(id: $id) { id crn } }`,
        { token, variables: { id: referralId } },
      );
      const list = await t.gql<{ referrals: { totalCount: number; edges: unknown[] } }>(
        `query ($crn: String) { referrals(filter: { crn: $crn }) { totalCount edges { node { id } } } }`,
        { token, variables: { crn } },
      );
      const notes = await t.gql(
        `query ($id: ID!) { referral(id: $id) { caseNotes { subject } } }`,
        {
          token,
          variables: { id: referralId },
        },
      );
      const noteCodes = errorCodes(notes);
      observed[who] = {
        referral: one.data?.referral ? 'SEES' : (errorCodes(one)[0] as Seen),
        listed: list.data!.referrals.totalCount === 1 && list.data!.referrals.edges.length === 1,
        caseNotes: noteCodes.includes('NOT_FOUND')
          ? '-'
          : noteCodes.includes('FORBIDDEN')
            ? 'FORBIDDEN'
            : 'READS',
      };
    }
    expect(observed).toEqual(REFERRAL_SCOPE);
  });

  it('lists nothing of another division to a division commissioner who filters for it', async () => {
    const res = await t.gql<{ referrals: { totalCount: number } }>(
      `{ referrals(filter: { divisionCode: "NE" }) { totalCount } }`,
      { token: callers['LDN commissioner'] },
    );
    expect(res.data!.referrals.totalCount).toBe(0);
  });

  it("keeps a case note's subject out of the timeline a commissioner reads", async () => {
    const summaries = async (token: string) => {
      const res = await t.gql<{ referral: { timeline: { type: string; summary: string }[] } }>(
        `query ($id: ID!) { referral(id: $id) { timeline { type summary } } }`,
        { token, variables: { id: referralId } },
      );
      return res.data!.referral.timeline.filter((e) => e.type === 'CASE_NOTE_ADDED');
    };
    expect(await summaries(callers['NE commissioner'])).toEqual([
      { type: 'CASE_NOTE_ADDED', summary: 'Case note from the purchaser' },
    ]);
    expect(await summaries(callers["the provider's supplier"])).toEqual([
      { type: 'CASE_NOTE_ADDED', summary: 'Case note from the purchaser: Housing: private' },
    ]);
  });
});
