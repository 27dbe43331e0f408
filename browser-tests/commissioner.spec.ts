import { readFileSync } from 'node:fs';
import { expect, Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signInAs } from './support';

/** A screenshot for the docs: the top of the page, at a desktop width. */
async function screenshotTop(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 1100 });
  await screenshot(page, name, { fullPage: false });
}

/** The figures of one area's row in the gaps table, as the page shows them. */
async function tableFigures(page: Page, area: string) {
  const row = page.locator(`.app-gaps-table tr[data-area="${area}"]`);
  const cells = await row.locator('td').allTextContents();
  return {
    listings: Number(cells[1]),
    places: Number(cells[2]),
    searches: Number(cells[3]),
    noResult: Number(cells[4]),
    referrals: Number(cells[8]),
  };
}

test.describe('a commissioner looks over the market', () => {
  test('sees Dyfed-Powys accommodation flagged, opens the area, and the CSV has the same figures', async ({
    page,
  }) => {
    await signInAs(page, { kind: 'commissioner' });
    await page.getByRole('link', { name: 'Commissioning' }).click();
    await expect(page).toHaveTitle('Gaps in provision – Intervention marketplace – GOV.UK');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gaps in provision');
    await expect(page.getByLabel('Need')).toHaveValue('ACCOMMODATION');

    // On the map: Dyfed-Powys and thin Cumbria stand out as gaps.
    const map = page.locator('svg.app-cartogram');
    await expect(map.locator('a[data-area]')).toHaveCount(42);
    await expect(map.getByRole('link', { name: 'Dyfed-Powys: gap' })).toBeVisible();
    await expect(map.getByRole('link', { name: 'Cumbria: gap' })).toBeVisible();
    await expect(page.getByText(/Gaps in accommodation: .*Dyfed-Powys/)).toBeVisible();
    await expectAccessible(page);
    await screenshotTop(page, 'gaps');

    // Printed: the map and table without navigation or filters.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('form.app-filters')).toBeHidden();
    await expect(page.locator('.govuk-service-navigation')).toBeHidden();
    await expect(map).toBeVisible();
    await page.emulateMedia({ media: 'screen' });

    // The table shows every area, so MoJ's sortable table sorts it in the browser (with
    // JavaScript off, each column is a link that sorts on the server: below).
    const verdict = page.getByRole('columnheader', { name: 'Verdict' });
    await expect(page.getByRole('columnheader', { name: 'Area' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await verdict.getByRole('button', { name: 'Verdict' }).click();
    await expect(verdict).toHaveAttribute('aria-sort', 'ascending');
    await expect(
      page.locator('.app-gaps-table tbody tr').first().locator('strong.govuk-tag'),
    ).toHaveText('Gap');
    await expectAccessible(page);
    const figures = await tableFigures(page, 'dyfed-powys');

    // The CSV has the same figures as the page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download this table as CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    const header = csv[0].split(',');
    const line = csv.find((l) => l.startsWith('dyfed-powys,'))!.split(',');
    const column = (name: string) => Number(line[header.indexOf(name)]);
    expect({
      listings: column('publishedInterventions'),
      places: column('placesAvailable'),
      searches: column('searches'),
      noResult: column('searchesWithNoResult'),
      referrals: column('referrals'),
    }).toEqual(figures);
    expect(line[header.indexOf('gap')]).toBe('GAP');

    // Another measure recolours the map; its words say the figure.
    await page
      .getByLabel('Colour the map by')
      .selectOption({ label: 'Searches that found an available place' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(map.getByRole('link', { name: /^Dyfed-Powys: .*searches/ })).toBeVisible();

    // The area's page.
    await map.getByRole('link', { name: /^Dyfed-Powys/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dyfed-Powys');
    const accommodation = page.locator('tr[data-factor="ACCOMMODATION"]');
    await expect(accommodation.locator('td').nth(0)).toHaveText(String(figures.searches));
    await expect(accommodation.getByText('Gap')).toBeVisible();
    await expectAccessible(page);
  });

  test('usage and spend: charts with summaries, tables and CSV', async ({ page }) => {
    await signInAs(page, { kind: 'commissioner' });
    await page.goto('/commissioning/usage');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Usage and spend');
    await expect(page.locator('figure svg[role="img"]')).toHaveCount(5);
    await expect(page.getByText(/The voluntary sector’s share was \d+%/)).toBeVisible();
    await expectAccessible(page);
    await screenshotTop(page, 'usage');

    const section = page.locator('#referrals-by-division');
    await section.getByText('the figures').click();
    const total = await section.locator('tbody tr').first().locator('td').last().textContent();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('link', { name: /as CSV/ }).click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines[1].split(',').at(-1)).toBe(total);
  });

  test('scorecards draw intervals as ranges; upkeep sets a budget and refuses a bad one', async ({
    page,
  }) => {
    await signInAs(page, { kind: 'commissioner' });
    await page.goto('/commissioning/scorecards');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Provider scorecards');
    await expect(page.locator('figure svg[role="img"]')).toBeVisible();
    await expect(page.getByText(/likely between/).first()).toBeVisible();
    await expectAccessible(page);
    await screenshotTop(page, 'scorecards');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Show' })).toBeHidden();
    await expect(page.locator('.app-scorecards')).toBeVisible();
    await page.emulateMedia({ media: 'screen' });

    await expect(page.locator('td[data-measure="riskOfHarmFocus"]').first()).toContainText(
      'national 61% of 249',
    );

    // Compare the providers serving one area.
    await page.getByLabel('Compare the providers serving').selectOption({ label: 'Cumbria' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(
      page.getByRole('heading', { level: 2, name: /providers serving Cumbria/ }),
    ).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Breakdowns' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Breakdowns');
    await expect(page.getByRole('heading', { level: 2, name: 'Measures by sex' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'breakdowns');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download measures by sex as CSV' }).click(),
    ]);
    expect(readFileSync(await download.path(), 'utf8').split(/\r?\n/)[0]).toMatch(
      /^key,referrals,spendPence,needs,needsMet,availabilityRate,/,
    );

    await page.goto('/commissioning/upkeep');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Market upkeep');
    await expectAccessible(page);
    await page.getByLabel('Division', { exact: true }).selectOption({ label: 'Wales' });
    await page.getByLabel('Budget allocated').fill('ten pounds');
    await page.getByRole('button', { name: 'Set budget' }).click();
    await expect(page).toHaveTitle(/^Error: Market upkeep/);
    await expect(
      page
        .locator('.govuk-error-summary')
        .getByRole('link', { name: /Enter the budget in pounds/ }),
    ).toHaveAttribute('href', '#amount');
    await expectAccessible(page);

    await page.getByLabel('Budget allocated').fill('9000000');
    await page.getByRole('button', { name: 'Set budget' }).click();
    await expect(page.getByText('Budget set for WAL')).toBeVisible();
    await expect(page.locator('tr[data-division="WAL"] td').first()).toHaveText('£9,000,000.00');
    await expectAccessible(page);
  });

  test('approves a waiting application and the new organisation can sign in', async ({ page }) => {
    const ORGANISATION = 'Northern Lights Recovery Cafe';
    // Before: the demo application waits, and the organisation is not one to sign in as.
    await page.goto('/sign-in');
    await page.getByLabel('Supplier publishing and delivering services').check();
    await expect(
      page.getByLabel('Organisation', { exact: true }).locator('option', { hasText: ORGANISATION }),
    ).toHaveCount(0);

    await signInAs(page, { kind: 'commissioner' });
    await page.goto('/commissioning/upkeep');
    await page.getByRole('link', { name: 'applications waiting for a decision' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Applications to join');
    await expectAccessible(page);
    await page.getByRole('link', { name: ORGANISATION }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ORGANISATION);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Approve: the organisation joins' }).click();
    await expect(page.getByText('Status: Approved')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The new organisation is on the sign-in page's list and signs in as a supplier.
    await signInAs(page, { kind: 'supplier', organisation: ORGANISATION });
    await expect(page.getByText(ORGANISATION).first()).toBeVisible();
    await page.goto('/listings');
    await expect(page).toHaveTitle(/^My listings/);
    await expectAccessible(page);
  });
});

test.describe('the gaps table with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('sorts on the server, a link per column', async ({ page }) => {
    await signInAs(page, { kind: 'commissioner' });
    await page.goto('/commissioning/gaps');
    await page.getByRole('link', { name: 'Verdict', exact: true }).click();
    await expect(page).toHaveURL(/sort=gap&order=ascending/);
    await expect(page.getByRole('columnheader', { name: 'Verdict' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await expect(
      page.locator('.app-gaps-table tbody tr').first().locator('strong.govuk-tag'),
    ).toHaveText('Gap');
    await page.getByRole('link', { name: 'Verdict', exact: true }).click();
    await expect(page).toHaveURL(/sort=gap&order=descending/);
    await expect(
      page.locator('.app-gaps-table tbody tr').first().locator('strong.govuk-tag'),
    ).toHaveText('Served');
  });
});
