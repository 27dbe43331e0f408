import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  getNamedType,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { createListing, listingInput, newSupplier } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import {
  documentFor,
  minimalValue,
  Operation,
  operationsOf,
  requiredArgs,
} from './support/schema-operations';
import { findInconsistencies } from '../src/health/consistency';
import { isPagePath } from '../src/web/web-setup';
import { CRAFTED_CURSORS } from './support/crafted-cursors';
import { httpRoutes } from './support/http-routes';
import { AccessLogService } from '../src/privacy/access-log.service';
import { rowCounts } from './support/table-counts';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

/**
 * Property-based: every mutation (and query) in the schema (read at test time, so new ones are included)
 * gets random and boundary values derived from its argument types, sent by a caller the gate
 * lets through (so validation and the service are reached). None may answer
 * INTERNAL_SERVER_ERROR or an HTTP 5xx, and one that fails may not change any table's row count.
 */
const RUNS_PER_MUTATION = 20;
const RUNS_PER_QUERY = 10;
/** Fixed so a run is repeatable; FC_SEED=<n> (or `random`) explores other values. */
const SEED =
  process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20261124);

const HUGE = 'x'.repeat(60_000);
const STRINGS = [
  '',
  ' ',
  'a',
  HUGE,
  '\u0000',
  'nul\u0000in the middle',
  "'; DROP TABLE intervention; --",
  '%_\\',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil.example")',
  'Ünïcødé ☃ 𝄞 👩‍👩‍👧',
  '\ud800',
  '  padded  ',
  '\n\r\t',
];
const INTS = [0, -1, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 1.5, '1'];
const FLOATS = [0, -0, -1, 1e308, -1e308, 5e-324, 90.000001, -180.5, 2 ** 53 + 2, '1.5'];
const SAFE_INTS = [0, -1, 1, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 63, -(2 ** 53), 1.5, '100'];
const DATES = [
  '2090-06-01',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31',
  '1900-01-01',
  '2090-06-01T00:00:00Z',
  'yesterday',
  '',
  20260101,
];
const DATE_TIMES = [
  '2090-06-01T12:00:00Z',
  '2090-06-01',
  'not a time',
  '',
  '+275760-09-13T00:00:00Z',
];
const MALFORMED_IDS = [
  'not-a-uuid',
  '',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-00000000000g',
  "1' OR '1'='1",
  HUGE,
];

/** Values that pass the gate and reach validation, by argument or field name. */
function goodValues(ids: Ids): Record<string, unknown> {
  return {
    divisionCode: 'LDN',
    financialYear: 2090,
    pccAreaCode: 'west-yorkshire',
    crn: 'X123456',
    interventionId: ids.listing,
    referralId: ids.referral,
    providerId: ids.organisation,
    entityId: ids.listing,
  };
}

/** A realistic value for input types the API is most often called with, else the smallest. */
function baseValue(type: GraphQLInputType, name: string, ids: Ids): unknown {
  const named = isNonNullType(type) ? type.ofType : type;
  if (isInputObjectType(named)) {
    const realistic: Record<string, unknown> = {
      CreateInterventionInput: listingInput({ price: { amountPence: 1000, unit: 'PER_REFERRAL' } }),
      UpdateInterventionInput: { summary: 'A summary long enough to be valid.' },
      PriceInput: { amountPence: 1000, unit: 'PER_REFERRAL' },
      CreateReferralInput: {
        interventionId: ids.listing,
        crn: 'X123456',
        person: { sex: 'MALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
        targetFactors: ['ACCOMMODATION'],
      },
      OutcomeInput: {
        factorJudgements: [{ factor: 'ACCOMMODATION', sufficient: true }],
        riskOfHarmFocus: 'YES',
        informationForReview: 'NO',
      },
      CreateOrganisationInput: { name: `Hostile ${Math.random()}`, kind: 'CHARITY' },
    };
    if (named.name in realistic) return realistic[named.name];
  }
  if (named.toString() === 'ID') return ids.listing;
  return minimalValue(type, name, goodValues(ids));
}

interface Ids {
  listing: string;
  referral: string;
  organisation: string;
}

/** Random and boundary values for one input type; mostly near-valid so later checks run too. */
function arbitraryFor(
  type: GraphQLInputType,
  name: string,
  ids: Ids,
  depth = 0,
): fc.Arbitrary<unknown> {
  const base = fc.constant(baseValue(type, name, ids));
  if (isNonNullType(type)) {
    return fc.oneof(
      { arbitrary: arbitraryFor(type.ofType, name, ids, depth), weight: 9 },
      { arbitrary: fc.constant(null), weight: 1 },
    );
  }
  let hostile: fc.Arbitrary<unknown>;
  if (isListType(type)) {
    const element = arbitraryFor(type.ofType, name, ids, depth + 1);
    const one = baseValue(type.ofType, name, ids);
    hostile = fc.oneof(
      fc.constant([]),
      fc.array(element, { maxLength: 4 }),
      fc.constant(Array.from({ length: depth > 0 ? 50 : 3000 }, () => one)),
      fc.constant([null]),
      fc.constant('not a list'),
    );
  } else if (isEnumType(type)) {
    hostile = fc.oneof(
      fc.constantFrom(...type.getValues().map((v) => v.value as string)),
      fc.constantFrom('NOT_A_VALUE', '', 'accommodation', 7),
    );
  } else if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(
      fields.map((field) => [
        field.name,
        depth > 3 ? fc.constant(undefined) : arbitraryFor(field.type, field.name, ids, depth + 1),
      ]),
    );
    const realistic = (baseValue(type, name, ids) ?? {}) as Record<string, unknown>;
    // Each field either stays as in the realistic value or takes a hostile one.
    hostile = fc.oneof(
      fc
        .record(
          Object.fromEntries(
            fields.map((field) => [
              field.name,
              fc.oneof(
                { arbitrary: fc.constant(realistic[field.name]), weight: 3 },
                { arbitrary: model[field.name], weight: 1 },
              ),
            ]),
          ),
        )
        .map((value) =>
          Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)),
        ),
      fc.record(model, { requiredKeys: [] }),
      fc.constant({ ...realistic, notAField: 1 }),
      fc.constant('not an object'),
    );
  } else {
    const byScalar: Record<string, fc.Arbitrary<unknown>> = {
      String: fc.oneof(
        fc.constantFrom(...STRINGS),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ maxLength: 400 }),
      ),
      ID: fc.oneof(
        fc.constantFrom(ids.listing, ids.referral, ids.organisation, ...MALFORMED_IDS),
        fc.uuid(),
      ),
      Int: fc.oneof(fc.constantFrom(...INTS), fc.integer({ min: -1000, max: 1000 })),
      Float: fc.oneof(
        fc.constantFrom(...FLOATS),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
      SafeInt: fc.oneof(fc.constantFrom(...SAFE_INTS), fc.maxSafeInteger()),
      Boolean: fc.constantFrom(true, false, 'true', 0),
      Date: fc.constantFrom(...DATES),
      DateTime: fc.constantFrom(...DATE_TIMES),
      JSONObject: fc.constantFrom({}, { a: { b: { c: [1, 'x', null] } } }, [], 'x'),
    };
    hostile = byScalar[type.name] ?? fc.constantFrom('x', 1, null);
    // A page cursor: also hand-made ones shaped like the API's own.
    if (name === 'after' || name === 'before') {
      hostile = fc.oneof(hostile, fc.constantFrom(...CRAFTED_CURSORS));
    }
  }
  return fc.oneof(
    { arbitrary: base, weight: 2 },
    { arbitrary: hostile, weight: 3 },
    { arbitrary: fc.constant(null), weight: 1 },
  );
}

describe('hostile input to every operation and route', () => {
  let t: TestApp;
  let ids: Ids;
  const callers: Record<string, string> = {};

  beforeAll(async () => {
    // TypeORM logs every failed query (most of this test's) to the console.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    // Thousands of requests from a few users; the year 2090 keeps its budget away from others'.
    // No webhook dispatcher: "a refused request writes nothing" compares every table's row count
    // before and after the request, and the dispatcher would otherwise log delivery attempts
    // (for webhooks this or an earlier file registered) in that window, by chance.
    t = await startApp({ RATE_LIMIT: '10000000', WEBHOOK_DISPATCHER: 'false' });
    t.clock.set('2090-06-01');
    const supplier = await newSupplier(t);
    const admin = await tokens.admin('hostile-admin');
    const purchaser = await tokens.purchaser('LDN', 'hostile-purchaser');
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "LDN", financialYear: 2090, amountPence: 100000000) { allocatedPence } }`,
      { token: admin },
    );
    const listing = await createListing(t, supplier.token, {
      capacity: 500,
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    const bought = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!) { createReferral(idempotencyKey: "hostile-seed", input: $input) { id } }`,
      {
        token: purchaser,
        variables: {
          input: {
            interventionId: listing.id,
            crn: 'X123456',
            person: { sex: 'MALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: await firstOutcomes(t, purchaser, ['ACCOMMODATION']),
            complexity: 'LOW',
          },
        },
      },
    );
    if (!bought.data) throw new Error(JSON.stringify(bought.errors));
    ids = {
      listing: listing.id,
      referral: bought.data.createReferral.id,
      organisation: supplier.organisationId,
    };
    Object.assign(callers, {
      ADMIN: admin,
      SUPPLIER: supplier.token,
      PURCHASER: purchaser,
      COMMISSIONER: await tokens.commissioner(undefined, 'hostile-commissioner'),
    });
  });
  afterAll(() => t.close());

  /** The first caller, most powerful first, whom the gate lets call the mutation. */
  async function callerFor(operation: Operation): Promise<string | undefined> {
    const variables = requiredArgs(operation.field.args, goodValues(ids));
    for (const role of ['ADMIN', 'SUPPLIER', 'PURCHASER', 'COMMISSIONER']) {
      const res = await t.gql(documentFor(operation, variables), {
        token: callers[role],
        variables,
      });
      const codes = (res.errors ?? []).map((e) => e.extensions?.code);
      if (!codes.includes('FORBIDDEN') && !codes.includes('UNAUTHENTICATED')) return callers[role];
    }
    return undefined;
  }

  /**
   * Runs the property on every operation of a kind; returns each failure (with its seed and
   * counterexample, shortened).
   */
  async function attack(kind: Operation['kind'], numRuns: number): Promise<string[]> {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const mutations = operationsOf(schema).filter((op) => op.kind === kind);
    expect(mutations.length).toBeGreaterThan(0);
    const failures: string[] = [];

    for (const operation of mutations) {
      const token = await callerFor(operation);
      if (!token) {
        failures.push(`${operation.name}: no caller passes the gate`);
        continue;
      }
      const argumentsArbitrary = fc.record(
        Object.fromEntries(
          operation.field.args.map((arg) => [arg.name, arbitraryFor(arg.type, arg.name, ids)]),
        ),
      );
      const allArgs = operation.field.args.map((arg) => arg.name);
      const result = await fc.check(
        fc.asyncProperty(argumentsArbitrary, async (drawn) => {
          const variables = Object.fromEntries(
            Object.entries(drawn).filter(([, v]) => v !== undefined),
          );
          const query = documentFor(operation, Object.fromEntries(allArgs.map((a) => [a, 1])));
          // Reads of personal data are recorded in the background (batched): what earlier
          // requests read is written first, so that it is not taken for this request's writing.
          await t.app.get(AccessLogService).flush();
          const before = await rowCounts(t.dataSource);
          const res = await t.gql(query, { token, variables });
          const codes = (res.errors ?? []).map((e) => e.extensions?.code);
          if (res.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) {
            throw new Error(`${res.status} ${JSON.stringify(res.errors)}`);
          }
          if (res.errors?.length) {
            await t.app.get(AccessLogService).flush();
            const after = await rowCounts(t.dataSource);
            const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
            if (changed.length > 0) {
              throw new Error(`failed (${codes.join(', ')}) yet changed ${changed.join(', ')}`);
            }
          }
        }),
        {
          numRuns,
          endOnFailure: true,
          seed: SEED,
        },
      );
      if (result.failed) {
        const shown = JSON.stringify(result.counterexample?.[0], (_k, v: unknown) =>
          typeof v === 'string' && v.length > 200 ? `${v.slice(0, 20)}...(${v.length})` : v,
        );
        failures.push(
          `${operation.name} (seed ${result.seed}): ${shown}: ${String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance).slice(0, 600)}`,
        );
      }
    }
    return failures;
  }

  it('never answers INTERNAL_SERVER_ERROR or a 5xx to a mutation, and a refused one writes nothing', async () => {
    expect(await attack('mutation', RUNS_PER_MUTATION)).toEqual([]);
    // Whatever succeeded kept places, budgets and scores in step with their rows.
    expect(await findInconsistencies(t.dataSource)).toEqual([]);
  }, 600_000);

  it('never answers INTERNAL_SERVER_ERROR or a 5xx to a query, and a refused one writes nothing', async () => {
    expect(await attack('query', RUNS_PER_QUERY)).toEqual([]);
  }, 600_000);

  it('refuses operation types the schema lacks as BAD_USER_INPUT, by POST and by GET', async () => {
    for (const query of [
      'subscription { x }',
      'subscription S { me { id } }',
      'subscription{__typename}',
    ]) {
      const posted = await t.gql(query, { token: callers.ADMIN });
      expect({
        query,
        status: posted.status,
        codes: posted.errors?.map((e) => e.extensions?.code),
      }).toEqual({
        query,
        // A well-formed request whose document fails validation: 200 under application/json
        // (GraphQL over HTTP), 400 under application/graphql-response+json.
        status: 200,
        codes: ['BAD_USER_INPUT'],
      });
      const got = await fetch(`${t.url}/graphql?query=${encodeURIComponent(query)}`, {
        headers: { authorization: `Bearer ${callers.ADMIN}`, 'apollo-require-preflight': 'true' },
      });
      expect(got.status).toBeLessThan(500);
    }
  });

  it('never answers a 5xx to an HTTP route, whatever its query string', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const queries = new Map(operationsOf(schema).map((op) => [op.name, op]));
    const routes = httpRoutes(t)
      .filter((route) => route.startsWith('GET ') && route !== 'GET /health')
      .map((route) => route.slice(4));
    expect(routes.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const path of routes) {
      // A route named after a query (`/reports/spend.csv`) takes that query's arguments, the
      // fields of an input object among them, as parameters.
      const operation = queries.get(
        path
          .split('/')
          .pop()!
          .replace(/\.\w+$/, ''),
      );
      const params = (operation?.field.args ?? []).flatMap((arg) => {
        const type = getNamedType(arg.type);
        return isInputObjectType(type)
          ? Object.values(type.getFields()).map((f) => [f.name, f.type] as const)
          : [[arg.name, arg.type] as const];
      });
      const asText = (value: unknown): string =>
        Array.isArray(value) ? value.map(asText).join(',') : String(value);
      const model: Record<string, fc.Arbitrary<string | undefined>> = Object.fromEntries([
        ...params.map(([name, type]) => [
          name,
          arbitraryFor(type, name, ids, 1).map((v) => (v === undefined ? undefined : asText(v))),
        ]),
        ['unknownParameter', fc.constantFrom(undefined, 'x')],
      ]) as Record<string, fc.Arbitrary<string | undefined>>;
      const query = fc.record(model, { requiredKeys: [] });
      const result = await fc.check(
        fc.asyncProperty(query, async (drawn) => {
          const search = new URLSearchParams(
            Object.entries(drawn).filter((e): e is [string, string] => e[1] !== undefined),
          );
          const response = await fetch(`${t.url}${path}?${search.toString()}`, {
            headers: { authorization: `Bearer ${callers.ADMIN}` },
          });
          const body = await response.text();
          if (response.status >= 500) throw new Error(`${response.status} ${body.slice(0, 300)}`);
          // 414 and 431 (URL or headers too long) are Node's own answers, before the service.
          const tooLong = response.status === 414 || response.status === 431;
          // Web pages answer refusals with GOV.UK error pages, not JSON.
          if (response.status >= 400 && !tooLong && isPagePath(path)) return;
          if (response.status >= 400 && !tooLong && !/"code"/.test(body)) {
            throw new Error(`${response.status} without an error code: ${body.slice(0, 300)}`);
          }
        }),
        { numRuns: RUNS_PER_QUERY * 2, endOnFailure: true, seed: SEED },
      );
      if (result.failed) {
        failures.push(
          `${path} (seed ${result.seed}): ${JSON.stringify(result.counterexample?.[0]).slice(0, 400)}: ${String((result.errorInstance as Error | undefined)?.message)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
