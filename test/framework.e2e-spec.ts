import { createListing } from './support/catalogue';
import {
  Application,
  APPLICATION_FIELDS,
  applicationInput,
  approvedSupplier,
  unique,
} from './support/framework';
import { firstOutcomes } from './support/delivery';
import { checkPaging } from './support/paging';
import { tokens } from './support/tokens';
import { errorCodes, errorReasons, GraphQLResponse, startApp, TestApp } from './support/test-app';

const APPLY = `mutation ($input: ApplyToJoinInput!) { applyToJoin(input: $input) { ${APPLICATION_FIELDS} } }`;
const AMEND = `mutation ($id: ID!, $input: ApplyToJoinInput!) { amendApplication(id: $id, input: $input) { ${APPLICATION_FIELDS} } }`;
const APPROVE = `mutation ($id: ID!) { approveApplication(id: $id) { ${APPLICATION_FIELDS} } }`;
const CHANGES = `mutation ($id: ID!, $note: String!) { requestApplicationChanges(id: $id, note: $note) { ${APPLICATION_FIELDS} } }`;
const REJECT = `mutation ($id: ID!, $reason: String!) { rejectApplication(id: $id, reason: $reason) { ${APPLICATION_FIELDS} } }`;
const MINE = `{ myApplications { ${APPLICATION_FIELDS} } }`;

function fieldErrors(res: GraphQLResponse<unknown>): string[] {
  return (res.errors ?? []).flatMap((e) => (e.extensions?.fieldErrors ?? []).map((f) => f.field));
}

describe('joining the framework', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-05-01');
  });
  afterAll(() => t.close());

  async function apply(sub: string, input = applicationInput()) {
    return t.gql<{ applyToJoin: Application }>(APPLY, {
      token: await tokens.applicant(sub),
      variables: { input },
    });
  }

  it('lets a signed-in user with no role apply, and shows them their application', async () => {
    const sub = `jo-${unique()}`;
    const res = await apply(sub);
    expect(res.errors).toBeUndefined();
    const application = res.data!.applyToJoin;
    expect(application).toMatchObject({
      status: 'SUBMITTED',
      applicantId: sub,
      organisationId: null,
      history: [{ status: 'SUBMITTED', note: null }],
    });
    expect(application.declarations).toContainEqual({
      kind: 'SAFEGUARDING_POLICY',
      held: true,
      expiresOn: '2027-03-31',
      expired: false,
    });
    const mine = await t.gql<{ myApplications: Application[] }>(MINE, {
      token: await tokens.applicant(sub),
    });
    expect(mine.data!.myApplications.map((a) => a.id)).toEqual([application.id]);
    const others = await t.gql<{ myApplications: Application[] }>(MINE, {
      token: await tokens.applicant(`someone-else-${unique()}`),
    });
    expect(others.data!.myApplications).toEqual([]);
  });

  it('still refuses a token with no role everywhere roles are declared', async () => {
    const res = await t.gql(`{ organisations { nodes { id } } }`, {
      token: await tokens.applicant(`x-${unique()}`),
    });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
  });

  it('refuses an application from someone who already acts for an organisation', async () => {
    const res = await t.gql(APPLY, {
      token: await tokens.supplier('5f0c6a3e-1f5e-4b7a-9d7c-1a2b3c4d5e6f'),
      variables: { input: applicationInput() },
    });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
  });

  it.each([
    [
      'a charity number of 5 digits',
      { charityNumber: '12345' },
      'input.organisation.charityNumber',
    ],
    [
      'a charity number with letters',
      { charityNumber: '12A456' },
      'input.organisation.charityNumber',
    ],
    [
      'a company number of 7 characters',
      { companyNumber: '1234567' },
      'input.organisation.companyNumber',
    ],
    [
      'a company number with a 1-letter prefix',
      { companyNumber: 'S1234567' },
      'input.organisation.companyNumber',
    ],
    ['a CRC', { kind: 'CRC' }, 'input.organisation.kind'],
  ])('refuses %s', async (_case, organisation, field) => {
    const input = applicationInput();
    input.organisation = { ...(input.organisation as object), ...organisation };
    const res = await apply(`bad-${unique()}`, input);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldErrors(res)).toContain(field);
  });

  it('accepts company numbers with a prefix, in any case, and stores them upper case', async () => {
    const input = applicationInput();
    input.organisation = {
      ...(input.organisation as object),
      companyNumber: `sc${unique().slice(2)}`,
    };
    const res = await apply(`co-${unique()}`, input);
    expect(res.errors).toBeUndefined();
    expect(res.data!.applyToJoin.organisation.companyNumber).toMatch(/^SC\d{6}$/);
  });

  it('refuses unknown PCC areas and declarations that have already expired', async () => {
    const input = applicationInput({
      pccAreaCodes: ['atlantis'],
      declarations: {
        safeguardingPolicy: { held: true, expiresOn: '2026-04-30' },
        insurance: { held: true },
        dataProtection: { held: true },
        vettedStaff: { held: false },
      },
    });
    const res = await apply(`late-${unique()}`, input);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(fieldErrors(res)).toEqual([
      'input.pccAreaCodes.0',
      'input.declarations.safeguardingPolicy.expiresOn',
    ]);
  });

  it('refuses duplicates of an existing organisation by name, charity number or company number', async () => {
    const { organisationId } = await approvedSupplier(t);
    const existing = (
      await t.gql<{ organisation: { name: string; charityNumber: string } }>(
        `query ($id: ID!) { organisation(id: $id) { name charityNumber } }`,
        { token: await tokens.admin(), variables: { id: organisationId } },
      )
    ).data!.organisation;
    const byName = applicationInput();
    byName.organisation = { ...(byName.organisation as object), name: existing.name.toUpperCase() };
    expect(errorCodes(await apply(`dup1-${unique()}`, byName))).toEqual(['CONFLICT']);
    const byNumber = applicationInput();
    byNumber.organisation = {
      ...(byNumber.organisation as object),
      charityNumber: existing.charityNumber,
    };
    const res = await apply(`dup2-${unique()}`, byNumber);
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(errorReasons(res)).toEqual(['DUPLICATE']);
    expect(res.errors![0].message).toContain(existing.charityNumber);
  });

  it('allows one open application per applicant', async () => {
    const sub = `twice-${unique()}`;
    expect((await apply(sub)).errors).toBeUndefined();
    expect(errorCodes(await apply(sub))).toEqual(['CONFLICT']);
  });

  it('goes through changes requested, amended, approved; each step is audited', async () => {
    const sub = `amender-${unique()}`;
    const { id } = (await apply(sub)).data!.applyToJoin;
    const commissioner = await tokens.commissioner();

    const changes = await t.gql<{ requestApplicationChanges: Application }>(CHANGES, {
      token: commissioner,
      variables: { id, note: 'Please add your insurance renewal date.' },
    });
    expect(changes.data!.requestApplicationChanges).toMatchObject({
      status: 'CHANGES_REQUESTED',
      decisionNote: 'Please add your insurance renewal date.',
    });
    // Only the applicant amends, and not before changes are asked for.
    expect(
      errorCodes(
        await t.gql(AMEND, {
          token: await tokens.applicant(`intruder-${unique()}`),
          variables: { id, input: applicationInput() },
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(APPROVE, { token: commissioner, variables: { id } }))).toEqual([
      'CONFLICT',
    ]);

    const amended = await t.gql<{ amendApplication: Application }>(AMEND, {
      token: await tokens.applicant(sub),
      variables: { id, input: applicationInput() },
    });
    expect(amended.errors).toBeUndefined();
    expect(amended.data!.amendApplication.status).toBe('SUBMITTED');

    // Only commissioners and admins decide.
    expect(
      errorCodes(await t.gql(APPROVE, { token: await tokens.applicant(sub), variables: { id } })),
    ).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(await t.gql(APPROVE, { token: await tokens.purchaser('LDN'), variables: { id } })),
    ).toEqual(['FORBIDDEN']);

    const approved = await t.gql<{ approveApplication: Application }>(APPROVE, {
      token: commissioner,
      variables: { id },
    });
    expect(approved.errors).toBeUndefined();
    const result = approved.data!.approveApplication;
    expect(result.status).toBe('APPROVED');
    expect(result.organisationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.history.map((h) => h.status)).toEqual([
      'SUBMITTED',
      'CHANGES_REQUESTED',
      'SUBMITTED',
      'APPROVED',
    ]);
    expect(result.history[1].note).toBe('Please add your insurance renewal date.');

    const [member] = await t.dataSource.query<{ subject: string }[]>(
      `SELECT subject FROM organisation_member WHERE organisation_id = $1`,
      [result.organisationId],
    );
    expect(member.subject).toBe(sub);
    const org = await t.gql<{ organisation: { declarations: { kind: string }[] } }>(
      `query ($id: ID!) { organisation(id: $id) { name declarations { kind expiresOn } } }`,
      { token: await tokens.admin(), variables: { id: result.organisationId } },
    );
    expect(org.data!.organisation.declarations).toHaveLength(4);
    const trail = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY sequence`,
      [id],
    );
    expect(trail.map((r) => r.action)).toEqual([
      'SUBMITTED',
      'CHANGES_REQUESTED',
      'RESUBMITTED',
      'APPROVED',
    ]);
    // A second approval is a conflict, and the new member cannot apply again.
    expect(errorCodes(await t.gql(APPROVE, { token: commissioner, variables: { id } }))).toEqual([
      'CONFLICT',
    ]);
    expect(errorCodes(await apply(sub))).toEqual(['CONFLICT']);
  });

  it('pages the queue of applications for commissioners, oldest submission first', async () => {
    const mine: string[] = [];
    for (let i = 1; i <= 3; i += 1) {
      t.clock.set(`2026-05-01T13:00:0${i}Z`);
      mine.push((await apply(`queue-${unique()}`)).data!.applyToJoin.id);
    }
    t.clock.set('2026-05-01');
    const QUEUE = `query ($after: String) { frameworkApplications(status: SUBMITTED, first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } }`;
    const token = await tokens.commissioner('LDN');
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const res: GraphQLResponse<{
        frameworkApplications: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { id: string; status: string } }[];
        };
      }> = await t.gql(QUEUE, { token, variables: { after } });
      const page = res.data!.frameworkApplications;
      total = page.totalCount;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      expect(page.edges.every((e) => e.node.status === 'SUBMITTED')).toBe(true);
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
    expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
    expect(
      await checkPaging(t, token, {
        field: 'frameworkApplications',
        args: 'status: SUBMITTED',
        max: 100,
      }),
    ).toEqual(seen);
    expect(errorCodes(await t.gql(QUEUE, { token, variables: { after: 'bogus' } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      errorCodes(await t.gql(QUEUE, { token: await tokens.supplier(mine[0]), variables: {} })),
    ).toEqual(['FORBIDDEN']);
  });

  it('rejects with a reason, for good', async () => {
    const sub = `rejected-${unique()}`;
    const { id } = (await apply(sub)).data!.applyToJoin;
    const admin = await tokens.admin();
    expect(
      errorCodes(await t.gql(REJECT, { token: admin, variables: { id, reason: ' ' } })),
    ).toEqual(['BAD_USER_INPUT']);
    const res = await t.gql<{ rejectApplication: Application }>(REJECT, {
      token: admin,
      variables: { id, reason: 'Not a provider of interventions.' },
    });
    expect(res.data!.rejectApplication).toMatchObject({
      status: 'REJECTED',
      decisionNote: 'Not a provider of interventions.',
    });
    expect(errorCodes(await t.gql(APPROVE, { token: admin, variables: { id } }))).toEqual([
      'CONFLICT',
    ]);
    // Rejection closes the application: the applicant may try again.
    expect((await apply(sub)).errors).toBeUndefined();
  });
});

describe('declarations as live compliance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-05-01');
  });
  afterAll(() => {
    t.clock.reset();
    return t.close();
  });

  const PUBLISH = `mutation ($id: ID!) { publishIntervention(id: $id) { status } }`;
  const RENEW = `mutation ($org: ID!, $d: DeclarationInput!) { renewDeclaration(organisationId: $org, kind: SAFEGUARDING_POLICY, declaration: $d) { kind expiresOn expired } }`;

  function declarations(safeguardingExpiresOn: string) {
    return {
      declarations: {
        safeguardingPolicy: { held: true, expiresOn: safeguardingExpiresOn },
        insurance: { held: true, expiresOn: '2027-01-31' },
        dataProtection: { held: true },
        vettedStaff: { held: true },
      },
    };
  }

  it('lists declarations that expire soon for commissioners', async () => {
    const { organisationId } = await approvedSupplier(t, declarations('2026-05-10'));
    const res = await t.gql<{
      expiringDeclarations: {
        nodes: {
          kind: string;
          expiresOn: string;
          expired: boolean;
          organisation: { id: string };
        }[];
      };
    }>(
      `{ expiringDeclarations(withinDays: 14) { nodes { kind expiresOn expired organisation { id } } } }`,
      { token: await tokens.commissioner() },
    );
    const own = res.data!.expiringDeclarations.nodes.filter(
      (d) => d.organisation.id === organisationId,
    );
    expect(own).toEqual([
      {
        kind: 'SAFEGUARDING_POLICY',
        expiresOn: '2026-05-10',
        expired: false,
        organisation: { id: organisationId },
      },
    ]);
    expect(
      errorCodes(
        await t.gql(`{ expiringDeclarations(withinDays: 14) { nodes { kind } } }`, {
          token: await tokens.purchaser('LDN'),
        }),
      ),
    ).toEqual(['FORBIDDEN']);
    // Soonest first, paged forward and backward alike.
    const paged = await checkPaging(t, await tokens.commissioner(), {
      field: 'expiringDeclarations',
      args: 'withinDays: 366',
      key: 'kind expiresOn organisation { id }',
      keyOf: (d) =>
        `${d.expiresOn as string} ${(d.organisation as { id: string }).id} ${d.kind as string}`,
      max: 500,
      size: 1,
    });
    expect(paged).toEqual([...paged].sort());
  });

  it('stops an organisation whose safeguarding declaration has expired publishing or accepting referrals until renewed', async () => {
    t.clock.set('2026-05-01');
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "LDN", financialYear: 2026, amountPence: 5000000000) { allocatedPence } }`,
      { token: await tokens.admin() },
    );
    const supplier = await approvedSupplier(t, declarations('2026-05-20'));
    const listing = await createListing(t, supplier.token, {
      capacity: 5,
      price: { amountPence: 30000, unit: 'PER_REFERRAL' },
    });
    const second = await createListing(t, supplier.token, {
      price: { amountPence: 30000, unit: 'PER_REFERRAL' },
    });
    expect(
      (await t.gql(PUBLISH, { token: supplier.token, variables: { id: listing.id } })).errors,
    ).toBeUndefined();
    const referral = await t.gql<{ createReferral: { id: string } }>(
      `mutation ($input: CreateReferralInput!) { createReferral(idempotencyKey: "${unique()}-safeguarding", input: $input) { id } }`,
      {
        token: await tokens.purchaser('LDN'),
        variables: {
          input: {
            interventionId: listing.id,
            crn: 'X900001',
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: await firstOutcomes(t, await tokens.purchaser('LDN'), [
              'ACCOMMODATION',
            ]),
            complexity: 'LOW',
            units: 1,
            person: { sex: 'MALE', age: 30, riskLevel: 'LOW', supervisionType: 'LICENCE' },
          },
        },
      },
    );
    expect(referral.errors).toBeUndefined();

    t.clock.set('2026-05-21');
    const publish = await t.gql(PUBLISH, { token: supplier.token, variables: { id: second.id } });
    expect(errorCodes(publish)).toEqual(['CONFLICT']);
    expect(errorReasons(publish)).toEqual(['SAFEGUARDING_DECLARATION_EXPIRED']);
    expect(publish.errors![0].message).toMatch(/safeguarding policy.*expired on 2026-05-20/);
    const ACCEPT = `mutation ($id: ID!) { acceptReferral(id: $id) { status } }`;
    const accept = await t.gql(ACCEPT, {
      token: supplier.token,
      variables: { id: referral.data!.createReferral.id },
    });
    expect(errorCodes(accept)).toEqual(['CONFLICT']);
    expect(errorReasons(accept)).toEqual(['SAFEGUARDING_DECLARATION_EXPIRED']);

    // Another organisation cannot renew it; its own supplier can, and both work again.
    const other = await approvedSupplier(t);
    expect(
      errorCodes(
        await t.gql(RENEW, {
          token: other.token,
          variables: { org: supplier.organisationId, d: { held: true, expiresOn: '2027-05-20' } },
        }),
      ),
    ).toEqual(['FORBIDDEN']);
    const renewed = await t.gql(RENEW, {
      token: supplier.token,
      variables: { org: supplier.organisationId, d: { held: true, expiresOn: '2027-05-20' } },
    });
    expect(renewed.data).toEqual({
      renewDeclaration: { kind: 'SAFEGUARDING_POLICY', expiresOn: '2027-05-20', expired: false },
    });
    expect(
      (await t.gql(PUBLISH, { token: supplier.token, variables: { id: second.id } })).errors,
    ).toBeUndefined();
    expect(
      (
        await t.gql(ACCEPT, {
          token: supplier.token,
          variables: { id: referral.data!.createReferral.id },
        })
      ).errors,
    ).toBeUndefined();
  });

  it('lets an organisation opt in to publishing its prices openly (its suppliers or an admin)', async () => {
    const supplier = await approvedSupplier(t);
    const other = await approvedSupplier(t);
    const SET = `mutation ($id: ID!, $p: Boolean!) { setPublishPricesOpenly(organisationId: $id, publish: $p) { publishPricesOpenly } }`;
    expect(
      errorCodes(
        await t.gql(SET, {
          token: other.token,
          variables: { id: supplier.organisationId, p: true },
        }),
      ),
    ).toEqual(['FORBIDDEN']);
    const res = await t.gql(SET, {
      token: supplier.token,
      variables: { id: supplier.organisationId, p: true },
    });
    expect(res.data).toEqual({ setPublishPricesOpenly: { publishPricesOpenly: true } });
  });
});
