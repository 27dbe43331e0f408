import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signInAs } from './support';

test.describe('a purchaser finds an intervention', () => {
  test('by need, area and the person, with facets and the contribution in words', async ({
    page,
  }) => {
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await page.getByRole('link', { name: 'Find an intervention' }).click();
    await expect(page).toHaveTitle('Find an intervention – Intervention marketplace – GOV.UK');
    await expectAccessible(page);

    await page.getByLabel('Accommodation').check();
    await page.getByLabel('Or a police area').selectOption({ label: 'West Yorkshire' });
    await page.getByLabel('Male', { exact: true }).check();
    await page.getByLabel('Age', { exact: true }).fill('30');
    await page.getByLabel('Risk of serious harm').selectOption({ label: 'Medium' });
    await page.getByLabel('Supervision').selectOption({ label: 'Licence' });
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
    const results = page.locator('.app-result');
    expect(await results.count()).toBeGreaterThan(0);
    await expect(results.first().getByText(/per (referral|session|hour|day)/)).toBeVisible();
    await expect(
      results.first().getByText(/outcomes sufficient — likely between|Too few outcomes to say/),
    ).toBeVisible();
    await expect(page.getByRole('checkbox', { name: /^Accommodation \(\d+\)$/ })).toBeChecked();
    await expect(
      page.getByRole('link', { name: 'Remove this filter West Yorkshire' }),
    ).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'find');

    // The listing, with whether this person is eligible.
    await results.first().getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 2, name: 'Who it admits' })).toBeVisible();
    await expect(page.getByText(/The person you described is (not )?eligible/)).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back to results' }).click();
    await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
  });

  test('a search that finds nothing says so', async ({ page }) => {
    await signInAs(page, { kind: 'purchaser', division: 'Wales' });
    await page.goto('/find');
    await page.getByLabel('Accommodation').check();
    await page.getByLabel('Or a police area').selectOption({ label: 'Dyfed-Powys' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('heading', { name: '0 interventions found' })).toBeVisible();
    await expect(page.getByText('Nothing matches this search')).toBeVisible();
  });

  test('a half-described person is an error summary on the fields', async ({ page }) => {
    await signInAs(page, { kind: 'purchaser', division: 'London' });
    await page.goto('/find');
    await page.getByLabel('Age', { exact: true }).fill('200');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveTitle(/^Error: Find an intervention/);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: 'Select the person’s sex' })).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('the MoJ filter', () => {
  test('each selected filter comes off by its tag, the rest of the search kept', async ({
    page,
  }) => {
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await page.goto('/find');
    await page.getByLabel('Accommodation').check();
    await page.getByLabel('Or a police area').selectOption({ label: 'West Yorkshire' });
    await page.getByLabel('Places free now').check();
    await page.getByLabel('Order results by').selectOption({ label: 'Price' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('heading', { name: 'Selected filters' })).toBeVisible();

    await page.getByRole('link', { name: 'Remove this filter Places free now' }).click();
    await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
    await expect(page.getByLabel('Places free now')).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: /^Accommodation/ })).toBeChecked();
    await expect(page.getByLabel('Or a police area')).toHaveValue('west-yorkshire');
    await expect(page.getByLabel('Order results by')).toHaveValue('PRICE');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/find$/);
    await expect(page.getByRole('heading', { name: 'Selected filters' })).toHaveCount(0);
  });

  test('on a small screen the filter opens over the results by its button', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await page.goto('/find?factors=ACCOMMODATION&pccAreaCode=west-yorkshire');
    await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
    const postcode = page.getByLabel('Postcode', { exact: true });
    await expect(postcode).toBeHidden();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Show filter' }).click();
    await expect(postcode).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(postcode).toBeHidden();
    await expect(page.getByRole('button', { name: 'Show filter' })).toBeFocused();
  });

  test('on a wide screen the filter stays open, with no button to hide it', async ({ page }) => {
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await page.goto('/find?factors=ACCOMMODATION&pccAreaCode=west-yorkshire');
    await expect(page.getByLabel('Postcode', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /(Show|Hide) filter/ })).toBeHidden();
  });
});

test.describe('finding with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('the form and its results work as plain HTML', async ({ page }) => {
    await signInAs(page, { kind: 'purchaser', division: 'London' });
    await page.goto('/find');
    await page.getByLabel('Drug misuse').check();
    await page.getByLabel('Or a police area').selectOption({ label: 'London' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /(Show|Hide) filter/ })).toHaveCount(0);

    // The tags are links; the order is a field of the same form, sent by its own button.
    await page.getByLabel('Order results by').selectOption({ label: 'Price' });
    await page.getByRole('button', { name: 'Sort' }).click();
    await expect(page).toHaveURL(/sort=PRICE/);
    await expect(page.getByLabel('Drug misuse')).toBeChecked();
    await page.getByRole('link', { name: 'Remove this filter London' }).click();
    await expect(page).toHaveURL(/\/find\?factors=DRUGS&sort=PRICE$/);
    await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
  });
});
