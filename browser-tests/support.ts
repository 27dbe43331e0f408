import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, expect, Page } from '@playwright/test';

// The built service's own token signer and configuration (the browser tests run against dist/,
// built first): Playwright's transpiler does not take the source's decorators.
/* eslint-disable @typescript-eslint/no-require-imports */
const { signDevelopmentToken } =
  require('../dist/src/auth/dev-token') as typeof import('../src/auth/dev-token');
const { loadConfig } =
  require('../dist/src/config/app-config') as typeof import('../src/config/app-config');
/* eslint-enable @typescript-eslint/no-require-imports */

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

/**
 * A development token for the API, signed as `npm run token -- --role <role> [--division ..]
 * [--organisation ..]` signs it (same subject and name).
 */
export function devToken(
  role: 'ADMIN' | 'PURCHASER' | 'SUPPLIER' | 'COMMISSIONER',
  scope: { division?: string; organisation?: string } = {},
): Promise<string> {
  const lower = role.toLowerCase();
  return signDevelopmentToken(loadConfig({ ...process.env, NODE_ENV: 'development' }), {
    sub: `dev-${lower}${scope.division ? `-${scope.division.toLowerCase()}` : ''}`,
    name: `Dev ${lower}`,
    roles: [role as never],
    organisationId: scope.organisation,
    divisionCode: scope.division,
  });
}

/** A GraphQL request to the API with a bearer token: its data (its errors throw). */
export async function gql<T>(
  request: APIRequestContext,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await request.post('/graphql', {
    headers: { authorization: `Bearer ${token}` },
    data: { query, variables },
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Fills the GOV.UK date input (Day, Month, Year) and the Time field with an instant, in UK time. */
export async function fillUkDateTime(page: Page, at: Date): Promise<void> {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  await page.getByLabel('Day').fill(part('day'));
  await page.getByLabel('Month').fill(part('month'));
  await page.getByLabel('Year').fill(part('year'));
  await page.getByLabel('Time').fill(`${part('hour')}:${part('minute')}`);
}

/**
 * Fills the buy form: the CRN, the person (when given), a need (this one, or the first offered)
 * and its first desired outcome, complexity and units (when asked).
 */
export async function fillBuyForm(
  page: Page,
  crn: string,
  answers: { person?: { sex: 'Female' | 'Male'; age: string }; need?: string } = {},
): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Buy a place' })).toBeVisible();
  await page.getByLabel('Case reference number (CRN)').fill(crn);
  if (answers.person) {
    const group = page.getByRole('group', { name: 'The person' });
    await group.getByLabel(answers.person.sex, { exact: true }).check();
    await group.getByLabel('Age', { exact: true }).fill(answers.person.age);
    await group
      .getByRole('group', { name: 'Risk of serious harm' })
      .getByLabel('Medium', { exact: true })
      .check();
    await group.getByLabel('Licence', { exact: true }).check();
  }
  const needs = page.getByRole('group', { name: 'Which needs should the service work on?' });
  const need = answers.need
    ? needs.getByLabel(answers.need, { exact: true })
    : needs.getByRole('checkbox').first();
  if (!(await need.isChecked())) await need.check();
  const needName = answers.need ?? (await needs.locator('label').first().innerText()).trim();
  await page
    .getByRole('group', { name: needName, exact: true })
    .getByRole('checkbox')
    .first()
    .check();
  await page
    .getByRole('group', { name: 'How complex are the person’s needs?' })
    .getByLabel('Medium', { exact: true })
    .check();
  // The label's text has the template's whitespace around it: no anchors.
  const units = page.getByLabel(/How many \w+ to buy/);
  if ((await units.count()) > 0) await units.fill('1');
}

/** Where the screenshots of the main pages go (committed, shown in the README). */
const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');

/** A screenshot for the docs: `docs/screenshots/<name>.png`, the whole page unless told. */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}
