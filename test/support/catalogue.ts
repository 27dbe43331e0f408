import { tokens } from './tokens';
import { TestApp } from './test-app';

let counter = 0;

/** A fresh organisation (created by an admin through the API) and a supplier token for it. */
export async function newSupplier(
  t: TestApp,
  kind = 'VOLUNTARY_SECTOR',
  /** More of CreateOrganisationInput, e.g. a CRC's `crcOwner` and `contractPackageAreaCode`. */
  more: Record<string, unknown> = {},
): Promise<{ organisationId: string; token: string }> {
  counter += 1;
  const res = await t.gql<{ createOrganisation: { id: string } }>(
    `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
    {
      token: await tokens.admin(),
      variables: { input: { name: `Test Provider ${Date.now()}-${counter}`, kind, ...more } },
    },
  );
  if (!res.data) throw new Error(`createOrganisation failed: ${JSON.stringify(res.errors)}`);
  const organisationId = res.data.createOrganisation.id;
  return { organisationId, token: await tokens.supplier(organisationId) };
}

/** A complete listing input: everything publishing needs except the price. */
export function listingInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Housing advice and tenancy support',
    summary: 'One-to-one help to find and keep a tenancy after release.',
    description: 'Weekly sessions with a housing worker.',
    // A CRC's listing needs its rationale to be published (issue 19); others may carry one too.
    rationale: 'Local housing needs assessment 2030; feedback from probation practitioners.',
    factors: ['ACCOMMODATION'],
    deliveryModes: ['ONE_TO_ONE'],
    eligibility: { minAge: 18, maxAge: 65, riskLevels: ['LOW', 'MEDIUM', 'HIGH'] },
    venues: [
      {
        name: 'Leeds hub',
        postcode: 'ls1 4ap',
        pccAreaCode: 'west-yorkshire',
        lat: 53.8,
        lng: -1.55,
      },
    ],
    coverage: ['west-yorkshire'],
    eveningSessions: true,
    durationWeeks: 12,
    sessionCount: 12,
    capacity: 10,
    ...overrides,
  };
}

export const LISTING_FIELDS = `id status title factors capacity placesAvailable nextStartDate stale lastConfirmedAt
  provider { id name }
  eligibility { sexes minAge maxAge riskLevels supervisionTypes notes }
  venues { name postcode lat lng pccArea { code } }
  coverage { code }
  price { amountPence currency unit effectiveFrom effectiveTo }
  priceHistory { amountPence unit effectiveFrom effectiveTo }`;

export interface Listing {
  id: string;
  status: string;
  title: string;
  capacity: number;
  placesAvailable: number;
  stale: boolean;
  lastConfirmedAt: string;
  provider: { id: string; name: string };
  venues: { name: string; postcode: string; lat: number; lng: number; pccArea: { code: string } }[];
  coverage: { code: string }[];
  price: {
    amountPence: number;
    currency: string;
    unit: string;
    effectiveFrom: string;
    effectiveTo: string | null;
  } | null;
  priceHistory: {
    amountPence: number;
    unit: string;
    effectiveFrom: string;
    effectiveTo: string | null;
  }[];
}

export async function createListing(
  t: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<Listing> {
  const res = await t.gql<{ createIntervention: Listing }>(
    `mutation ($input: CreateInterventionInput!) { createIntervention(input: $input) { ${LISTING_FIELDS} } }`,
    { token, variables: { input: listingInput(overrides) } },
  );
  if (!res.data) throw new Error(`createIntervention failed: ${JSON.stringify(res.errors)}`);
  return res.data.createIntervention;
}

/** A listing created and published by its supplier (with the price in `overrides`). */
export async function publishedListing(
  t: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<Listing> {
  const listing = await createListing(t, token, overrides);
  const res = await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
    token,
    variables: { id: listing.id },
  });
  if (res.errors) throw new Error(`publishIntervention failed: ${JSON.stringify(res.errors)}`);
  return listing;
}
