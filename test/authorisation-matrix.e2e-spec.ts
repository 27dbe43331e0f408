import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createListing, newSupplier } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { httpRoutes } from './support/http-routes';
import { documentFor, operationKey, operationsOf, requiredArgs } from './support/schema-operations';
import { errorCodes, startApp, TestApp } from './support/test-app';
import { signToken, tokens } from './support/tokens';
import { Role } from '../src/auth/role';

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
  // Measures (issue 18)
  'Query.measureBreakdown': COMMISSIONER_OR_ADMIN,
  'Query.adaptationProvision': COMMISSIONER_OR_ADMIN,
  'Query.ownAreaCrcPurchases': COMMISSIONER_OR_ADMIN,
  // Rate card reviews and stewardship (issue 19). Suppliers may review their own provider only:
  // the dummy providerId is another's (scope).
  'Query.rateCardReview': row(U, F, F, A, A),
  'Query.servicesAtRisk': COMMISSIONER_OR_ADMIN,
  // Emails (issue 20): everyone's own settings; an organisation's address (its suppliers, admins);
  // the queue (admins).
  'Query.emailPreferences': ANY_ROLE,
  'Mutation.setEmailPreference': ANY_ROLE,
  'Query.organisationEmail': SUPPLIER_OR_ADMIN,
  'Mutation.setOrganisationEmail': SUPPLIER_OR_ADMIN,
  'Query.emails': row(U, F, F, F, A),
  'Query.emailBacklog': row(U, F, F, F, A),
  // Personal data (issue 20, section 2): admins only
  'Query.subjectAccessExport': row(U, F, F, F, A),
  'Query.personalDataAccess': row(U, F, F, F, A),
  'Mutation.erasePerson': row(U, F, F, F, A),
  // Supply chains (issue 19, section 1): the prime's suppliers change; both parties,
  // commissioners and admins read. Suppliers list only their own organisation's subcontracts:
  // the dummy organisationId is another's (scope).
  'Query.subcontract': REPORT_READERS,
  'Query.subcontracts': row(U, F, F, A, A),
  'Query.supplyChain': REPORT_READERS,
  'Mutation.createSubcontract': SUPPLIER_ONLY,
  'Mutation.updateSubcontract': SUPPLIER_ONLY,
  'Mutation.endSubcontract': SUPPLIER_ONLY,
  'Mutation.setListingDeliverer': SUPPLIER_ONLY,
  // Joint commissioning (issue 19): funding pots and spend by funder. A co-funder's commissioner
  // (a COMMISSIONER token with an organisationId) is refused everything else: see below.
  'Query.fundingPots': COMMISSIONER_OR_ADMIN,
  'Query.fundingPot': COMMISSIONER_OR_ADMIN,
  'Mutation.createFundingPot': COMMISSIONER_OR_ADMIN,
  'Mutation.updateFundingPot': COMMISSIONER_OR_ADMIN,
  'Query.spendByFunder': COMMISSIONER_OR_ADMIN,
  // HTTP routes
  'GET /health': PUBLIC,
  // Probes and what is running: open to the platform, never rate limited.
  'GET /health/liveness': PUBLIC,
  'GET /health/readiness': PUBLIC,
  'GET /info': PUBLIC,
  // Open outside production (tests run as `test`); in production METRICS_TOKEN, no user token.
  'GET /metrics': PUBLIC,
  'GET /admin/subject-access/:crn.json': row(U, F, F, F, A),
  'GET /reports/provisionGaps.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/rateCardUsage.csv': REPORT_READERS,
  'GET /reports/spend.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/divisionsWithoutPurchases.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/staleListings.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/measureBreakdown.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/ownAreaCrcPurchases.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/adaptationProvision.csv': COMMISSIONER_OR_ADMIN,
  // Without a providerId the route answers 400 (let through) before any scope rule.
  'GET /reports/rateCardReview.csv': REPORT_READERS,
  'GET /reports/servicesAtRisk.csv': COMMISSIONER_OR_ADMIN,
  'GET /reports/spendByFunder.csv': COMMISSIONER_OR_ADMIN,
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
  // The identity provider's return (OpenID Connect): a 404 page when none is configured.
  'GET /sign-in/callback': PUBLIC,
  // Signing out needs the session's form token: without a session it is refused for every role.
  'POST /sign-out': row(U, F, F, F, F),
  // Suppliers' listing pages. Their forms need the session's form token, so a POST with a bearer
  // token and no session is refused for every role (suppliers included).
  'GET /listings': SUPPLIER_ONLY,
  'GET /listings/new': SUPPLIER_ONLY,
  'POST /listings/new': row(U, F, F, F, F),
  'GET /listings/import': SUPPLIER_ONLY,
  'POST /listings/import': row(U, F, F, F, F),
  'POST /listings/import/confirm': row(U, F, F, F, F),
  'GET /listings/:id': SUPPLIER_ONLY,
  'GET /listings/:id/edit': SUPPLIER_ONLY,
  'POST /listings/:id/edit': row(U, F, F, F, F),
  'GET /listings/:id/price': SUPPLIER_ONLY,
  'POST /listings/:id/price': row(U, F, F, F, F),
  'GET /listings/:id/capacity': SUPPLIER_ONLY,
  'POST /listings/:id/capacity': row(U, F, F, F, F),
  'GET /listings/:id/status/:action': SUPPLIER_ONLY,
  'POST /listings/:id/status/:action': row(U, F, F, F, F),
  // Relay Global Object Identification: any signed-in user (applicants with no role see only
  // their own framework applications through it); what the id names decides the rest (scope).
  'Query.node': ANY_ROLE,
  // Incoming referrals (suppliers only; the matrix's ids are not real, so a supplier gets a 404
  // page, which counts as let through). Forms need the session's token: without one, refused.
  'GET /incoming-referrals': row(U, F, A, F, F),
  'GET /incoming-referrals/:id': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/decline': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/action-plan': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/sessions/new': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/sessions/:sessionId/reschedule': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/sessions/:sessionId/feedback': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/case-notes/new': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/end-of-service-report': row(U, F, A, F, F),
  'GET /incoming-referrals/:id/end-early': row(U, F, A, F, F),
  'POST /incoming-referrals/:id/accept': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/complete': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/decline': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/action-plan': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/sessions/new': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/sessions/:sessionId/reschedule': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/sessions/:sessionId/feedback': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/case-notes/new': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/end-of-service-report': row(U, F, F, F, F),
  'POST /incoming-referrals/:id/end-early': row(U, F, F, F, F),
  // Joining: webhooks (any role; the API scopes them to the caller's organisation or division),
  // applying to join (any signed-in user), declarations (suppliers), deciding (commissioners).
  // Every form needs the session's token: with a bearer token alone a POST is refused (403).
  'GET /webhooks': row(U, A, A, A, A),
  'GET /webhooks/new': row(U, A, A, A, A),
  'POST /webhooks': row(U, F, F, F, F),
  'GET /webhooks/:id': row(U, A, A, A, A),
  'POST /webhooks/:id/deactivate': row(U, F, F, F, F),
  'GET /join': row(U, A, A, A, A),
  'GET /join/organisation': row(U, A, A, A, A),
  'POST /join/organisation': row(U, F, F, F, F),
  'GET /join/reach': row(U, A, A, A, A),
  'POST /join/reach': row(U, F, F, F, F),
  'GET /join/declarations': row(U, A, A, A, A),
  'POST /join/declarations': row(U, F, F, F, F),
  'GET /join/check': row(U, A, A, A, A),
  'POST /join/check': row(U, F, F, F, F),
  'GET /join/applications/:id': row(U, A, A, A, A),
  'POST /join/applications/:id/amend': row(U, F, F, F, F),
  'GET /applications': row(U, F, F, A, A),
  'GET /applications/:id': row(U, F, F, A, A),
  'POST /applications/:id/approve': row(U, F, F, F, F),
  'POST /applications/:id/request-changes': row(U, F, F, F, F),
  'POST /applications/:id/reject': row(U, F, F, F, F),
  'GET /organisation/declarations': row(U, F, A, F, F),
  'GET /organisation/declarations/:kind': row(U, F, A, F, F),
  'POST /organisation/declarations/:kind': row(U, F, F, F, F),
  // Purchasers' pages: buying a place, my referrals, a referral. Their forms need the session's
  // form token: without a session every POST is refused (403), whoever sends it.
  'GET /interventions/:id/buy': PURCHASER_ONLY,
  'POST /interventions/:id/buy': row(U, F, F, F, F),
  'GET /interventions/:id/buy/check': PURCHASER_ONLY,
  'POST /interventions/:id/buy/check': row(U, F, F, F, F),
  'GET /referrals/:id/bought': PURCHASER_ONLY,
  'GET /referrals': PURCHASER_ONLY,
  'GET /referrals/:id': PURCHASER_ONLY,
  'GET /referrals/:id/withdraw': PURCHASER_ONLY,
  'POST /referrals/:id/withdraw': row(U, F, F, F, F),
  'GET /referrals/:id/outcome': PURCHASER_ONLY,
  'POST /referrals/:id/outcome': row(U, F, F, F, F),
  'GET /referrals/:id/case-notes/new': PURCHASER_ONLY,
  'POST /referrals/:id/case-notes': row(U, F, F, F, F),
  // Commissioners' pages (issue 17). Setting a budget needs the session's form token as well.
  'GET /commissioning': COMMISSIONER_OR_ADMIN,
  // The supply-chain manager's view (issue 19): a commissioner's or admin's without ?primeId=
  // is the 404 page (counts as let through).
  'GET /supply-chain': REPORT_READERS,
  'GET /commissioning/gaps': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/gaps.csv': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/areas/:code': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/areas/:code/spend.csv': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/usage': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/usage/:chart.csv': COMMISSIONER_OR_ADMIN,
  // Listings bought or not (without ?bought= it is the 404 page: let through).
  'GET /commissioning/rate-card-usage.csv': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/scorecards': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/breakdowns': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/breakdowns/:table.csv': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/upkeep': COMMISSIONER_OR_ADMIN,
  // Rate card reviews (a CSV without a provider is a 404 page: let through) and services at risk.
  'GET /commissioning/rate-card-review': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/rate-card-review.csv': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/services-at-risk': COMMISSIONER_OR_ADMIN,
  'GET /commissioning/services-at-risk.csv': COMMISSIONER_OR_ADMIN,
  'GET /listings/review': SUPPLIER_ONLY,
  'GET /listings/review.csv': SUPPLIER_ONLY,
  'POST /commissioning/budgets': row(U, F, F, F, F),
  // Emails (issue 20): the settings page (its forms need the session's token); the development
  // mailbox, which exists in development only (a 404 page for everyone elsewhere).
  'GET /account/emails': row(U, A, A, A, A),
  'POST /account/emails': row(U, F, F, F, F),
  'POST /account/emails/organisation': row(U, F, F, F, F),
  'GET /dev/mailbox': PUBLIC,
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

  // Every operation and route as five callers, one request at a time: 20 s alone, 58.5 s (and once
  // past Jest's 60 s) on a loaded machine. A wait limit, not a timing.
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
        if (response.status >= 500 && !path.startsWith('/health')) {
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
  }, 300_000);
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

/**
 * A co-funder's commissioner (joint commissioning: a COMMISSIONER token carrying the
 * organisationId of a Police and Crime Commissioner) sees its own funding pots' spend and
 * outcomes and nothing else: every other operation and route of the table above refuses it
 * (FORBIDDEN / 403), whatever its roles say. Routes open to everyone stay open.
 */
const OPEN_TO_CO_FUNDERS = [
  'Query.me',
  'Query.factors',
  'Query.divisions',
  'Query.division',
  'Query.pccAreas',
  'Query.desiredOutcomes',
  'Query.fundingPots',
  'Query.fundingPot',
  'Query.spendByFunder',
  'GET /reports/spendByFunder.csv',
];

describe("the authorisation matrix: a co-funder's commissioner", () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT: '100000' });
    const [pcc] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM organisation WHERE kind = 'PCC' ORDER BY name LIMIT 1`,
    );
    token = await signToken({
      sub: 'matrix-co-funder',
      roles: [Role.COMMISSIONER],
      organisationId: pcc.id,
    });
  });
  afterAll(() => t.close());

  it('is refused every operation and route but its own pots, reference data and public ones', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const observed: Record<string, Outcome> = {};
    const expected: Record<string, Outcome> = {};
    const failures: string[] = [];
    for (const operation of operationsOf(schema)) {
      const key = operationKey(operation);
      const variables = requiredArgs(operation.field.args, ARGUMENTS);
      const res = await t.gql(documentFor(operation, variables), { token, variables });
      const codes = (res.errors ?? []).map((e) => e.extensions?.code);
      if (res.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR'))
        failures.push(`${key}: ${res.status} ${JSON.stringify(res.errors)}`);
      observed[key] = codes.includes('FORBIDDEN') ? F : A;
      expected[key] = OPEN_TO_CO_FUNDERS.includes(key) ? A : F;
    }
    for (const route of httpRoutes(t)) {
      const [method, path] = route.split(' ');
      const response = await fetch(`${t.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
        redirect: 'manual',
      });
      await response.arrayBuffer();
      if (response.status >= 500 && path !== '/health')
        failures.push(`${route}: ${response.status}`);
      observed[route] = response.status === 403 ? F : A;
      expected[route] =
        OPEN_TO_CO_FUNDERS.includes(route) || AUTHORISATION_MATRIX[route].anonymous === A ? A : F;
    }
    expect(failures).toEqual([]);
    expect(observed).toEqual(expected);
  });
});
