import { expect, test } from '@playwright/test';
import { expectAccessible, signInAs } from './support';

test.describe('emails', () => {
  test('a practitioner turns an optional email off; the development mailbox is a GOV.UK table page', async ({
    page,
  }) => {
    await signInAs(page, { kind: 'purchaser', division: 'London' });
    await page.getByRole('link', { name: 'Emails' }).click();
    await expect(page).toHaveURL(/\/account\/emails$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emails');
    await expectAccessible(page);

    const accepted = page.getByLabel('The provider accepted a referral you bought.');
    await expect(accepted).toBeChecked();
    await accepted.uncheck();
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await expect(page.getByText('Your email settings are saved')).toBeVisible();
    await expect(page.getByLabel('The provider accepted a referral you bought.')).not.toBeChecked();
    await expectAccessible(page);

    await page.goto('/dev/mailbox');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mailbox');
    await expectAccessible(page);
  });
});
