import { newSupplier, publishedListing } from './support/catalogue';
import { deliverToEnd, firstOutcomes } from './support/delivery';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/** CRNs only this file uses, and text only a person's case could hold. */
const CRN_BY_VARIABLES = 'Q918273';
const CRN_INLINE = 'Q564738';
const CRN_SEARCHED = 'Q102938';
const NOTES = 'Lives with his sister Margaret Thistlewood at 12 Acacia Avenue';
const CASE_NOTE = 'Thistlewood disclosed a relapse after the court date';
const PERSONAL = [CRN_BY_VARIABLES, CRN_INLINE, CRN_SEARCHED, 'Thistlewood', 'Acacia Avenue'];

/**
 * The service's real log (pino, JSON lines) over a purchase-to-report walk, with CRNs, a person's
 * details and case notes in GraphQL query text and variables, by POST and by GET, and a CRN that
 * makes a query fail in the database: no line may hold any of them.
 */
describe('the log holds no personal data', () => {
  let t: TestApp;
  const lines: string[] = [];
  const consoleOutput: string[] = [];
  const year = 2095;
  const division = 'NE';

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleOutput.push(args.map(String).join(' '));
      });
    }
    t = await startApp({ LOG_LEVEL: 'debug' }, { logTo: (line) => lines.push(line) });
    t.clock.set(`${year}-05-04T09:00:00Z`);
  });
  afterAll(() => t.close());

  async function getGraphql(
    query: string,
    token: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: string }> {
    const search = new URLSearchParams({ query });
    if (variables) search.set('variables', JSON.stringify(variables));
    const response = await fetch(`${t.url}/graphql?${search.toString()}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    return { status: response.status, body: await response.text() };
  }

  it('after a purchase-to-report walk by POST and GET, and a failed query', async () => {
    const admin = await tokens.admin('logs-admin');
    const purchaser = await tokens.purchaser(division, 'logs-purchaser');
    const supplier = await newSupplier(t);
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${division}", financialYear: ${year}, amountPence: 100000000) { allocatedPence } }`,
      { token: admin },
    );
    const listing = await publishedListing(t, supplier.token, {
      capacity: 10,
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    const outcomes = await firstOutcomes(t, purchaser, ['ACCOMMODATION']);
    const person = { sex: 'MALE', age: 41, riskLevel: 'HIGH', supervisionType: 'LICENCE' };

    // Bought by POST, the CRN and the notes in variables.
    const byVariables = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!) { createReferral(idempotencyKey: "logs-1", input: $input) { id crn } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId: listing.id,
            crn: CRN_BY_VARIABLES,
            person,
            notes: NOTES,
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: outcomes,
            complexity: 'LOW',
          },
        },
      },
    );
    expect(byVariables.errors).toBeUndefined();
    // Bought by POST, the CRN and the notes written into the query text.
    const inline = await t.gql<{ createReferral: { id: string } }>(
      `mutation { createReferral(idempotencyKey: "logs-2", input: {
        interventionId: "${listing.id}", crn: "${CRN_INLINE}", notes: "${NOTES}",
        person: { sex: FEMALE, age: 23, riskLevel: MEDIUM, supervisionType: LICENCE },
        targetFactors: [ACCOMMODATION], desiredOutcomes: ${JSON.stringify(outcomes)}, complexity: LOW
      }) { id } }`,
      { token: purchaser },
    );
    expect(inline.errors).toBeUndefined();

    for (const { id } of [byVariables.data!.createReferral, inline.data!.createReferral]) {
      await deliverToEnd(t, supplier.token, id);
      const note = await t.gql(
        `mutation ($r: ID!, $body: String!) { addCaseNote(referralId: $r, input: { subject: "Relapse", body: $body }) { id } }`,
        { token: purchaser, variables: { r: id, body: CASE_NOTE } },
      );
      expect(note.errors).toBeUndefined();
    }

    // Looked up by GET: the CRN in the query text, then in the variables.
    for (const crn of [CRN_BY_VARIABLES, CRN_SEARCHED]) {
      const inText = await getGraphql(
        `{ referrals(filter: { crn: "${crn}" }) { totalCount edges { node { crn notes } } } }`,
        purchaser,
      );
      expect(inText.status).toBe(200);
      const inVariables = await getGraphql(
        `query ($f: ReferralFilter) { referrals(filter: $f) { totalCount } }`,
        purchaser,
        // graphql-js ignores a variable the operation does not declare; the log must too.
        { f: { crn }, note: NOTES },
      );
      expect(inVariables.status).toBe(200);
    }
    // A CRN where an id belongs: PostgreSQL refuses it, quoting it.
    const wrong = await t.gql(`query ($id: ID!) { referral(id: $id) { id } }`, {
      token: purchaser,
      variables: { id: CRN_SEARCHED },
    });
    expect(wrong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // The log was written (a line per request at least), and holds none of it.
    expect(lines.filter((line) => line.includes('request completed')).length).toBeGreaterThan(10);
    expect(lines.some((line) => line.includes('"url":"/graphql"'))).toBe(true);
    // A request's line: who asked for what, its status and time, without the response's headers.
    const completed = JSON.parse(lines.find((line) => line.includes('request completed'))!) as {
      req: Record<string, unknown>;
      res: Record<string, unknown>;
      responseTime: unknown;
    };
    expect(completed.req).toMatchObject({
      id: expect.any(String),
      method: expect.any(String),
      url: expect.any(String),
    });
    expect(completed.res).toEqual({ statusCode: expect.any(Number) });
    expect(typeof completed.responseTime).toBe('number');
    const leaks = [...lines, ...consoleOutput].filter((line) =>
      PERSONAL.some((text) => line.includes(text)),
    );
    expect(leaks.map((line) => line.slice(0, 600))).toEqual([]);
  });
});
