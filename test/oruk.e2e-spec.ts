import { createServer, get as httpGet, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createListing, newSupplier } from './support/catalogue';
import { feed, FeedResponse, nullsIn, Page, SchemaName, violations } from './support/oruk';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

type Json = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Starts the service with some settings (read from the environment at start), then restores it. */
async function startWith(settings: Record<string, string>): Promise<TestApp> {
  const previous = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
  Object.assign(process.env, settings);
  try {
    return await startApp();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const startWithRateLimit = (limit: number) =>
  startWith({ ORUK_RATE_LIMIT_PER_MINUTE: String(limit), PUBLIC_URL: PUBLIC });

/** Where the feed says it is served (PUBLIC_URL), whatever address a request used. */
const PUBLIC = 'https://feed.marketplace.example';

/** A GET with a Host header of the caller's choosing (fetch will not send a forged one). */
function getWithHost(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${base}${path}`, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
  });
}

describe('the Open Referral UK feed', () => {
  let t: TestApp;
  let supplier: { organisationId: string; token: string };
  let quiet: { organisationId: string; token: string };
  let published: { id: string; venueIds: string[] };
  let youth: string;
  let draft: string;
  let modifiedBetween: string;

  const get = <T = Json>(path: string, init?: RequestInit): Promise<FeedResponse<T>> =>
    feed<T>(t.url, path, init);

  async function publish(token: string, id: string): Promise<void> {
    const res = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token,
      variables: { id },
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }

  beforeAll(async () => {
    t = await startWithRateLimit(100_000);
    supplier = await newSupplier(t);
    quiet = await newSupplier(t, 'PRIVATE');
    await t.gql(
      `mutation ($id: ID!) { setPublishPricesOpenly(organisationId: $id, publish: true) { id } }`,
      { token: supplier.token, variables: { id: supplier.organisationId } },
    );
    const housing = await createListing(t, supplier.token, {
      title: 'Zephyr tenancy rescue',
      factors: ['ACCOMMODATION', 'FINANCE'],
      eligibility: { sexes: ['FEMALE'], minAge: 18, maxAge: 65, riskLevels: ['LOW', 'MEDIUM'] },
      adaptations: ['WOMEN_ONLY'],
      accredited: true,
      weekendSessions: true,
      nextStartDate: '2031-01-06',
      venues: [
        {
          name: 'Leeds hub',
          postcode: 'LS1 4AP',
          pccAreaCode: 'west-yorkshire',
          lat: 53.7965,
          lng: -1.5478,
        },
        {
          name: 'Bradford office',
          postcode: 'BD1 1HY',
          pccAreaCode: 'west-yorkshire',
          lat: 53.7938,
          lng: -1.7521,
        },
      ],
      price: { amountPence: 45000, unit: 'PER_REFERRAL' },
    });
    await publish(supplier.token, housing.id);
    published = { id: housing.id, venueIds: [] };
    modifiedBetween = new Date().toISOString();
    youth = (
      await createListing(t, quiet.token, {
        title: 'Zephyr youth employment coaching',
        factors: ['ETE'],
        eligibility: { minAge: 18, maxAge: 25 },
        venues: [
          {
            name: 'Truro centre',
            postcode: 'TR1 2AA',
            pccAreaCode: 'devon-cornwall',
            lat: 50.263,
            lng: -5.051,
          },
        ],
        coverage: ['devon-cornwall'],
        price: { amountPence: 9000, unit: 'PER_SESSION' },
      })
    ).id;
    await publish(quiet.token, youth);
    draft = (await createListing(t, supplier.token, { title: 'Zephyr draft listing' })).id;
    const rows = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM venue WHERE intervention_id = $1 ORDER BY position`,
      [housing.id],
    );
    published.venueIds = rows.map((r) => r.id);
  });
  afterAll(() => t.close());

  describe('walked as the official validator walks it', () => {
    const bodies: { path: string; schema: SchemaName; body: unknown }[] = [];

    beforeAll(async () => {
      const root = await get('/');
      bodies.push({ path: '/', schema: 'api_details', body: root.body });
      const lists: [string, SchemaName, SchemaName][] = [
        ['/services', 'service_list', 'service'],
        ['/service_at_locations', 'service_at_location_list', 'service_at_location'],
        ['/taxonomies', 'taxonomy_list', 'taxonomy'],
        ['/taxonomy_terms', 'taxonomy_term_list', 'taxonomy_term'],
      ];
      for (const [path, listSchema, itemSchema] of lists) {
        const first = await get<Page>(`${path}?page=1`);
        expect(first.status).toBe(200);
        const pages = [
          ...new Set([1, Math.ceil(first.body.total_pages / 2), first.body.total_pages]),
        ];
        const ids = new Set<string>();
        for (const page of pages) {
          const res = page === 1 ? first : await get<Page>(`${path}?page=${page}`);
          expect(res.status).toBe(200);
          bodies.push({ path: `${path}?page=${page}`, schema: listSchema, body: res.body });
          for (const item of res.body.contents) ids.add(item.id as string);
        }
        for (const id of ids) {
          const res = await get(`${path}/${id}`);
          expect(res.status).toBe(200);
          bodies.push({ path: `${path}/${id}`, schema: itemSchema, body: res.body });
        }
      }
    });

    it('answers / with the HSDS-UK 3.0 version, profile and OpenAPI address', async () => {
      const root = await get<Json>('/');
      expect(root.body).toEqual({
        version: 'HSDS-UK-3.0',
        profile: expect.stringMatching(/^https:\/\//) as string,
        openapi_url: `${PUBLIC}/oruk/openapi.json`,
      });
      const openapi = await get<Json>('/openapi.json');
      expect(openapi.status).toBe(200);
      expect(openapi.body.openapi).toMatch(/^3\./);
    });

    it('validates every body against the official schemas', () => {
      expect(bodies.length).toBeGreaterThan(20);
      expect(bodies.flatMap(({ schema, body }) => violations(schema, body))).toEqual([]);
    });

    it('never sends null, and every id is a UUID', () => {
      expect(bodies.flatMap(({ path, body }) => nullsIn(body).map((p) => `${path} ${p}`))).toEqual(
        [],
      );
      const ids: string[] = [];
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(collect);
        else if (value && typeof value === 'object') {
          for (const [key, item] of Object.entries(value)) {
            if (key === 'id' || key.endsWith('_id')) ids.push(item as string);
            collect(item);
          }
        }
      };
      bodies.forEach(({ body }) => collect(body));
      expect(ids.filter((id) => !UUID.test(id))).toEqual([]);
    });
  });

  it('maps a published intervention to a service with its organisation, places, areas, schedules, price and terms', async () => {
    const res = await get<Json>(`/services/${published.id}`);
    expect(res.status).toBe(200);
    const service = res.body;
    expect(service).toMatchObject({
      id: published.id,
      name: 'Zephyr tenancy rescue',
      status: 'active',
      minimum_age: 18,
      maximum_age: 65,
      organization: { id: supplier.organisationId },
      service_areas: [{ name: 'West Yorkshire', service_area: 'west-yorkshire' }],
      schedules: [
        { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '17:00', dtstart: '2031-01-06' },
        { freq: 'WEEKLY', byday: 'SA,SU', dtstart: '2031-01-06' },
      ],
      cost_options: [{ amount: 450, option: 'Price per referral' }],
    });
    const locations = service.service_at_locations as Json[];
    expect(locations.map((l) => l.id)).toEqual(published.venueIds);
    expect(locations[0]).toMatchObject({
      location: {
        location_type: 'physical',
        name: 'Leeds hub',
        latitude: 53.7965,
        addresses: [{ postal_code: 'LS1 4AP', country: 'GB' }],
      },
    });
    const terms = (service.attributes as { taxonomy_term: Json }[]).map(
      (a) => a.taxonomy_term.term,
    );
    expect(terms).toEqual([
      'ACCOMMODATION',
      'FINANCE',
      'SEX_FEMALE',
      'RISK_LOW',
      'RISK_MEDIUM',
      'ADAPTATION_WOMEN_ONLY',
    ]);
  });

  it('shows prices only for organisations that publish them openly', async () => {
    const res = await get<Json>(`/services/${youth}`);
    expect(res.body).not.toHaveProperty('cost_options');
  });

  it('shows only published listings', async () => {
    expect((await get(`/services/${draft}`)).status).toBe(404);
    const list = await get<Page>(`/services?organization_id=${supplier.organisationId}`);
    expect(list.body.contents.map((s) => s.id)).toEqual([published.id]);
  });

  it('pages with the envelope the profile describes', async () => {
    const path = `/service_at_locations?organization_id=${supplier.organisationId}&per_page=1`;
    const first = await get<Page>(`${path}&page=1`);
    expect(first.body).toMatchObject({
      total_items: 2,
      total_pages: 2,
      page_number: 1,
      size: 1,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const last = await get<Page>(`${path}&page=2`);
    expect(last.body).toMatchObject({
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    });
    expect(last.body.contents[0].id).not.toBe(first.body.contents[0].id);
    const beyond = await get<Page>(`${path}&page=3`);
    expect(beyond.status).toBe(200);
    expect(beyond.body).toMatchObject({
      page_number: 3,
      size: 0,
      empty: true,
      last_page: true,
      contents: [],
    });
    const terms = await get<Page>('/taxonomy_terms?per_page=100');
    // Every factor, eligibility criterion and adaptation is a term (BAME_FOCUSED included).
    expect(terms.body).toMatchObject({ total_items: 29, total_pages: 1, size: 29 });
  });

  it('lets any origin read it, including preflight', async () => {
    for (const path of [
      '/',
      '/services',
      `/services/${published.id}`,
      '/services?page=0',
      `/services/${draft}`,
    ]) {
      const res = await get(path, { headers: { origin: 'https://council.example' } });
      expect([path, res.headers.get('access-control-allow-origin')]).toEqual([path, '*']);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
    const preflight = await fetch(`${t.url}/oruk/services`, {
      method: 'OPTIONS',
      headers: { origin: 'https://council.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  describe('filters, combined with AND', () => {
    const ids = async (path: string) => (await get<Page>(path)).body.contents.map((s) => s.id);
    const both = () => [published.id, youth].sort();
    const mine = () => `organization_id=${supplier.organisationId}`;

    it('search: full text over titles, descriptions and the provider', async () => {
      expect((await ids('/services?search=zephyr&per_page=100')).sort()).toEqual(
        expect.arrayContaining(both()),
      );
      expect(await ids('/services?search=zephyr%20rescue&per_page=100')).toEqual([published.id]);
    });

    it('taxonomy_term_id and taxonomy_id', async () => {
      const terms = (await get<Page>('/taxonomy_terms?per_page=100')).body.contents;
      const ete = terms.find((term) => term.term === 'ETE')!;
      const women = terms.find((term) => term.term === 'ADAPTATION_WOMEN_ONLY')!;
      expect(await ids(`/services?search=zephyr&taxonomy_term_id=${ete.id as string}`)).toEqual([
        youth,
      ]);
      expect(await ids(`/services?search=zephyr&taxonomy_term_id=${women.id as string}`)).toEqual([
        published.id,
      ]);
      expect(
        await ids(`/services?search=zephyr&taxonomy_id=${women.taxonomy_id as string}`),
      ).toEqual([published.id]);
      expect(
        await ids(`/services?search=zephyr&taxonomy_id=${ete.taxonomy_id as string}&per_page=100`),
      ).toHaveLength(2);
      expect(
        await ids(`/services?search=zephyr&taxonomy_term_id=00000000-0000-4000-8000-000000000000`),
      ).toEqual([]);
    });

    it('organization_id', async () => {
      expect(await ids(`/services?organization_id=${quiet.organisationId}`)).toEqual([youth]);
    });

    it('modified_after', async () => {
      expect(
        await ids(`/services?search=zephyr&modified_after=${encodeURIComponent(modifiedBetween)}`),
      ).toEqual([youth]);
      expect(await ids(`/services?${mine()}&modified_after=2099-01-01`)).toEqual([]);
    });

    it('minimum_age and maximum_age, as the profile defines them', async () => {
      expect(await ids('/services?search=zephyr&maximum_age=30')).toEqual([youth]);
      expect(
        await ids('/services?search=zephyr&minimum_age=18&maximum_age=65&per_page=100'),
      ).toHaveLength(2);
      expect(await ids('/services?search=zephyr&minimum_age=21')).toEqual([]);
    });

    it('postcode and proximity (metres) on service_at_locations, nearest first', async () => {
      const near = await get<Page>(
        `/service_at_locations?postcode=LS1%204AP&proximity=5000&${mine()}`,
      );
      expect(near.body.contents.map((s) => s.id)).toEqual([published.venueIds[0]]);
      const wider = await get<Page>(
        `/service_at_locations?postcode=ls14ap&proximity=20000&${mine()}`,
      );
      expect(wider.body.contents.map((s) => s.id)).toEqual(published.venueIds);
      const area = await get<Page>(`/service_at_locations?postcode=TR1%202AA&search=zephyr`);
      expect(area.body.contents.map((s) => (s.service as Json).id)).toEqual([youth]);
    });

    it('answers 400 for a postcode it cannot place', async () => {
      const res = await get<Json>('/service_at_locations?postcode=ZZ9%209ZZ&proximity=1000');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'BAD_USER_INPUT', errors: [{ field: 'postcode' }] });
    });
  });

  it.each([
    ['/services?page=0', 'page'],
    ['/services?per_page=1000', 'per_page'],
    ['/services?page=abc', 'page'],
    ['/services?taxonomy_term_id=not-a-uuid', 'taxonomy_term_id'],
    ['/services?organization_id=123', 'organization_id'],
    ['/services?modified_after=yesterday', 'modified_after'],
    ['/services?modified_after=2026-02-30T25:00:00Z', 'modified_after'],
    ['/services?minimum_age=-1', 'minimum_age'],
    ['/services/not-a-uuid', 'id'],
    ['/service_at_locations/42', 'id'],
    ['/service_at_locations?proximity=100', 'proximity'],
    ['/taxonomies?per_page=101', 'per_page'],
    ['/taxonomy_terms/xyz', 'id'],
  ])('answers %s with a 400 JSON error naming %s, never a 500', async (path, field) => {
    const res = await get<{ status: number; error: string; errors: { field: string }[] }>(path);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('BAD_USER_INPUT');
    expect(res.body.errors.map((e) => e.field)).toContain(field);
  });

  it('builds every link from PUBLIC_URL, never from a forged Host header', async () => {
    const forged = {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'gopher',
    };
    for (const path of [
      '/oruk',
      '/oruk/openapi.json',
      '/oruk/taxonomies',
      '/oruk/taxonomy_terms',
    ]) {
      const res = await getWithHost(t.url, path, forged);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.body).not.toMatch(/evil\.example|gopher/);
    }
    const root = JSON.parse((await getWithHost(t.url, '/oruk', forged)).body) as Json;
    expect(root.openapi_url).toBe(`${PUBLIC}/oruk/openapi.json`);
    const terms = JSON.parse(
      (await getWithHost(t.url, '/oruk/taxonomy_terms', forged)).body,
    ) as Page;
    expect(terms.contents.length).toBeGreaterThan(0);
    for (const term of terms.contents) {
      expect(term.term_uri).toBe(`${PUBLIC}/oruk/taxonomy_terms/${String(term.id)}`);
    }
  });

  it('lets caches keep answers for five minutes, and never keep errors', async () => {
    for (const path of ['/', '/services', `/services/${published.id}`, '/taxonomies']) {
      const res = await get(path);
      expect([path, res.headers.get('cache-control')]).toEqual([path, 'public, max-age=300']);
    }
    for (const path of ['/services?page=0', `/services/${draft}`]) {
      const res = await get(path);
      expect([path, res.status >= 400, res.headers.get('cache-control')]).toEqual([
        path,
        true,
        'no-store',
      ]);
    }
  });

  it('refuses a date that does not exist with a 400, for every date parameter', async () => {
    for (const path of ['/services', '/service_at_locations']) {
      for (const day of [
        '2026-02-30',
        '2026-04-31',
        '2026-02-29T10:00:00Z',
        '2026-05-01T25:00:00Z',
      ]) {
        const res = await get<Json>(`${path}?modified_after=${encodeURIComponent(day)}`);
        expect([path, day, res.status, res.body.code]).toEqual([path, day, 400, 'BAD_USER_INPUT']);
      }
    }
  });

  it('answers an unknown id with a 404 JSON error', async () => {
    for (const path of ['/services', '/service_at_locations', '/taxonomies', '/taxonomy_terms']) {
      const res = await get<Json>(`${path}/00000000-0000-4000-8000-000000000000`);
      expect([path, res.status, res.body.error]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('needs no token, and a token changes nothing', async () => {
    const res = await get(`/services/${published.id}`, {
      headers: { authorization: `Bearer ${await tokens.admin()}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('the feed rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startWithRateLimit(3);
  });
  afterAll(() => t.close());

  it('answers 429 as JSON (with CORS) once a client passes it, and leaves the GraphQL API alone', async () => {
    const statuses: number[] = [];
    let last: FeedResponse<Json> | undefined;
    for (let i = 0; i < 5; i += 1) {
      last = await feed<Json>(t.url, '/taxonomies');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.body).toMatchObject({ status: 429, error: 'TOO_MANY_REQUESTS' });
    expect(last!.headers.get('access-control-allow-origin')).toBe('*');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 5; i += 1) {
      const res = await t.gql(`{ factors { code } }`, { token: await tokens.admin() });
      expect(res.errors).toBeUndefined();
    }
  });
});

describe('the feed with a postcode service (GEOCODER_URL)', () => {
  let t: TestApp;
  let geocoder: Server;
  let venueId: string;

  beforeAll(async () => {
    // A stand-in for postcodes.io that knows one postcode no venue has.
    geocoder = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/postcodes/YO17UE') {
        res.end(JSON.stringify({ status: 200, result: { latitude: 53.9591, longitude: -1.0815 } }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ status: 404, error: 'Postcode not found' }));
      }
    });
    await new Promise<void>((resolve) => geocoder.listen(0, '127.0.0.1', resolve));
    const port = (geocoder.address() as AddressInfo).port;
    t = await startWith({ GEOCODER_URL: `http://127.0.0.1:${port}` });
    const supplier = await newSupplier(t);
    const listing = await createListing(t, supplier.token, {
      venues: [
        {
          name: 'York hub',
          postcode: 'YO1 9WL',
          pccAreaCode: 'north-yorkshire',
          lat: 53.958,
          lng: -1.08,
        },
      ],
      coverage: ['north-yorkshire'],
      price: { amountPence: 1000, unit: 'PER_SESSION' },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    venueId = (
      await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM venue WHERE intervention_id = $1`,
        [listing.id],
      )
    )[0].id;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => geocoder.close(resolve));
  });

  it('places postcodes through it, and answers 400 for one it does not know', async () => {
    const near = await feed<Page>(t.url, '/service_at_locations?postcode=YO1%207UE&proximity=2000');
    expect(near.status).toBe(200);
    expect(near.body.contents.map((s) => s.id)).toContain(venueId);
    const unknown = await feed<Json>(
      t.url,
      '/service_at_locations?postcode=YO1%209WL&proximity=2000',
    );
    expect(unknown.status).toBe(400);
  });
});
