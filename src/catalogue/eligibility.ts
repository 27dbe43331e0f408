import { SqlParams } from '../common/sql-params';
import { RiskLevel, Sex, SupervisionType } from './catalogue.enums';

/** The profile of a person on probation that eligibility rules look at (never who they are). */
export interface PersonProfile {
  sex: Sex;
  age: number;
  riskLevel: RiskLevel;
  supervisionType: SupervisionType;
}

export interface EligibilityRule {
  sexes: Sex[];
  minAge: number | null;
  maxAge: number | null;
  riskLevels: RiskLevel[];
  supervisionTypes: SupervisionType[];
}

/**
 * Every criterion of the rule the person fails, in words a referrer can act on; empty when
 * eligible. Empty lists and missing bounds admit anyone.
 */
export function eligibilityFailures(rule: EligibilityRule, person: PersonProfile): string[] {
  const failures: string[] = [];
  if (rule.sexes.length > 0 && !rule.sexes.includes(person.sex)) {
    failures.push(`sex: admits ${rule.sexes.join(' or ')} only`);
  }
  if (rule.minAge !== null && person.age < rule.minAge)
    failures.push(`age: admits ${rule.minAge} and over`);
  if (rule.maxAge !== null && person.age > rule.maxAge)
    failures.push(`age: admits ${rule.maxAge} and under`);
  if (rule.riskLevels.length > 0 && !rule.riskLevels.includes(person.riskLevel)) {
    failures.push(`riskLevel: admits ${rule.riskLevels.join(', ')} risk only`);
  }
  if (rule.supervisionTypes.length > 0 && !rule.supervisionTypes.includes(person.supervisionType)) {
    failures.push(`supervisionType: admits ${rule.supervisionTypes.join(', ')} only`);
  }
  return failures;
}

/** Whether the rule admits the person, each failed criterion apart from what it admits. */
export function eligibilityCheck(
  rule: EligibilityRule,
  person: PersonProfile,
): { eligible: boolean; failures: { criterion: string; message: string }[] } {
  const failures = eligibilityFailures(rule, person).map((failure) => {
    const [criterion, ...message] = failure.split(': ');
    return { criterion, message: message.join(': ') };
  });
  return { eligible: failures.length === 0, failures };
}

/**
 * The same rule as `eligibilityFailures`, in SQL, for statements that find listings (the
 * search): one condition per criterion on the listing aliased `listing`, all true when it admits
 * the person, whose profile goes into `p` as parameters.
 */
export function eligibilitySql(listing: string, person: PersonProfile, p: SqlParams): string[] {
  const { sex, age, riskLevel, supervisionType } = person;
  const ageParam = p.add(age, '::int');
  return [
    `(cardinality(${listing}.sexes) = 0 OR ${p.add(sex)} = ANY(${listing}.sexes))`,
    `(${listing}.min_age IS NULL OR ${listing}.min_age <= ${ageParam})`,
    `(${listing}.max_age IS NULL OR ${listing}.max_age >= ${ageParam})`,
    `(cardinality(${listing}.risk_levels) = 0 OR ${p.add(riskLevel)} = ANY(${listing}.risk_levels))`,
    `(cardinality(${listing}.supervision_types) = 0 OR ${p.add(supervisionType)} = ANY(${listing}.supervision_types))`,
  ];
}
