import { registerDescribedEnum } from '../common/graphql-enums';

/** The OASys assessment sections an intervention can address (the inspectorate's priority factors). */
export enum FactorCode {
  ACCOMMODATION = 'ACCOMMODATION',
  ETE = 'ETE',
  FINANCE = 'FINANCE',
  RELATIONSHIPS = 'RELATIONSHIPS',
  LIFESTYLE = 'LIFESTYLE',
  DRUGS = 'DRUGS',
  ALCOHOL = 'ALCOHOL',
  EMOTIONAL_WELLBEING = 'EMOTIONAL_WELLBEING',
  THINKING_BEHAVIOUR = 'THINKING_BEHAVIOUR',
  ATTITUDES = 'ATTITUDES',
  GANG_MEMBERSHIP = 'GANG_MEMBERSHIP',
  DISCRIMINATORY_ATTITUDES = 'DISCRIMINATORY_ATTITUDES',
}

/** Names as the inspectorate prints them; seeded into the `factor` table by migration. */
export const FACTOR_NAMES: Record<FactorCode, string> = {
  ACCOMMODATION: 'Accommodation',
  ETE: 'Education, training and employment',
  FINANCE: 'Financial management and income',
  RELATIONSHIPS: 'Relationships (including domestic abuse)',
  LIFESTYLE: 'Lifestyle and associates',
  DRUGS: 'Drug misuse',
  ALCOHOL: 'Alcohol misuse',
  EMOTIONAL_WELLBEING: 'Emotional well-being (including mental health)',
  THINKING_BEHAVIOUR: 'Thinking and behaviour',
  ATTITUDES: 'Attitudes to offending',
  GANG_MEMBERSHIP: 'Gang membership',
  DISCRIMINATORY_ATTITUDES: 'Discriminatory attitudes',
};

registerDescribedEnum(
  FactorCode,
  'FactorCode',
  'A need an intervention addresses: the OASys sections inspectors use as priority factors.',
  FACTOR_NAMES,
);
