import AxeBuilder from '@axe-core/playwright';
import { expect, Page } from '@playwright/test';

/** No WCAG 2.2 A/AA violation that axe can find on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) })),
  ).toEqual([]);
}

export type DemoUser =
  | { kind: 'purchaser'; division: string }
  | { kind: 'supplier'; organisation: string }
  | { kind: 'commissioner' | 'admin' | 'applicant' };

/** Signs in on the development sign-in page as a demo user. */
export async function signInAs(page: Page, user: DemoUser): Promise<void> {
  await page.goto('/sign-in');
  const labels: Record<DemoUser['kind'], string> = {
    purchaser: 'Probation practitioner buying places (purchaser)',
    supplier: 'Supplier publishing and delivering services',
    commissioner: 'National commissioner',
    admin: 'Marketplace administrator',
    applicant: 'Someone applying to join the framework (no organisation yet)',
  };
  await page.getByLabel(labels[user.kind]).check();
  if (user.kind === 'purchaser') {
    await page.getByLabel('Division', { exact: true }).selectOption({ label: user.division });
  }
  if (user.kind === 'supplier') {
    await page
      .getByLabel('Organisation', { exact: true })
      .selectOption({ label: user.organisation });
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
}
