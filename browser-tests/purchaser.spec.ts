import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { devToken, expectAccessible, fillBuyForm, gql, screenshot, signInAs } from './support';

/**
 * axe runs in the page: with JavaScript off it cannot, so that journey's pages (the same pages the
 * other journeys check) are checked only with it on.
 */
let axe = true;

async function accessible(page: Page): Promise<void> {
  if (axe) await expectAccessible(page);
}

/** How many referrals the division holds for a CRN (nothing bought: 0). */
async function referralsFor(request: APIRequestContext, division: string, crn: string) {
  const data = await gql<{ referrals: { totalCount: number } }>(
    request,
    await devToken('PURCHASER', { division }),
    `query ($crn: String) { referrals(filter: { crn: $crn }) { totalCount } }`,
    { crn },
  );
  return data.referrals.totalCount;
}

/** The purchase from the listing page to the check-your-answers page. */
async function toCheckAnswers(
  page: Page,
  crn: string,
  person?: { sex: 'Female' | 'Male'; age: string },
): Promise<void> {
  await page.getByRole('button', { name: 'Buy a place' }).click();
  await accessible(page);
  await fillBuyForm(page, crn, { person, need: 'Accommodation' });
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Check your answers before buying' }),
  ).toBeVisible();
  await accessible(page);
}

async function searchAndOpenListing(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Find an intervention' }).click();
  await page.getByLabel('Accommodation').check();
  await page.getByLabel('Or a police area').selectOption({ label: 'West Yorkshire' });
  await page.getByLabel('Male', { exact: true }).check();
  await page.getByLabel('Age', { exact: true }).fill('30');
  await page.getByLabel('Risk of serious harm').selectOption({ label: 'Medium' });
  await page.getByLabel('Supervision').selectOption({ label: 'Licence' });
  await page.getByLabel('Places free now').check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('heading', { name: /interventions? found/ })).toBeVisible();
  const results = page.locator('.app-result');
  expect(await results.count()).toBeGreaterThan(0);
  await results.first().getByRole('link').first().click();
  await expect(page.getByText('The person you described is eligible')).toBeVisible();
  await accessible(page);
}

/** Buys from the listing page through to the confirmation panel. */
async function buyFromListing(page: Page, crn: string): Promise<void> {
  await toCheckAnswers(page, crn);
  await expect(page.getByText(crn)).toBeVisible();
  await screenshot(page, 'buy-check-answers');
  await page.getByRole('button', { name: 'Buy the place' }).click();
  await expect(page.locator('.govuk-panel--confirmation')).toContainText('Place bought');
  await expect(page.getByText(/budget left for \d{4} to \d{4}/)).toBeVisible();
  await accessible(page);
  await screenshot(page, 'buy-confirmation');
}

test.describe('a purchaser buys a place and follows it', () => {
  test('sign in, search, listing, buy, my referrals, withdraw', async ({ page, request }) => {
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await searchAndOpenListing(page);
    await buyFromListing(page, 'B900001');

    await page.getByRole('link', { name: 'My referrals' }).first().click();
    await expect(page).toHaveTitle(/^My referrals: waiting for the provider/);
    await accessible(page);
    await screenshot(page, 'my-referrals');
    await page.getByRole('link', { name: /^B900001/ }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Referral for B900001' }),
    ).toBeVisible();
    await expect(page.locator('.moj-timeline')).toContainText('Referral sent');
    await accessible(page);
    await screenshot(page, 'referral');

    await page.getByRole('button', { name: 'Withdraw the referral' }).click();
    await expect(page).toHaveTitle(/^Withdraw referral B900001/);
    await accessible(page);
    await page.getByRole('button', { name: 'Withdraw the referral' }).click();
    await expect(page).toHaveTitle(/^Error: Withdraw referral/);
    await expect(
      page.locator('.govuk-error-summary').getByRole('link', { name: /Select why/ }),
    ).toBeVisible();
    await accessible(page);
    await page.getByLabel('The person: needs met through another route.').check();
    await page.getByRole('button', { name: 'Withdraw the referral' }).click();
    await expect(page.locator('.govuk-notification-banner')).toContainText('Referral withdrawn');
    await accessible(page);
    await page.getByRole('link', { name: 'My referrals' }).first().click();
    await page.getByRole('link', { name: 'Finished' }).click();
    await expect(page.getByRole('link', { name: /^B900001/ })).toBeVisible();
    await accessible(page);
    expect(await referralsFor(request, 'NE', 'B900001')).toBe(1);
  });
});

test.describe('buying with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test.beforeAll(() => {
    axe = false;
  });
  test.afterAll(() => {
    axe = true;
  });

  test('the whole purchase works as plain HTML', async ({ page, request }) => {
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await searchAndOpenListing(page);
    await toCheckAnswers(page, 'B900002');
    await page.getByRole('button', { name: 'Buy the place' }).click();
    await expect(page.locator('.govuk-panel--confirmation')).toContainText('Place bought');
    await accessible(page);
    expect(await referralsFor(request, 'NE', 'B900002')).toBe(1);
  });
});

test.describe('refused purchases say why, and buy nothing', () => {
  let womenOnly: string;
  let lastPlace: string;
  let anyone: string;

  test.beforeAll(async ({ request }) => {
    const admin = await devToken('ADMIN');
    const { createOrganisation } = await gql<{ createOrganisation: { id: string } }>(
      request,
      admin,
      `mutation { createOrganisation(input: { name: "Browser test housing trust", kind: VOLUNTARY_SECTOR }) { id } }`,
    );
    const supplier = await devToken('SUPPLIER', { organisation: createOrganisation.id });
    const listing = async (title: string, extra: Record<string, unknown>) => {
      const { createIntervention } = await gql<{ createIntervention: { id: string } }>(
        request,
        supplier,
        `mutation ($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }`,
        {
          input: {
            title,
            summary: 'Help to find and keep a tenancy.',
            description: 'Weekly sessions with a housing worker.',
            factors: ['ACCOMMODATION'],
            deliveryModes: ['ONE_TO_ONE'],
            venues: [
              {
                name: 'Leeds hub',
                postcode: 'LS1 4AP',
                pccAreaCode: 'west-yorkshire',
                lat: 53.8,
                lng: -1.55,
              },
            ],
            coverage: ['west-yorkshire'],
            sessionCount: 6,
            durationWeeks: 6,
            price: { amountPence: 30000, unit: 'PER_REFERRAL' },
            ...extra,
          },
        },
      );
      await gql(request, supplier, `mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
        id: createIntervention.id,
      });
      return createIntervention.id;
    };
    womenOnly = await listing('Women’s housing support (browser test)', {
      capacity: 5,
      eligibility: { sexes: ['FEMALE'] },
    });
    lastPlace = await listing('Last place housing support (browser test)', { capacity: 1 });
    anyone = await listing('Open housing support (browser test)', { capacity: 5 });
  });

  test('not eligible: the criterion is named on its field', async ({ page, request }) => {
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await page.goto(`/interventions/${womenOnly}`);
    await toCheckAnswers(page, 'B900010', { sex: 'Male', age: '30' });
    await page.getByRole('button', { name: 'Buy the place' }).click();
    await expect(page).toHaveTitle(/^Error: Buy a place/);
    const summary = page.locator('.govuk-error-summary');
    await expect(
      summary.getByRole('link', { name: 'Sex: not eligible, this service admits female only' }),
    ).toBeVisible();
    await accessible(page);
    await screenshot(page, 'buy-not-eligible');
    expect(await referralsFor(request, 'NE', 'B900010')).toBe(0);
  });

  test('no places left: the last place went while the purchaser was checking', async ({
    page,
    request,
  }) => {
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await page.goto(`/interventions/${lastPlace}`);
    await toCheckAnswers(page, 'B900011', { sex: 'Female', age: '30' });
    // Someone else buys the last place meanwhile.
    const { desiredOutcomes } = await gql<{ desiredOutcomes: { id: string }[] }>(
      request,
      await devToken('PURCHASER', { division: 'LDN' }),
      `{ desiredOutcomes(factor: ACCOMMODATION) { id } }`,
    );
    await gql(
      request,
      await devToken('PURCHASER', { division: 'LDN' }),
      `mutation ($input: CreateReferralInput!) { createReferral(input: $input, idempotencyKey: "browser-last-place") { id } }`,
      {
        input: {
          interventionId: lastPlace,
          crn: 'B900019',
          person: { sex: 'FEMALE', age: 40, riskLevel: 'LOW', supervisionType: 'LICENCE' },
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes: [desiredOutcomes[0].id],
          complexity: 'LOW',
        },
      },
    );
    await page.getByRole('button', { name: 'Buy the place' }).click();
    await expect(page).toHaveTitle(/^Error: Check your answers/);
    await expect(page.locator('.govuk-error-summary')).toContainText(
      'There are no places left on this service.',
    );
    await expect(page.getByText('Nothing has been bought.')).toBeVisible();
    await accessible(page);
    expect(await referralsFor(request, 'NE', 'B900011')).toBe(0);
  });

  test('budget short: the division cannot cover the place', async ({ page, request }) => {
    // Wales's budget this year, set to what it has already used: nothing left.
    const now = new Date();
    const year = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    const admin = await devToken('ADMIN');
    const { divisionBudget } = await gql<{
      divisionBudget: { committedPence: number; spentPence: number };
    }>(
      request,
      admin,
      `query ($y: Int!) { divisionBudget(divisionCode: "WAL", financialYear: $y) { committedPence spentPence } }`,
      { y: year },
    );
    await gql(
      request,
      admin,
      `mutation ($y: Int!, $a: SafeInt!) { setDivisionBudget(divisionCode: "WAL", financialYear: $y, amountPence: $a) { id } }`,
      { y: year, a: divisionBudget.committedPence + divisionBudget.spentPence },
    );

    await signInAs(page, { kind: 'purchaser', division: 'Wales' });
    await page.goto(`/interventions/${anyone}`);
    await toCheckAnswers(page, 'B900012', { sex: 'Female', age: '30' });
    await page.getByRole('button', { name: 'Buy the place' }).click();
    await expect(page.locator('.govuk-error-summary')).toContainText(
      'Your division’s budget for this financial year cannot cover this place.',
    );
    await expect(page.getByText('Nothing has been bought.')).toBeVisible();
    await accessible(page);
    await screenshot(page, 'buy-budget-short');
    expect(await referralsFor(request, 'WAL', 'B900012')).toBe(0);
  });
});
