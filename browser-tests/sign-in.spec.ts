import { expect, test } from '@playwright/test';
import { expectAccessible, signInAs } from './support';

test.describe('signing in', () => {
  test('a newcomer who opens the address is asked to sign in, and can', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page).toHaveTitle('Sign in – Intervention marketplace – GOV.UK');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await expectAccessible(page);

    await signInAs(page, { kind: 'purchaser', division: 'London' });
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText('Signed in as Demo purchaser, London')).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('a missing answer is an error summary linked to its field', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveTitle(/^Error: Sign in/);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(
      summary.getByRole('link', { name: 'Select who you are signing in as' }),
    ).toHaveAttribute('href', '#kind');
    await expectAccessible(page);

    await page.getByLabel('Probation practitioner buying places (purchaser)').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(
      summary.getByRole('link', { name: 'Select the division you buy for' }),
    ).toBeVisible();
    await expect(page.getByLabel('Probation practitioner buying places (purchaser)')).toBeChecked();
    await expectAccessible(page);
  });

  test('every kind of demo user can sign in', async ({ page }) => {
    for (const kind of ['commissioner', 'admin', 'applicant'] as const) {
      await signInAs(page, { kind });
      await expect(page.getByText('Signed in as')).toBeVisible();
      await page.getByRole('button', { name: 'Sign out' }).click();
    }
    await signInAs(page, { kind: 'supplier', organisation: "Hope Street Women's Project" });
    await expect(page.getByText("Hope Street Women's Project").first()).toBeVisible();
  });

  test('an unknown page is a GOV.UK 404 page', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expectAccessible(page);
  });
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('signing in works with every question shown', async ({ page }) => {
    await signInAs(page, { kind: 'purchaser', division: 'Wales' });
    await expect(page.getByText('Signed in as Demo purchaser, Wales')).toBeVisible();
  });
});
