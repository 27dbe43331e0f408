import { RiskLevel, Sex, SupervisionType } from './catalogue.enums';
import {
  eligibilityCheck,
  eligibilityFailures,
  EligibilityRule,
  PersonProfile,
} from './eligibility';

const anyone: EligibilityRule = {
  sexes: [],
  minAge: null,
  maxAge: null,
  riskLevels: [],
  supervisionTypes: [],
};
const person: PersonProfile = {
  sex: Sex.MALE,
  age: 30,
  riskLevel: RiskLevel.HIGH,
  supervisionType: SupervisionType.LICENCE,
};

describe('eligibilityFailures', () => {
  it('admits anyone when the rule is empty', () => {
    expect(eligibilityFailures(anyone, person)).toEqual([]);
  });

  it('admits a person on the age bounds themselves', () => {
    expect(eligibilityFailures({ ...anyone, minAge: 30, maxAge: 30 }, person)).toEqual([]);
  });

  it('lists every criterion failed', () => {
    const rule: EligibilityRule = {
      sexes: [Sex.FEMALE],
      minAge: 18,
      maxAge: 25,
      riskLevels: [RiskLevel.LOW, RiskLevel.MEDIUM],
      supervisionTypes: [SupervisionType.COMMUNITY_SENTENCE],
    };
    expect(eligibilityFailures(rule, person)).toEqual([
      'sex: admits FEMALE only',
      'age: admits 25 and under',
      'riskLevel: admits LOW, MEDIUM risk only',
      'supervisionType: admits COMMUNITY_SENTENCE only',
    ]);
    expect(eligibilityFailures({ ...anyone, minAge: 31 }, person)).toEqual([
      'age: admits 31 and over',
    ]);
  });
});

describe('eligibilityCheck', () => {
  it('names each criterion the person fails, apart from what the listing admits', () => {
    const rule = {
      sexes: [Sex.FEMALE],
      minAge: 18,
      maxAge: null,
      riskLevels: [],
      supervisionTypes: [],
    };
    expect(
      eligibilityCheck(rule, {
        sex: Sex.MALE,
        age: 17,
        riskLevel: RiskLevel.LOW,
        supervisionType: SupervisionType.LICENCE,
      }),
    ).toEqual({
      eligible: false,
      failures: [
        { criterion: 'sex', message: 'admits FEMALE only' },
        { criterion: 'age', message: 'admits 18 and over' },
      ],
    });
    expect(
      eligibilityCheck(rule, {
        sex: Sex.FEMALE,
        age: 30,
        riskLevel: RiskLevel.HIGH,
        supervisionType: SupervisionType.LICENCE,
      }),
    ).toEqual({ eligible: true, failures: [] });
  });
});
