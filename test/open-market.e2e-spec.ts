import { createListing } from './support/catalogue';
import { Application, APPLICATION_FIELDS, applicationInput, unique } from './support/framework';
import { feed, Page, violations } from './support/oruk';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

describe('opening the market: from application to the public directory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('a new organisation applies, is asked for changes, is approved, publishes its first listing, and it appears in /oruk/services at once', async () => {
    const sub = `new-charity-${unique()}`;
    const applicant = await tokens.applicant(sub);
    const commissioner = await tokens.commissioner();
    const first = applicationInput();
    const name = (first.organisation as { name: string }).name;

    const applied = await t.gql<{ applyToJoin: Application }>(
      `mutation ($input: ApplyToJoinInput!) { applyToJoin(input: $input) { ${APPLICATION_FIELDS} } }`,
      { token: applicant, variables: { input: first } },
    );
    expect(applied.errors).toBeUndefined();
    const id = applied.data!.applyToJoin.id;

    const changes = await t.gql<{ requestApplicationChanges: Application }>(
      `mutation ($id: ID!) { requestApplicationChanges(id: $id, note: "Tell us about your safeguarding lead.") { status } }`,
      { token: commissioner, variables: { id } },
    );
    expect(changes.data!.requestApplicationChanges.status).toBe('CHANGES_REQUESTED');

    const amended = await t.gql<{ amendApplication: Application }>(
      `mutation ($id: ID!, $input: ApplyToJoinInput!) { amendApplication(id: $id, input: $input) { status } }`,
      {
        token: applicant,
        variables: {
          id,
          input: {
            ...first,
            organisation: {
              ...(first.organisation as object),
              description: 'Peer mentoring; our safeguarding lead is a qualified social worker.',
            },
          },
        },
      },
    );
    expect(amended.data!.amendApplication.status).toBe('SUBMITTED');

    const approved = await t.gql<{ approveApplication: Application }>(
      `mutation ($id: ID!) { approveApplication(id: $id) { status organisationId } }`,
      { token: commissioner, variables: { id } },
    );
    expect(approved.data!.approveApplication.status).toBe('APPROVED');
    const organisationId = approved.data!.approveApplication.organisationId!;

    // The identity provider now issues the applicant a supplier token for the new organisation.
    const supplier = await tokens.supplier(organisationId, sub);
    const listing = await createListing(t, supplier, {
      title: 'Peer mentoring through the gate',
      factors: ['LIFESTYLE'],
      price: { amountPence: 20000, unit: 'PER_REFERRAL' },
    });
    const published = await t.gql<{ publishIntervention: { status: string } }>(
      `mutation ($id: ID!) { publishIntervention(id: $id) { status } }`,
      { token: supplier, variables: { id: listing.id } },
    );
    expect(published.data!.publishIntervention.status).toBe('PUBLISHED');

    const services = await feed<Page>(t.url, `/services?organization_id=${organisationId}`);
    expect(services.status).toBe(200);
    expect(violations('service_list', services.body)).toEqual([]);
    expect(services.body.contents).toEqual([
      expect.objectContaining({
        id: listing.id,
        name: 'Peer mentoring through the gate',
        organization: expect.objectContaining({
          id: organisationId,
          name,
          description: 'Peer mentoring; our safeguarding lead is a qualified social worker.',
        }) as object,
      }),
    ]);
    const one = await feed(t.url, `/services/${listing.id}`);
    expect(violations('service', one.body)).toEqual([]);
  });
});
