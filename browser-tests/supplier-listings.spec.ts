import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signInAs } from './support';

const SUPPLIER = { kind: 'supplier', organisation: 'Second Chance Housing Trust' } as const;

const HEADER =
  'id,title,summary,factors,delivery_modes,coverage,venues,capacity,price_pence,price_unit';

test.describe('a supplier manages their listings', () => {
  test('creates a listing, prices it, sets its places and publishes it', async ({ page }) => {
    // A fresh embedded database each run: the demo market has no listing of this name.
    const title = 'Tenancy skills course';
    await signInAs(page, SUPPLIER);
    await page.getByRole('link', { name: 'My listings' }).click();
    await expect(page).toHaveTitle('My listings – Intervention marketplace – GOV.UK');
    await expect(page.getByRole('heading', { level: 1, name: 'My listings' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'my-listings');

    await page.getByRole('button', { name: 'Create a listing' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create a listing' })).toBeVisible();
    await expectAccessible(page);

    // Refused by the API: too short a title and no need; each message on its field.
    await page.getByLabel('Title').fill('ab');
    await page.getByLabel('Summary').fill('Group course in keeping a tenancy.');
    await page.getByRole('button', { name: 'Create the listing' }).click();
    await expect(page).toHaveTitle(/^Error: Create a listing/);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: /^Title must be/ })).toBeVisible();
    await expect(summary.getByRole('link', { name: /factors/i })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel('Title').fill(title);
    await page
      .getByRole('group', { name: 'Needs it addresses' })
      .getByLabel('Accommodation')
      .check();
    await page.getByRole('group', { name: 'How it is delivered' }).getByLabel('Group').check();
    await page.getByLabel('Evening sessions available').check();
    await page.getByLabel('Youngest age admitted').fill('18');
    await page.getByRole('group', { name: 'Venue 1' }).getByLabel('Name').fill('Leeds hub');
    await page.getByRole('group', { name: 'Venue 1' }).getByLabel('Postcode').fill('LS1 4AP');
    await page
      .getByRole('group', { name: 'Venue 1' })
      .getByLabel('Police area')
      .selectOption({ label: 'West Yorkshire' });
    await page.getByRole('button', { name: 'Create the listing' }).click();

    await expect(page.getByText('Listing created as a draft')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expectAccessible(page);

    // Price: pounds and pence as a person types them.
    await page.getByRole('link', { name: 'Set a price' }).click();
    await expectAccessible(page);
    await page.getByLabel('Price', { exact: true }).fill('37.50');
    await page.getByLabel('One session').check();
    await page.getByRole('button', { name: 'Set the price' }).click();
    await expect(page.getByText('Price set')).toBeVisible();
    await expect(page.getByText('£37.50 per session').first()).toBeVisible();

    // Places and next start.
    await page.getByRole('link', { name: /Change\s*places and next start/ }).click();
    await expectAccessible(page);
    await page.getByLabel('Places it can hold at once').fill('8');
    await page.getByLabel('Day').fill('11');
    await page.getByLabel('Month').fill('1');
    await page.getByLabel('Year').fill('2031');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('8 free of 8')).toBeVisible();

    // Publish, with a question first.
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Publish this listing' }),
    ).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByText('Listing published')).toBeVisible();
    await expectAccessible(page);

    // The details, to edit.
    await page.getByRole('link', { name: /Edit the details/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Edit the listing' })).toBeVisible();
    await expect(page.getByLabel('Title')).toHaveValue(title);
    await expectAccessible(page);
    await page.setViewportSize({ width: 1280, height: 1500 });
    await screenshot(page, 'listing-edit', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByLabel('Typical number of sessions (optional)').fill('10');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Listing details saved')).toBeVisible();
    await expect(page.getByText('10 sessions')).toBeVisible();

    await page.getByRole('link', { name: 'My listings' }).first().click();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row.getByText('Published')).toBeVisible();
    await expect(row.getByText('£37.50 per session')).toBeVisible();
    await expect(row.getByText(/Confirm by \d{1,2} \w+ \d{4}/)).toBeVisible();
  });

  test('imports a rate card: a bad row is named in the dry run, a good file imports', async ({
    page,
  }) => {
    const stamp = Date.now();
    await signInAs(page, SUPPLIER);
    await page.goto('/listings');
    await page.getByRole('button', { name: 'Import a rate card' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Import a rate card' })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel('Upload a CSV file').setInputFiles({
      name: 'rate-card.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          HEADER,
          `,Careers advice ${stamp},Advice on work and training for people on licence.,ETE,ONE_TO_ONE,durham,,5,3000,PER_SESSION`,
          `,Bad row ${stamp},Advice on work and training for people on licence.,NOT_A_NEED,ONE_TO_ONE,durham,,5,3000,PER_SESSION`,
        ].join('\n'),
      ),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page).toHaveTitle(/^Error: Your rate card has problems/);
    await expect(page.getByRole('row', { name: /^2 factors / })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import the rate card' })).toHaveCount(0);
    await expectAccessible(page);
    await screenshot(page, 'rate-card-import');

    await page.getByRole('button', { name: 'Upload a corrected file' }).click();
    await page.getByLabel('Upload a CSV file').setInputFiles({
      name: 'rate-card.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          HEADER,
          `,Careers advice ${stamp},Advice on work and training for people on licence.,ETE,ONE_TO_ONE,durham,,5,3000,PER_SESSION`,
          `,Tenancy help ${stamp},Help to find and keep a home after release from custody.,ACCOMMODATION,GROUP,cleveland,Middlesbrough hub|TS1 2AA|cleveland,4,45000,PER_REFERRAL`,
        ].join('\n'),
      ),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Check your rate card' }),
    ).toBeVisible();
    await expect(page.getByText(/create 2 draft listings and update 0/)).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Import the rate card' }).click();

    await expect(page.getByText('Rate card imported: 2 listings created, 0 updated')).toBeVisible();
    await expect(page.getByRole('link', { name: `Careers advice ${stamp}` })).toBeVisible();
    await expect(page.getByRole('link', { name: `Tenancy help ${stamp}` })).toBeVisible();
    await expectAccessible(page);
  });

  test('another organisation’s listing is a 403 page', async ({ page }) => {
    // A published listing of another provider, reached from the find page.
    await signInAs(page, { kind: 'purchaser', division: 'North East' });
    await page.goto('/find?factors=ACCOMMODATION');
    const href = await page.locator('.app-result a').first().getAttribute('href');
    const id = /\/interventions\/([0-9a-f-]+)/.exec(href ?? '')?.[1];
    expect(id).toBeTruthy();
    await signInAs(page, { kind: 'supplier', organisation: 'Pathways to Work Foundation' });
    const response = await page.goto(`/listings/${id}/edit`);
    expect(response?.status()).toBe(403);
    await expect(
      page.getByRole('heading', { level: 1, name: 'You cannot see this page' }),
    ).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('a supplier creates a listing and is told what the API refused', async ({ page }) => {
    await signInAs(page, { kind: 'supplier', organisation: 'Open Door Recovery' });
    await page.goto('/listings/new');
    await page.getByLabel('Title').fill('Recovery café');
    await page.getByLabel('Summary').fill('x');
    await page.getByRole('button', { name: 'Create the listing' }).click();
    await expect(page).toHaveTitle(/^Error: Create a listing/);
    // (axe runs as a script, so it checks these pages in the journeys above, with JavaScript on.)
    await expect(page.locator('.govuk-error-summary').getByRole('link')).not.toHaveCount(0);

    await page.getByLabel('Summary').fill('A weekly drop-in café run by people in recovery.');
    await page
      .getByRole('group', { name: 'Needs it addresses' })
      .getByLabel('Alcohol misuse')
      .check();
    await page.getByRole('button', { name: 'Create the listing' }).click();
    await expect(page.getByText('Listing created as a draft')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Recovery café' })).toBeVisible();
  });
});
