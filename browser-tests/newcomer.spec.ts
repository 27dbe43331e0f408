import { expect, Page, test } from '@playwright/test';
import { expectAccessible, fillBuyForm, fillUkDateTime, signInAs } from './support';

/**
 * The issue's "done when", as a newcomer does it on `npm start`'s own demo market without
 * reading anything: a purchaser finds and buys a place; that listing's supplier accepts it,
 * plans, holds a session and writes the end-of-service report; the purchaser sees the report
 * and records the outcome. Nothing here is prepared through the API.
 */

/** The next whole minute: the session form takes whole minutes. */
function nextMinute(): Date {
  return new Date(Math.ceil((Date.now() + 1_000) / 60_000) * 60_000);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.context().clearCookies();
}

test('a newcomer buys a place, then delivers it to the end-of-service report', async ({ page }) => {
  // One session must start before its feedback can be recorded: the test waits for it.
  test.setTimeout(180_000);
  const crn = 'N700001';

  // The purchaser finds a place and buys it.
  await signInAs(page, { kind: 'purchaser', division: 'North East' });
  await page.getByRole('link', { name: 'Find an intervention' }).click();
  await page.getByLabel('Education, training and employment').check();
  await page.getByLabel('Or a police area').selectOption({ label: 'Northumbria' });
  await page.getByLabel('Places free now').check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
  await page.locator('.app-result').first().getByRole('link').first().click();
  const provider = (
    await page.locator('h1 + .govuk-caption-l, .govuk-caption-l').first().innerText()
  )
    .split(' · ')[0]
    .trim();
  await page.getByRole('button', { name: 'Buy a place' }).click();
  // The person is asked for only when the search did not describe them.
  await expect(page.getByRole('heading', { level: 1, name: 'Buy a place' })).toBeVisible();
  const askedAboutPerson = (await page.getByRole('group', { name: 'The person' }).count()) > 0;
  await fillBuyForm(page, crn, {
    person: askedAboutPerson ? { sex: 'Male', age: '30' } : undefined,
  });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Buy the place' }).click();
  await expect(page.locator('.govuk-panel--confirmation')).toContainText('Place bought');
  await expectAccessible(page);
  await signOut(page);

  // The listing's supplier delivers it.
  await signInAs(page, { kind: 'supplier', organisation: provider });
  await page.getByRole('link', { name: 'Incoming referrals' }).first().click();
  await page.getByLabel('Case reference number (CRN)').fill(crn);
  await page.getByRole('button', { name: 'Filter' }).click();
  await page
    .getByRole('link', { name: new RegExp(crn) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Referral for ${crn}`);
  await page.getByRole('button', { name: 'Accept the referral' }).click();
  await expect(page.locator('.govuk-notification-banner')).toContainText('Referral accepted');

  await page.getByRole('link', { name: 'Create the action plan' }).click();
  await page.getByLabel('Planned activities').fill('Assessment\nWeekly sessions\nReview');
  await page.getByLabel('Sessions planned in all').fill('1');
  await page.getByRole('button', { name: 'Submit the action plan' }).click();
  await expect(page.locator('.govuk-notification-banner')).toContainText('Action plan submitted');

  const session = nextMinute();
  await page.getByRole('link', { name: 'Schedule a session' }).click();
  await fillUkDateTime(page, session);
  await page.getByLabel('How long is it?').fill('30');
  await page.getByLabel('One-to-one').check();
  await page.getByRole('button', { name: 'Schedule the session' }).click();
  await expect(page.locator('.govuk-notification-banner')).toContainText('Session scheduled');

  // The session has to have started before anyone can say how it went.
  await page.waitForTimeout(Math.max(0, session.getTime() - Date.now() + 1_000));
  await page.getByRole('link', { name: 'Record what happened at session 1' }).click();
  await page.getByLabel('Yes, on time').check();
  await page.getByRole('group', { name: 'Did the session take place?' }).getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Record the feedback' }).click();
  await expect(page.locator('.moj-timeline')).toContainText('Referral started');

  await page.getByRole('link', { name: 'Write the end-of-service report' }).click();
  // The report's page first: its outcomes are counted on it.
  await expect(
    page.getByRole('heading', { level: 1, name: 'End-of-service report' }),
  ).toBeVisible();
  const outcomes = page.locator('fieldset:has(input[name^="outcome-"])');
  for (let i = 0; i < (await outcomes.count()); i++) {
    await outcomes.nth(i).getByLabel('Achieved', { exact: true }).check();
  }
  await page.getByRole('button', { name: 'Submit the report' }).click();
  await expect(page.locator('.govuk-notification-banner')).toContainText(
    'End-of-service report submitted',
  );
  await page.getByRole('button', { name: 'Complete the referral' }).click();
  await expect(page.locator('.govuk-notification-banner')).toContainText('Referral completed');
  await expectAccessible(page);
  await signOut(page);

  // The purchaser reads the report and records the outcome.
  await signInAs(page, { kind: 'purchaser', division: 'North East' });
  await page.getByRole('link', { name: 'My referrals' }).first().click();
  await page.getByRole('link', { name: 'Finished' }).click();
  await page.getByRole('link', { name: new RegExp(`^${crn}`) }).click();
  await expect(page.getByRole('heading', { name: 'End-of-service report' })).toBeVisible();
  await page.getByRole('button', { name: 'Record the outcome' }).click();
  await page.locator('input[type="radio"][value="yes"]').first().check();
  await page
    .getByRole('group', { name: /protecting those at risk of harm/ })
    .getByLabel('Yes', { exact: true })
    .check();
  await page
    .getByRole('group', { name: /information from contracted providers/ })
    .getByLabel('Does not apply to this case')
    .check();
  await page.getByRole('button', { name: /Record the outcome|Save/ }).click();
  await expect(page.locator('.govuk-notification-banner')).toContainText('Outcome recorded');
  await expectAccessible(page);
});
