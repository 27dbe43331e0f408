import { APIRequestContext, expect, test } from '@playwright/test';
import { devToken, expectAccessible, fillUkDateTime, gql, screenshot, signInAs } from './support';

interface Waiting {
  id: string;
  crn: string;
  createdAt: string;
  provider: { name: string };
  desiredOutcomes: { id: string }[];
}

/** The demo's referrals waiting for their provider, as an admin reads them through the API. */
async function waitingReferrals(request: APIRequestContext): Promise<Waiting[]> {
  const data = await gql<{ referrals: { edges: { node: Waiting }[] } }>(
    request,
    await devToken('ADMIN'),
    `query { referrals(filter: { status: SUBMITTED }, first: 100) { edges { node {
      id crn createdAt provider { name } desiredOutcomes { id } } } } }`,
  );
  return data.referrals.edges.map((e) => e.node);
}

test.describe('a supplier delivers a referral', () => {
  test('accept, action plan, a session recorded, the end-of-service report, complete', async ({
    page,
    request,
  }) => {
    // A referral the demo purchasers sent some hours ago, still waiting for its provider: its
    // first session can be in the past, so its feedback can be recorded now.
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    const waiting = (await waitingReferrals(request)).find(
      (r) => new Date(r.createdAt) < hoursAgo(3),
    );
    expect(waiting, 'the demo holds a referral waiting for its provider').toBeDefined();
    const referral = waiting!;

    await signInAs(page, { kind: 'supplier', organisation: referral.provider.name });
    await page.getByRole('link', { name: 'Incoming referrals' }).first().click();
    await expect(page).toHaveTitle(/^Incoming referrals: new – /);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Incoming referrals');
    await expectAccessible(page);
    await screenshot(page, 'incoming-referrals');

    // The CRN filter finds it.
    await page.getByLabel('Case reference number (CRN)').fill(referral.crn);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(new RegExp(`crn=${referral.crn}`));
    await expect(page.getByRole('heading', { name: /^New: 1 referral$/ })).toBeVisible();
    await page.locator(`a[href="/incoming-referrals/${referral.id}"]`).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `Referral for ${referral.crn}`,
    );
    await expect(page.locator('.moj-timeline')).toContainText('Referral sent');
    await expectAccessible(page);

    // Accept.
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText('Referral accepted');
    await expectAccessible(page);

    // The action plan: a refusal first, then the plan.
    await page.getByRole('link', { name: 'Create the action plan' }).click();
    await page.getByRole('button', { name: 'Submit the action plan' }).click();
    await expect(page).toHaveTitle(/^Error: Action plan/);
    await expect(page.locator('.govuk-error-summary')).toBeFocused();
    await expect(
      page.locator('.govuk-error-summary').getByRole('link', {
        name: 'Enter the planned activities, one on each line',
      }),
    ).toHaveAttribute('href', '#activities');
    await expectAccessible(page);
    await page
      .getByLabel('Planned activities')
      .fill('Assessment of needs\nWeekly one-to-one sessions\nReview and next steps');
    await page.getByLabel('Sessions planned in all').fill('6');
    await page.getByRole('button', { name: 'Submit the action plan' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText('Action plan submitted');
    await expect(page.locator('#action-plan + p')).toContainText('6 sessions planned');

    // A session an hour ago, then what happened at it.
    await page.getByRole('link', { name: 'Schedule a session' }).click();
    await expectAccessible(page);
    await fillUkDateTime(page, hoursAgo(1));
    await page.getByLabel('How long is it?').fill('60');
    await page.getByLabel('One-to-one').check();
    await page.getByRole('button', { name: 'Schedule the session' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText('Session scheduled');

    await page.getByRole('link', { name: 'Record what happened at session 1' }).click();
    await expectAccessible(page);
    await page.getByLabel('Yes, on time').check();
    await page
      .getByRole('group', { name: 'Did the session take place?' })
      .getByLabel('Yes')
      .check();
    await page.getByLabel('What was covered (optional)').fill('Agreed the plan and first steps');
    await page.getByRole('button', { name: 'Record the feedback' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText(
      'Session feedback recorded',
    );
    await expect(page.locator('.moj-timeline')).toContainText('Referral started');

    // A case note.
    await page.getByRole('link', { name: 'Add a case note' }).click();
    await expectAccessible(page);
    await page.getByLabel('Subject').fill('First session went well');
    await page.getByLabel('Note', { exact: true }).fill('Engaged throughout; next session booked.');
    await page.getByRole('button', { name: 'Add the case note' }).click();
    await expect(page.getByRole('heading', { name: 'First session went well' })).toBeVisible();

    // The end-of-service report: how far each desired outcome was achieved.
    await page.getByRole('link', { name: 'Write the end-of-service report' }).click();
    await page.getByRole('button', { name: 'Submit the report' }).click();
    await expect(page).toHaveTitle(/^Error: End-of-service report/);
    await expectAccessible(page);
    const outcomes = page.locator('fieldset:has(input[name^="outcome-"])');
    await expect(outcomes).toHaveCount(referral.desiredOutcomes.length);
    await expect(page.locator('.govuk-error-summary a')).toHaveCount(
      referral.desiredOutcomes.length,
    );
    await page.getByRole('link', { name: 'Back to the referral' }).click();
    await page.getByRole('link', { name: 'Write the end-of-service report' }).click();
    for (let i = 0; i < referral.desiredOutcomes.length; i++) {
      await outcomes.nth(i).getByLabel('Achieved', { exact: true }).check();
    }
    await page.getByLabel('Progress (optional)').first().fill('Good progress throughout');
    await screenshot(page, 'end-of-service-report');
    await page.getByRole('button', { name: 'Submit the report' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText(
      'End-of-service report submitted',
    );
    await expectAccessible(page);

    // Complete.
    await page.getByRole('button', { name: 'Complete the referral' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText('Referral completed');
    await expect(page.getByText('Completed', { exact: true })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'incoming-referral');
  });
});

// (The forms need no script: test/web-delivery.e2e-spec.ts posts every one as plain HTML.)
test.describe('declining a referral', () => {
  test('a refusal shows on the form, then the referral is declined with its reason', async ({
    page,
    request,
  }) => {
    // Another demo referral still waiting (the journey above accepted the first it found).
    const waiting = await waitingReferrals(request);
    expect(waiting.length, 'the demo holds referrals waiting for their provider').toBeGreaterThan(
      0,
    );
    const referral = waiting[waiting.length - 1];

    await signInAs(page, { kind: 'supplier', organisation: referral.provider.name });
    await page.goto(`/incoming-referrals/${referral.id}`);
    await page.getByRole('link', { name: 'Decline the referral' }).click();
    await page.getByLabel('Another reason (say why below)').check();
    await page.getByRole('button', { name: 'Decline the referral' }).click();
    await expect(page).toHaveTitle(/^Error: Decline the referral/);
    await expect(
      page
        .locator('.govuk-error-summary')
        .getByRole('link', { name: 'comments is required when the reason is OTHER' }),
    ).toHaveAttribute('href', '#comments');
    await expect(page.getByLabel('Another reason (say why below)')).toBeChecked();
    await expectAccessible(page);

    await page.getByLabel('More detail').fill('The service is closing for refurbishment');
    await page.getByRole('button', { name: 'Decline the referral' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText('Referral declined');
    await expect(page.locator('.moj-timeline')).toContainText('The service is closing');
    await expectAccessible(page);
  });
});
