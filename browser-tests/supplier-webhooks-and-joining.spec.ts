import { expect, Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signInAs } from './support';

const ORGANISATION = `Open Door Project ${Date.now()}`;

/** Answers one declaration: held or not, and when it runs out. */
async function declare(page: Page, declaration: string, held: 'Yes' | 'No', until?: string[]) {
  const group = page.getByRole('group', { name: declaration, exact: true });
  await group.getByLabel(held, { exact: true }).check();
  if (until) {
    const [day, month, year] = until;
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  }
}

test.describe('joining the framework and webhooks', () => {
  test('someone with no organisation applies to join, and a commissioner approves', async ({
    page,
  }) => {
    await signInAs(page, { kind: 'applicant' });
    await page.getByRole('link', { name: 'Apply to join' }).click();
    await expect(page).toHaveTitle(
      'Apply to join the framework – Intervention marketplace – GOV.UK',
    );
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start now' }).click();

    // A question left unanswered: the error summary links to it.
    await page.getByLabel('Organisation name').fill(ORGANISATION);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveTitle(/^Error: About your organisation/);
    await expect(
      page.locator('.govuk-error-summary').getByRole('link', {
        name: 'Select what kind of organisation it is',
      }),
    ).toHaveAttribute('href', '#kind');
    await expectAccessible(page);
    await page.getByLabel('Voluntary sector').check();
    await page.getByLabel('Registered charity number (if it has one)').fill('1234567');
    await page
      .getByLabel('Email address for questions about the application')
      .fill('hello@opendoor.example.org');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'What your organisation will offer, and where',
    );
    await expectAccessible(page);
    await page.getByLabel('Accommodation').check();
    await page.getByLabel('West Yorkshire').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Your organisation’s declarations',
    );
    await expectAccessible(page);
    await declare(page, 'A safeguarding policy', 'Yes', ['31', '3', '2030']);
    await declare(page, 'Liability insurance', 'Yes', ['31', '12', '2029']);
    await declare(page, 'Data protection registration', 'Yes');
    await declare(page, 'Vetted (DBS checked) staff', 'Yes');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page).toHaveTitle(/^Check your answers before sending your application/);
    await expect(page.getByText(ORGANISATION)).toBeVisible();
    await expect(page.getByText('Yes, until 31 December 2029')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'apply-to-join');
    await page.getByRole('button', { name: 'Send application' }).click();

    await expect(page.locator('.govuk-panel__title')).toHaveText('Application sent');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'See your application' }).click();
    await expect(page.getByText('Status: Submitted')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signInAs(page, { kind: 'commissioner' });
    await page.getByRole('link', { name: 'Applications to join' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: ORGANISATION }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ORGANISATION);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Approve: the organisation joins' }).click();
    await expect(page.getByText('Status: Approved')).toBeVisible();
    await expectAccessible(page);
  });

  test('a supplier registers a webhook, sees its secret once, and deactivates it', async ({
    page,
  }) => {
    await signInAs(page, { kind: 'supplier', organisation: "Hope Street Women's Project" });
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page).toHaveTitle('Webhooks – Intervention marketplace – GOV.UK');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Register a webhook' }).click();

    // The API's refusal shows on its field.
    await page
      .getByLabel('Address to send events to')
      .fill('https://93.184.215.14/marketplace-events');
    await page.getByRole('button', { name: 'Register webhook' }).click();
    await expect(page).toHaveTitle(/^Error: Register a webhook/);
    await expect(page.locator('.govuk-error-summary a')).toHaveAttribute('href', '#events');
    await expectAccessible(page);

    await page.getByLabel('What it is for (optional)').fill('Our case management system');
    await page.getByLabel('A purchaser bought a place: a new SUBMITTED referral.').check();
    await page.getByLabel('The provider accepted the referral.').check();
    await page.getByRole('button', { name: 'Register webhook' }).click();
    await expect(page.locator('.govuk-panel__title')).toHaveText('Webhook registered');
    await expect(page.getByText('Copy the signing secret now')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'webhooks');

    await page.reload();
    await expect(page.locator('.govuk-panel__title')).toHaveCount(0);
    await expect(page.getByText('Nothing has been sent to this webhook yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Deactivate this webhook' }).click();
    await expect(page.getByText('The webhook is deactivated')).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Declarations' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Your organisation’s declarations',
    );
    await expectAccessible(page);
  });
});
