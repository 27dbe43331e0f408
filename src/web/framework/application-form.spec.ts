import {
  answersFromApplication,
  applicationInput,
  declarationAnswers,
  emptyAnswers,
  isoDate,
  organisationAnswers,
  questionErrors,
  reachAnswers,
} from './application-form';

describe('the application form', () => {
  it('turns the three date boxes into a Date, and none into no date', () => {
    expect(isoDate({ day: '31', month: '3', year: '2027' })).toBe('2027-03-31');
    expect(isoDate({ day: '', month: '', year: '' })).toBeUndefined();
    // Passed on as typed, for the API's Date type to refuse.
    expect(isoDate({ day: '31', month: '', year: '2027' })).toBe('2027-00-31');
  });

  it('builds the API input from the answers of the three question pages', () => {
    let answers = organisationAnswers(emptyAnswers(), {
      name: ' Open Door ',
      kind: 'VOLUNTARY_SECTOR',
      charityNumber: '1234567',
      companyNumber: '',
      contactEmail: 'hello@example.org',
    });
    answers = reachAnswers(answers, { factors: 'ACCOMMODATION', pccAreaCodes: ['a', 'b'] });
    answers = declarationAnswers(answers, {
      'safeguardingPolicy.held': 'yes',
      'safeguardingPolicy.expiresOn-day': '1',
      'safeguardingPolicy.expiresOn-month': '4',
      'safeguardingPolicy.expiresOn-year': '2027',
      'insurance.held': 'no',
      'dataProtection.held': 'yes',
      'vettedStaff.held': 'maybe',
    });
    expect(applicationInput(answers)).toEqual({
      organisation: {
        name: 'Open Door',
        kind: 'VOLUNTARY_SECTOR',
        charityNumber: '1234567',
        companyNumber: null,
        website: null,
        description: null,
      },
      contactEmail: 'hello@example.org',
      factors: ['ACCOMMODATION'],
      pccAreaCodes: ['a', 'b'],
      declarations: {
        safeguardingPolicy: { held: true, expiresOn: '2027-04-01' },
        insurance: { held: false, expiresOn: null },
        dataProtection: { held: true, expiresOn: null },
        vettedStaff: { held: false, expiresOn: null },
      },
    });
    expect(answers.declarations.vettedStaff.held).toBeUndefined();
  });

  it('starts an amendment from the application as it was sent', () => {
    const answers = answersFromApplication({
      id: 'app-1',
      contactEmail: 'a@example.org',
      factors: ['LIFESTYLE'],
      pccAreaCodes: ['cumbria'],
      organisation: { name: 'Open Door', kind: 'PRIVATE', companyNumber: 'SC123456' },
      declarations: [{ kind: 'INSURANCE', held: true, expiresOn: '2026-12-31' }],
    });
    expect(answers.amending).toBe('app-1');
    expect(answers.declarations.insurance).toEqual({
      held: 'yes',
      expiresOn: { day: '31', month: '12', year: '2026' },
    });
    expect(answers.declarations.vettedStaff.held).toBeUndefined();
    expect(applicationInput(answers).organisation).toMatchObject({ companyNumber: 'SC123456' });
  });

  it('places each refusal on the question page and field that asked for it', () => {
    expect(
      questionErrors([
        { field: 'input.organisation.charityNumber', message: 'x' },
        { field: 'input.contactEmail', message: 'y' },
        { field: 'input.pccAreaCodes.2', message: 'z' },
        { field: 'input.declarations.insurance.expiresOn', message: 'w' },
      ]).map((e) => e.href),
    ).toEqual([
      '/join/organisation#charityNumber',
      '/join/organisation#contactEmail',
      '/join/reach#pccAreaCodes',
      '/join/declarations#insurance-expiresOn-day',
    ]);
  });
});
