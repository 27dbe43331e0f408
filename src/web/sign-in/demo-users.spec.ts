import { demoIdentity, DemoUserOptions } from './demo-users';

const options: DemoUserOptions = {
  divisions: [{ code: 'LDN', name: 'London' }],
  organisations: [{ id: '7b0e1c1e-0000-4000-8000-000000000001', name: 'Hope Street' }],
};

describe('demoIdentity', () => {
  it("signs purchasers in as the demo history's purchaser of their division", () => {
    expect(demoIdentity({ kind: 'purchaser', divisionCode: 'LDN' }, options)).toEqual({
      identity: {
        sub: 'demo-purchaser-ldn',
        name: 'Demo purchaser, London',
        roles: ['PURCHASER'],
        divisionCode: 'LDN',
      },
    });
  });

  it('names the missing answer', () => {
    expect(demoIdentity({}, options)).toEqual({
      errors: [{ field: 'kind', message: 'Select who you are signing in as' }],
    });
    expect(demoIdentity({ kind: 'purchaser', divisionCode: 'XX' }, options)).toEqual({
      errors: [{ field: 'divisionCode', message: 'Select the division you buy for' }],
    });
    expect(demoIdentity({ kind: 'supplier', organisationId: 'nope' }, options)).toEqual({
      errors: [{ field: 'organisationId', message: 'Select the organisation you work for' }],
    });
  });

  it('gives an applicant no roles and a supplier their organisation', () => {
    expect(demoIdentity({ kind: 'applicant' }, options)).toMatchObject({ identity: { roles: [] } });
    expect(
      demoIdentity({ kind: 'supplier', organisationId: options.organisations[0].id }, options),
    ).toMatchObject({
      identity: { roles: ['SUPPLIER'], organisationId: options.organisations[0].id },
      organisationName: 'Hope Street',
    });
  });
});
