import { tokens } from './tokens';
import { TestApp } from './test-app';

let counter = 0;

/** A unique suffix, so tests sharing one database never collide on names or numbers. */
export function unique(): string {
  counter += 1;
  return `${Date.now() % 1_000_000}${counter}`.padStart(8, '0').slice(-8);
}

/** A complete, valid application; override any part. */
export function applicationInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = unique();
  return {
    organisation: {
      name: `Open Door Project ${n}`,
      kind: 'VOLUNTARY_SECTOR',
      charityNumber: n,
      website: 'https://opendoor.example.org',
      description: 'Peer mentoring for people leaving prison in West Yorkshire.',
    },
    contactEmail: 'hello@opendoor.example.org',
    pccAreaCodes: ['west-yorkshire'],
    factors: ['ACCOMMODATION', 'LIFESTYLE'],
    declarations: {
      safeguardingPolicy: { held: true, expiresOn: '2027-03-31' },
      insurance: { held: true, expiresOn: '2026-12-31' },
      dataProtection: { held: true },
      vettedStaff: { held: true },
    },
    ...overrides,
  };
}

export const APPLICATION_FIELDS = `id status applicantId organisationId decisionNote
  organisation { name kind charityNumber companyNumber }
  declarations { kind held expiresOn expired }
  history { status by note }`;

export interface Application {
  id: string;
  status: string;
  applicantId: string;
  organisationId: string | null;
  decisionNote: string | null;
  organisation: {
    name: string;
    kind: string;
    charityNumber: string | null;
    companyNumber: string | null;
  };
  declarations: { kind: string; held: boolean; expiresOn: string | null; expired: boolean }[];
  history: { status: string; by: string; note: string | null }[];
}

/** Applies as a fresh applicant and has an admin approve: a new organisation and its member's token. */
export async function approvedSupplier(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<{ organisationId: string; token: string; applicant: string }> {
  const applicant = `applicant-${unique()}`;
  const applied = await t.gql<{ applyToJoin: Application }>(
    `mutation ($input: ApplyToJoinInput!) { applyToJoin(input: $input) { id } }`,
    { token: await tokens.applicant(applicant), variables: { input: applicationInput(overrides) } },
  );
  if (!applied.data) throw new Error(`applyToJoin failed: ${JSON.stringify(applied.errors)}`);
  const approved = await t.gql<{ approveApplication: Application }>(
    `mutation ($id: ID!) { approveApplication(id: $id) { organisationId } }`,
    { token: await tokens.admin(), variables: { id: applied.data.applyToJoin.id } },
  );
  if (!approved.data) throw new Error(`approve failed: ${JSON.stringify(approved.errors)}`);
  const organisationId = approved.data.approveApplication.organisationId!;
  return { organisationId, token: await tokens.supplier(organisationId, applicant), applicant };
}
