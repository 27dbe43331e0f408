import { newSupplier, publishedListing } from './support/catalogue';
import { desiredOutcomes } from './support/delivery';
import { startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';
import { Page, visibleText, WebBrowser } from './support/web-browser';

/** Each area row of the gaps table: its code and its figures, as the page shows them. */
function tableRows(html: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const match of html.matchAll(
    /<tr class="govuk-table__row" data-area="([^"]+)">([\s\S]*?)<\/tr>/g,
  )) {
    const cells = [...match[2].matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map((m) => m[1]);
    // Listings, places, searches, found nothing, (availability, national, found a place), referrals.
    rows.set(match[1], [cells[0], cells[1], cells[2], cells[3], cells[7]].map(Number));
  }
  return rows;
}

describe('web: the commissioners’ pages', () => {
  let t: TestApp;
  let national: string;
  let wales: string;
  let supplierName: string;

  function page(path: string, token: string): Promise<Page> {
    return WebBrowser.withToken(t.url, token).page(path);
  }

  beforeAll(async () => {
    t = await startApp({
      NODE_ENV: 'development',
      SEED_DEMO_ON_FIRST_START: 'false',
      LOG_LEVEL: 'silent',
      // Every report afresh: other test files share this database and record searches while
      // this one compares a page or CSV with a report asked moments later, so an answer kept
      // from earlier (REPORT_CACHE_SECONDS, 30 in development) would not match.
      REPORT_CACHE_SECONDS: '0',
    });
    national = await tokens.commissioner();
    wales = await tokens.commissioner('WAL');
    // Supply in Gwent, and demand there and in Dyfed-Powys (where nothing is on offer).
    const supplier = await newSupplier(t);
    const organisation = await t.gql<{ organisation: { name: string } }>(
      `query ($id: ID!) { organisation(id: $id) { name } }`,
      { token: national, variables: { id: supplier.organisationId } },
    );
    supplierName = organisation.data!.organisation.name;
    await publishedListing(t, supplier.token, {
      title: 'Gwent housing support',
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
      coverage: ['gwent'],
      venues: [
        { name: 'Newport', postcode: 'NP20 1AA', pccAreaCode: 'gwent', lat: 51.59, lng: -3.0 },
      ],
    });
    const purchaser = await tokens.purchaser('WAL');
    for (const pccAreaCode of ['gwent', 'gwent', 'dyfed-powys']) {
      const search = await t.gql(
        `query ($filter: InterventionSearchInput!) { searchInterventions(filter: $filter) { totalCount } }`,
        { token: purchaser, variables: { filter: { factors: ['ACCOMMODATION'], pccAreaCode } } },
      );
      expect(search.errors).toBeUndefined();
    }
  });
  afterAll(() => t.close());

  it('shows a national commissioner every area on the map and in the table, Dyfed-Powys a gap', async () => {
    const { status, html } = await page('/commissioning/gaps?factor=ACCOMMODATION', national);
    expect(status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">Gaps in provision</h1>');
    expect(html.match(/class="app-cartogram__tile"/g)).toHaveLength(42);
    expect(tableRows(html).size).toBe(42);
    expect(html).toContain('aria-label="Dyfed-Powys: gap"');
    expect(tableRows(html).get('gwent')).toEqual([1, 10, 2, 0, 0]);
    expect(tableRows(html).get('dyfed-powys')).toEqual([0, 0, 1, 1, 0]);
  });

  it('sorts the gaps table on the server by links, in the order MoJ’s sortable table keeps', async () => {
    // The table shows every area on one page, so MoJ's script may sort it in the browser: it
    // re-sorts the rows by the column in aria-sort at once, by each cell's data-sort-value or its
    // contents (a number when they are one). Those values must already be in the server's order
    // (nulls last), or the page would reorder itself as it loads.
    const value = (cell: string): number | string => {
      const shown = /^<t[hd]([^>]*)>([\s\S]*)$/.exec(cell)!;
      const text = /data-sort-value="([^"]*)"/.exec(shown[1])?.[1] || shown[2];
      return Number.isFinite(Number(text)) ? Number(text) : text;
    };
    const compare = (a: number | string, b: number | string) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    const columns = ['area', 'division', 'listings', 'places', 'searches', 'noResult'];
    columns.push('availability', 'national', 'hitRate', 'referrals', 'gap');
    for (const sort of columns.filter((c) => c !== 'national')) {
      for (const order of ['ascending', 'descending']) {
        const { html } = await page(
          `/commissioning/gaps?factor=ACCOMMODATION&sort=${sort}&order=${order}`,
          national,
        );
        expect(html).toContain(
          '<table class="govuk-table app-gaps-table" data-module="moj-sortable-table">',
        );
        const table = html.slice(html.indexOf('app-gaps-table'));
        const heads = [
          ...table
            .slice(0, table.indexOf('</thead>'))
            .matchAll(
              /<th scope="col"[^>]*?(?: aria-sort="(\w+)")?>(<a class="govuk-link" href="[^"]+">)?/g,
            ),
        ];
        // Each sortable column: a link that sorts on the server, its state in aria-sort.
        expect(heads.map(([, state, link]) => [state ?? null, Boolean(link)])).toEqual(
          columns.map((c) =>
            c === 'national' ? [null, false] : [c === sort ? order : 'none', true],
          ),
        );
        const index = columns.indexOf(sort);
        const values = [
          ...table.matchAll(/<tr class="govuk-table__row" data-area="[^"]+">([\s\S]*?)<\/tr>/g),
        ].map(([, row]) => value(row.split(/<\/t[hd]>/)[index].trim()));
        expect(values).toHaveLength(42);
        const outOfOrder = values.slice(1).flatMap((v, i) => {
          const step = compare(values[i], v);
          return (order === 'ascending' ? step <= 0 : step >= 0) ? [] : [[values[i], v]];
        });
        expect({ sort, order, outOfOrder }).toEqual({ sort, order, outOfOrder: [] });
      }
    }
  });

  it('shows a division commissioner their own division only, and refuses another', async () => {
    const { status, html } = await page('/commissioning/gaps', wales);
    expect(status).toBe(200);
    expect([...tableRows(html).keys()].sort()).toEqual([
      'dyfed-powys',
      'gwent',
      'north-wales',
      'south-wales',
    ]);
    expect(html.match(/class="app-cartogram__tile"/g)).toHaveLength(4);
    expect(html).not.toContain('All divisions');

    const other = await page('/commissioning/gaps?division=LDN', wales);
    expect(other.status).toBe(403);
    const area = await page('/commissioning/areas/london', wales);
    expect(area.status).toBe(403);
    const own = await page('/commissioning/areas/gwent', wales);
    expect(own.status).toBe(200);
    expect(own.html).toContain('<h1 class="govuk-heading-l">Gwent</h1>');

    for (const path of [
      '/commissioning/usage',
      '/commissioning/upkeep',
      '/commissioning/scorecards',
    ]) {
      expect((await page(path, wales)).status).toBe(200);
    }
    const upkeep = await page('/commissioning/upkeep', wales);
    expect(upkeep.html).toContain('data-division="WAL"');
    expect(upkeep.html).not.toContain('data-division="LDN"');
  });

  it('refuses suppliers and purchasers every commissioning page (403)', async () => {
    const supplier = await newSupplier(t);
    const purchaser = await tokens.purchaser('WAL');
    for (const token of [supplier.token, purchaser]) {
      for (const path of [
        '/commissioning/gaps',
        '/commissioning/gaps.csv',
        '/commissioning/areas/gwent',
        '/commissioning/areas/gwent/spend.csv',
        '/commissioning/usage',
        '/commissioning/usage/spend-by-division.csv',
        '/commissioning/scorecards',
        '/commissioning/upkeep',
        '/commissioning/breakdowns',
        '/commissioning/breakdowns/by-sex.csv',
      ]) {
        const { status, html } = await page(path, token);
        expect({ path, status }).toEqual({ path, status: 403 });
        expect(html).toContain('You cannot see this page');
      }
    }
  });

  it('shows availability as needs met over needs beside the national figure, and the search hit rate apart', async () => {
    const { html } = await page('/commissioning/gaps?factor=ACCOMMODATION', national);
    const row = (area: string) =>
      new RegExp(`<tr class="govuk-table__row" data-area="${area}">([\\s\\S]*?)</tr>`).exec(
        html,
      )![1];
    const national44 = await t.gql<{
      provisionGaps: {
        nationalAvailabilityCrc: { rate: number };
        nationalAvailabilityNps: { rate: number };
      }[];
    }>(
      `{ provisionGaps(filter: { pccAreaCode: "gwent", factors: [ACCOMMODATION] }) {
          nationalAvailabilityCrc { rate } nationalAvailabilityNps { rate } } }`,
      { token: national },
    );
    const figure = national44.data!.provisionGaps[0];
    const nationalWords = `CRC ${Math.round(figure.nationalAvailabilityCrc.rate * 100)}%, NPS ${Math.round(figure.nationalAvailabilityNps.rate * 100)}%`;
    // Two searches in Gwent by one purchaser on one day: one need, met; Dyfed-Powys: one need, not met.
    expect(row('gwent')).toContain('100% <span class="govuk-body-s">(1 of 1)</span>');
    expect(row('gwent')).toContain(nationalWords);
    expect(row('dyfed-powys')).toContain('0% <span class="govuk-body-s">(0 of 1)</span>');
    // The search hit rate is its own column: Gwent's two searches found a place, Dyfed-Powys' not.
    const hitRate = (area: string) =>
      [...row(area).matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map((m) => m[1])[6];
    expect([hitRate('gwent'), hitRate('dyfed-powys')]).toEqual(['100%', '0%']);
    expect(row('northumbria')).toContain('No needs');
    expect(html).toContain(
      'the inspectorate found availability above 80% for eight of ten factors; it is not a standard',
    );
    expect(html).toContain('availability below 80%');

    const area = await page('/commissioning/areas/gwent', national);
    expect(area.html).toContain('100% (1 of 1)');
    expect(area.html).toContain(nationalWords);
    expect(area.html).toContain('it is not a standard');
  });

  it('the page’s CSV has the API’s CSV columns', async () => {
    const headerOf = async (path: string) =>
      (
        await (
          await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${national}` } })
        ).text()
      ).split(/\r?\n/)[0];
    expect(await headerOf('/commissioning/gaps.csv?factor=ACCOMMODATION')).toBe(
      await headerOf('/reports/provisionGaps.csv?factors=ACCOMMODATION'),
    );
  });

  it('shows each provider’s risk-of-harm focus and information-for-review rates beside the national figures', async () => {
    const { status, html } = await page('/commissioning/scorecards?factor=ACCOMMODATION', national);
    expect(status).toBe(200);
    expect(html).toContain('Focused on risk of harm (of applicable)');
    expect(html).toContain('Information used in review (of applicable)');
    expect(html).toContain('national 61% of 249');
    expect(html).toContain('national 66% of 180');
    expect(html).toContain(
      '“Were the interventions sufficiently focused on protecting those at risk of harm from this service user?”',
    );
  });

  it('shows the breakdowns, each with what it counts and a CSV with the API’s columns and figures', async () => {
    const { status, html } = await page('/commissioning/breakdowns', national);
    expect(status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">Breakdowns</h1>');
    for (const title of [
      'Measures by sex',
      'Measures by supervision type',
      'NPS purchases from their own area’s CRC',
      'Services focused on Black, Asian and minority ethnic people, by area',
    ]) {
      expect(html).toContain(`<h2 class="govuk-heading-m">${title}</h2>`);
    }
    expect(html).toContain('availability is needs met over needs');
    const text = async (path: string) =>
      (
        await (
          await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${national}` } })
        ).text()
      )
        .trim()
        .split(/\r?\n/);
    const pairs: [string, string][] = [
      ['by-sex', 'measureBreakdown.csv?by=SEX'],
      ['by-supervision-type', 'measureBreakdown.csv?by=SUPERVISION_TYPE'],
      ['own-area-crc', 'ownAreaCrcPurchases.csv'],
      ['bame-provision', 'adaptationProvision.csv'],
    ];
    for (const [table, report] of pairs) {
      const fromPage = await text(`/commissioning/breakdowns/${table}.csv`);
      const fromApi = await text(`/reports/${report}`);
      expect({ table, csv: fromPage }).toEqual({ table, csv: fromApi });
      expect(fromPage.length).toBeGreaterThan(1);
    }
    // Gwent has one published listing, none of it adapted: 0 of 1.
    const bame = await text('/commissioning/breakdowns/bame-provision.csv');
    expect(bame.find((l) => l.startsWith('gwent,'))).toBe('gwent,Gwent,1,0,0,0,0');
    expect((await page('/commissioning/breakdowns/nothing.csv', national)).status).toBe(404);
    // Other test files share this database and may search for someone in particular, so the
    // rows by sex are not all NOT_GIVEN; but together they count the gap report's needs. They
    // also record searches, and roll days up, while this compares: the two reports are asked
    // again (a few times at most) until nothing changed between them.
    const needsBothWays = async () => {
      const bySex = await text('/reports/measureBreakdown.csv?by=SEX');
      const header = bySex[0].split(',');
      const column = (line: string, name: string) => Number(line.split(',')[header.indexOf(name)]);
      const gaps = await t.gql<{ provisionGaps: { needs: number; needsMet: number }[] }>(
        `{ provisionGaps { needs needsMet } }`,
        { token: national },
      );
      const sum = (key: 'needs' | 'needsMet') =>
        gaps.data!.provisionGaps.reduce((total, row) => total + row[key], 0);
      const rows = bySex.slice(1);
      const total = (name: string) => rows.reduce((n, l) => n + column(l, name), 0);
      return {
        rows,
        notGivenNeeds: column(rows.find((l) => l.startsWith('NOT_GIVEN,')) ?? '', 'needs'),
        bySex: [total('needs'), total('needsMet')],
        gaps: [sum('needs'), sum('needsMet')],
      };
    };
    let needs = await needsBothWays();
    for (let i = 0; i < 5 && needs.bySex.join() !== needs.gaps.join(); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      needs = await needsBothWays();
    }
    expect(needs.rows.map((l) => l.split(',')[0])).toContain('NOT_GIVEN');
    expect(needs.notGivenNeeds).toBeGreaterThan(0);
    expect(needs.bySex).toEqual(needs.gaps);
  });

  it('the API’s breakdown CSVs keep a division commissioner to their division and need `by`', async () => {
    const csv = async (path: string, token: string) => {
      const response = await fetch(`${t.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, lines: (await response.text()).trim().split(/\r?\n/) };
    };
    const own = await csv('/reports/ownAreaCrcPurchases.csv', wales);
    expect(own.status).toBe(200);
    const divisionColumn = own.lines[0].split(',').indexOf('divisionCode');
    const divisions = new Set(own.lines.slice(1).map((l) => l.split(',')[divisionColumn]));
    expect([...divisions]).toEqual(['WAL']);
    const areas = await csv('/reports/adaptationProvision.csv', wales);
    expect(
      areas.lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['dyfed-powys', 'gwent', 'north-wales', 'south-wales']);
    expect((await csv('/reports/measureBreakdown.csv', national)).status).toBe(400);
    expect((await csv('/reports/measureBreakdown.csv?by=SEX&divisionCode=LDN', wales)).status).toBe(
      403,
    );
  });

  it('compares the providers serving one area', async () => {
    const gwent = await page('/commissioning/scorecards?factor=ACCOMMODATION&area=gwent', national);
    expect(gwent.status).toBe(200);
    expect(gwent.html).toContain('providers serving Gwent');
    const providers = (html: string) =>
      [...html.matchAll(/<th scope="row" class="govuk-table__header">([^<]+)<br>/g)].map((m) =>
        m[1].trim(),
      );
    // Only the supplier with the Gwent housing listing serves Gwent for accommodation.
    expect(providers(gwent.html)).toEqual([supplierName]);
    const dyfed = await page(
      '/commissioning/scorecards?factor=ACCOMMODATION&area=dyfed-powys',
      national,
    );
    expect(providers(dyfed.html)).toEqual([]);
    expect(dyfed.html).toContain('No provider serving Dyfed-Powys has a score for');
    // The area's page ranks the providers serving it, and counts them by kind.
    const area = await page('/commissioning/areas/gwent?factor=ACCOMMODATION', national);
    expect(area.html).toContain('Providers serving Gwent for accommodation');
    expect(area.html).toMatch(/data-providers-by-kind>[^<]*by kind: 1 [a-z ]+\./);
    expect(area.html).toContain(`<th scope="row" class="govuk-table__header">${supplierName}</th>`);
    const none = await page('/commissioning/areas/dyfed-powys?factor=ACCOMMODATION', national);
    expect(none.html).toContain(
      'No provider with a published listing for accommodation serves Dyfed-Powys.',
    );
    const everywhere = await page('/commissioning/scorecards?factor=ACCOMMODATION', national);
    expect(providers(everywhere.html)).toContain(supplierName);
    expect(providers(everywhere.html).length).toBeGreaterThan(1);
  });

  it('the CSV has the same figures as the page', async () => {
    const { html } = await page('/commissioning/gaps?factor=ACCOMMODATION', national);
    const shown = tableRows(html);
    const csv = await fetch(`${t.url}/commissioning/gaps.csv?factor=ACCOMMODATION`, {
      headers: { authorization: `Bearer ${national}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...lines] = (await csv.text()).trim().split('\n');
    const columns = header.split(',');
    expect(columns.slice(0, 6)).toEqual([
      'pccAreaCode',
      'pccArea',
      'divisionCode',
      'factorCode',
      'factor',
      'publishedInterventions',
    ]);
    expect(lines).toHaveLength(42);
    for (const line of lines) {
      const cells = line.split(',');
      const get = (name: string) => Number(cells[columns.indexOf(name)]);
      expect([
        get('publishedInterventions'),
        get('placesAvailable'),
        get('searches'),
        get('searchesWithNoResult'),
        get('referrals'),
      ]).toEqual(shown.get(cells[0]));
    }

    // A chart's CSV has the figures of its table.
    const usage = await page('/commissioning/usage', national);
    expect(usage.status).toBe(200);
    const chartCsv = await fetch(`${t.url}/commissioning/usage/referrals-by-division.csv`, {
      headers: { authorization: `Bearer ${national}` },
    });
    const chartLines = (await chartCsv.text()).trim().split('\n');
    expect(chartLines[0]).toMatch(/^Month,.*,Total$/);
    expect(chartLines).toHaveLength(7);

    // The rate card's use: how many listings were bought and not, and every one in the CSVs.
    const counts = /(\d+) of (\d+) listings on offer were bought; (\d+) were not bought/.exec(
      visibleText(usage.html),
    )!;
    const [bought, total, notBought] = counts.slice(1).map(Number);
    expect(bought + notBought).toBe(total);
    const csvRows = async (which: string) => {
      const csv = await fetch(`${t.url}/commissioning/rate-card-usage.csv?bought=${which}`, {
        headers: { authorization: `Bearer ${national}` },
      });
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toMatch(/^interventionId,intervention,providerId,provider,status,referrals/);
      return lines.slice(1);
    };
    const boughtRows = await csvRows('true');
    const notBoughtRows = await csvRows('false');
    // Other test files share the database: at least the rows the page counted a moment ago.
    expect(boughtRows.length).toBeGreaterThanOrEqual(bought);
    expect(notBoughtRows.length).toBeGreaterThanOrEqual(notBought);
    // The last column is the last purchase: there for every listing bought, empty for the rest.
    expect(boughtRows.some((line) => line.endsWith(','))).toBe(false);
    expect(notBoughtRows.every((line) => line.endsWith(','))).toBe(true);
    const refused = await fetch(`${t.url}/commissioning/rate-card-usage.csv?bought=maybe`, {
      headers: { authorization: `Bearer ${national}` },
    });
    expect(refused.status).toBe(404);
  });

  it('sets a budget from the upkeep page and refuses bad ones with messages on the fields', async () => {
    const browser = await WebBrowser.signedIn(t.url, 'division-commissioner', {
      divisionCode: 'WAL',
    });
    const upkeep = await (await browser.get('/commissioning/upkeep')).text();
    const csrf = WebBrowser.formToken(upkeep);

    const bad = await browser.post('/commissioning/budgets', {
      _csrf: csrf,
      divisionCode: 'WAL',
      financialYear: 'next',
      amount: 'lots',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('<title>Error: Market upkeep');
    expect(badHtml).toContain('href="#amount">Enter the budget in pounds');
    expect(badHtml).toContain('href="#financialYear">Enter the financial year');

    // Another division's budget is the API's refusal: a 403 page; nothing changes (other test
    // files share the database, so London's budget is whatever it was before).
    const londonBudget = async () =>
      (
        await t.gql<{ divisionBudget: { allocatedPence: number } }>(
          `{ divisionBudget(divisionCode: "LDN", financialYear: 2026) { allocatedPence } }`,
          { token: national },
        )
      ).data!.divisionBudget.allocatedPence;
    const londonBefore = await londonBudget();
    const other = await browser.post('/commissioning/budgets', {
      _csrf: csrf,
      divisionCode: 'LDN',
      financialYear: '2026',
      amount: '100',
    });
    expect(other.status).toBe(403);

    // Without the form's token, nothing changes.
    const forged = await browser.post('/commissioning/budgets', {
      divisionCode: 'WAL',
      financialYear: '2026',
      amount: '100',
    });
    expect(forged.status).toBe(403);

    const set = await browser.post('/commissioning/budgets', {
      _csrf: csrf,
      divisionCode: 'WAL',
      financialYear: '2026',
      amount: '£50,000,000.50',
    });
    expect(set.status).toBe(303);
    const budget = await t.gql<{ divisionBudget: { allocatedPence: number } }>(
      `{ divisionBudget(divisionCode: "WAL", financialYear: 2026) { allocatedPence } }`,
      { token: national },
    );
    expect(budget.data!.divisionBudget.allocatedPence).toBe(5_000_000_050);
    expect(await londonBudget()).toBe(londonBefore);
  });

  // Last in the file: its listing serves Gwent, which the tests above count.
  it('shows an area’s own spend by need to the penny, other areas’ purchases left out, with the API’s CSV', async () => {
    // The financial year 2049 is this test's own: nothing else buys in it.
    t.clock.set('2049-06-10');
    try {
      const admin = await tokens.admin();
      const budget = await t.gql(
        `mutation { setDivisionBudget(divisionCode: "WAL", financialYear: 2049, amountPence: 100000000) { allocatedPence } }`,
        { token: admin },
      );
      expect(budget.errors).toBeUndefined();
      const supplier = await newSupplier(t);
      const listing = await publishedListing(t, supplier.token, {
        title: 'Area spend: housing and money advice',
        factors: ['ACCOMMODATION', 'FINANCE'],
        price: { amountPence: 10_001, unit: 'PER_REFERRAL', outcomePaymentPence: 2_001 },
        coverage: ['gwent', 'south-wales'],
        venues: [
          { name: 'Cwmbran', postcode: 'NP44 1AA', pccAreaCode: 'gwent', lat: 51.65, lng: -3.02 },
        ],
      });
      const purchaser = await tokens.purchaser('WAL', 'web-commissioning-area-spend');
      const outcomes = await desiredOutcomes(t, purchaser);
      let crn = 0;
      const buy = async (targetFactors: string[], pccAreaCode: string) => {
        const res = await t.gql<{ createReferral: { id: string } }>(
          `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
          {
            token: purchaser,
            variables: {
              input: {
                interventionId: listing.id,
                crn: `W${String(204900 + ++crn)}`,
                person: { sex: 'FEMALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
                targetFactors,
                desiredOutcomes: targetFactors.map((f) => outcomes[f][0].id),
                complexity: 'MEDIUM',
                pccAreaCode,
              },
              key: `web-commissioning-area-spend-${crn}`,
            },
          },
        );
        expect(res.errors).toBeUndefined();
      };
      // Gwent: one for accommodation, one for both needs (shared evenly, to the penny).
      await buy(['ACCOMMODATION'], 'gwent');
      await buy(['ACCOMMODATION', 'FINANCE'], 'gwent');
      // South Wales, same division and listing: not Gwent's.
      await buy(['ACCOMMODATION'], 'south-wales');

      // Fees 10,001 + 5,001 (the odd penny to the first need); outcome payments at most 2,001 a need.
      const expected = {
        ACCOMMODATION: { referrals: 2, feePence: 15_002, outcomePaymentsPence: 4_002 },
        FINANCE: { referrals: 1, feePence: 5_000, outcomePaymentsPence: 2_001 },
      };
      const api = await t.gql<{
        spend: {
          key: string;
          referrals: number;
          feePence: number;
          outcomePaymentsPence: number;
          spendPence: number;
        }[];
      }>(
        `{ spend(groupBy: FACTOR, pccAreaCode: "gwent") { key referrals feePence outcomePaymentsPence spendPence } }`,
        { token: wales },
      );
      expect(api.errors).toBeUndefined();
      const byKey = new Map(api.data!.spend.map((r) => [r.key, r]));
      for (const [key, figures] of Object.entries(expected)) {
        expect(byKey.get(key)).toEqual({
          key,
          ...figures,
          spendPence: figures.feePence + figures.outcomePaymentsPence,
        });
      }
      expect(api.data!.spend.reduce((sum, r) => sum + r.spendPence, 0)).toBe(
        15_002 + 4_002 + 7_001,
      );
      // South Wales has its own: one accommodation referral.
      const southWales = await t.gql<{ spend: { key: string; spendPence: number }[] }>(
        `{ spend(groupBy: FACTOR, pccAreaCode: "south-wales") { key spendPence } }`,
        { token: national },
      );
      expect(southWales.data!.spend.reduce((sum, r) => sum + r.spendPence, 0)).toBe(12_002);

      // By PCC area: every area of the division, zero included, each referral in its own area.
      const byArea = await t.gql<{
        spend: { key: string; referrals: number; spendPence: number }[];
      }>(`{ spend(groupBy: PCC_AREA) { key referrals spendPence } }`, { token: wales });
      expect(byArea.data!.spend).toEqual([
        { key: 'gwent', referrals: 2, spendPence: 26_005 },
        { key: 'south-wales', referrals: 1, spendPence: 12_002 },
        { key: 'dyfed-powys', referrals: 0, spendPence: 0 },
        { key: 'north-wales', referrals: 0, spendPence: 0 },
      ]);

      const { status, html } = await page('/commissioning/areas/gwent', wales);
      expect(status).toBe(200);
      const spendRow = (factor: string) =>
        [
          ...new RegExp(
            `<tr class="govuk-table__row" data-spend-factor="${factor}">([\\s\\S]*?)</tr>`,
          )
            .exec(html)![1]
            .matchAll(/govuk-table__cell--numeric">([^<]*)</g),
        ].map((m) => m[1]);
      expect(spendRow('ACCOMMODATION')).toEqual(['2', '£150.02', '£40.02', '£190.04']);
      expect(spendRow('FINANCE')).toEqual(['1', '£50.00', '£20.01', '£70.01']);
      expect(spendRow('ALCOHOL')).toEqual(['0', '£0.00', '£0.00', '£0.00']);
      expect(html).toContain('href="/commissioning/areas/gwent/spend.csv"');

      // The page's CSV: the API's columns and figures.
      const csv = async (path: string, token: string) => {
        const response = await fetch(`${t.url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(200);
        return response.text();
      };
      const pageCsv = await csv('/commissioning/areas/gwent/spend.csv', wales);
      expect(pageCsv).toBe(await csv('/reports/spend.csv?groupBy=FACTOR&pccAreaCode=gwent', wales));
      expect(pageCsv.split(/\r?\n/)[0]).toBe(
        'key,label,referrals,spendPence,feePence,outcomePaymentsPence,share',
      );
      expect(pageCsv).toContain('ACCOMMODATION,Accommodation,2,19004,15002,4002,');

      // A division commissioner names only their own division's areas; unknown areas are named.
      const london = await t.gql(`{ spend(groupBy: FACTOR, pccAreaCode: "london") { key } }`, {
        token: wales,
      });
      expect(london.errors![0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'OUT_OF_SCOPE',
      });
      const londonCsv = await fetch(
        `${t.url}/reports/spend.csv?groupBy=FACTOR&pccAreaCode=london`,
        {
          headers: { authorization: `Bearer ${wales}` },
        },
      );
      expect(londonCsv.status).toBe(403);
      const unknown = await t.gql(`{ spend(groupBy: FACTOR, pccAreaCode: "atlantis") { key } }`, {
        token: national,
      });
      expect(unknown.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'pccAreaCode', message: 'unknown PCC area atlantis' }],
      });
    } finally {
      t.clock.reset();
    }
  });
});
