import { registerDescribedEnum as register } from '../common/graphql-enums';

export enum OrganisationKind {
  CRC = 'CRC',
  VOLUNTARY_SECTOR = 'VOLUNTARY_SECTOR',
  PRIVATE = 'PRIVATE',
  PUBLIC_SECTOR = 'PUBLIC_SECTOR',
  PCC = 'PCC',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  HEALTH = 'HEALTH',
}

/**
 * The kinds of organisation that co-fund funding pots (joint commissioning) and never provide:
 * they publish no listings, so they appear in no search, rate card, feed or provider ranking.
 */
export const CO_FUNDER_KINDS: readonly OrganisationKind[] = [
  OrganisationKind.PCC,
  OrganisationKind.LOCAL_AUTHORITY,
  OrganisationKind.HEALTH,
];

/** The co-funder kinds as an SQL list, for `kind NOT IN ...` (constants, never a caller's). */
export const CO_FUNDER_KINDS_SQL = `('PCC', 'LOCAL_AUTHORITY', 'HEALTH')`;

export function isCoFunderKind(kind: string): boolean {
  return (CO_FUNDER_KINDS as readonly string[]).includes(kind);
}

export enum DeliveryMode {
  GROUP = 'GROUP',
  ONE_TO_ONE = 'ONE_TO_ONE',
  ONLINE = 'ONLINE',
  DROP_IN = 'DROP_IN',
  RESIDENTIAL = 'RESIDENTIAL',
}

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  VERY_HIGH = 'VERY_HIGH',
}

export enum SupervisionType {
  COMMUNITY_SENTENCE = 'COMMUNITY_SENTENCE',
  LICENCE = 'LICENCE',
  POST_SENTENCE_SUPERVISION = 'POST_SENTENCE_SUPERVISION',
  PRE_RELEASE = 'PRE_RELEASE',
}

export enum Adaptation {
  LEARNING_DISABILITY = 'LEARNING_DISABILITY',
  WHEELCHAIR_ACCESS = 'WHEELCHAIR_ACCESS',
  WOMEN_ONLY = 'WOMEN_ONLY',
  INTERPRETER = 'INTERPRETER',
  NEURODIVERSITY = 'NEURODIVERSITY',
  CHILDCARE = 'CHILDCARE',
  BAME_FOCUSED = 'BAME_FOCUSED',
}

export enum ListingStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUSPENDED = 'SUSPENDED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum PriceUnit {
  PER_REFERRAL = 'PER_REFERRAL',
  PER_SESSION = 'PER_SESSION',
  PER_HOUR = 'PER_HOUR',
  PER_DAY = 'PER_DAY',
}

register(OrganisationKind, 'OrganisationKind', 'What sort of body an organisation is.', {
  CRC: 'A Community Rehabilitation Company, owner of one contract package area.',
  VOLUNTARY_SECTOR: 'A charity or community organisation (the third sector).',
  PRIVATE: 'A private company other than a CRC.',
  PUBLIC_SECTOR: 'A statutory body: council, health trust, police and so on.',
  PCC: 'A Police and Crime Commissioner (one per PCC area): co-funds funding pots, never provides.',
  LOCAL_AUTHORITY: 'A local authority that co-funds funding pots; never provides.',
  HEALTH:
    'A health body (NHS trust, integrated care board) that co-funds funding pots; never provides.',
});
register(DeliveryMode, 'DeliveryMode', 'How an intervention is delivered.', {
  GROUP: 'Group sessions.',
  ONE_TO_ONE: 'One-to-one sessions with a worker.',
  ONLINE: 'Online or by phone.',
  DROP_IN: 'Drop-in sessions, no appointment.',
  RESIDENTIAL: 'Residential placement.',
});
register(Sex, 'Sex', 'Sex, as eligibility rules use it.', {
  MALE: 'Male.',
  FEMALE: 'Female.',
});
register(RiskLevel, 'RiskLevel', 'Risk of serious harm, as assessed (OASys/RoSH).', {
  LOW: 'Low risk of serious harm.',
  MEDIUM: 'Medium risk of serious harm.',
  HIGH: 'High risk of serious harm.',
  VERY_HIGH: 'Very high risk of serious harm.',
});
register(SupervisionType, 'SupervisionType', 'The order or licence a person is supervised under.', {
  COMMUNITY_SENTENCE: 'A community order or suspended sentence order.',
  LICENCE: 'Released on licence.',
  POST_SENTENCE_SUPERVISION: 'Post-sentence supervision after licence ends.',
  PRE_RELEASE: 'In custody, preparing for release.',
});
register(Adaptation, 'Adaptation', 'A way an intervention is adapted to remove a barrier.', {
  LEARNING_DISABILITY: 'Adapted for people with learning disabilities.',
  WHEELCHAIR_ACCESS: 'Venues are wheelchair accessible.',
  WOMEN_ONLY: 'Delivered to women only, by women.',
  INTERPRETER: 'Interpreters available.',
  NEURODIVERSITY: 'Adapted for neurodivergent people.',
  CHILDCARE: 'Childcare provided or paid for.',
  BAME_FOCUSED:
    'Focused on Black, Asian and minority ethnic people (their needs, staff and materials), as the inspectorate asked for.',
});
register(
  ListingStatus,
  'ListingStatus',
  'Where a listing is in its life: only PUBLISHED ones can be bought.',
  {
    DRAFT: 'Being prepared; visible only to its supplier and admins.',
    PUBLISHED: 'On the rate card: searchable and can be bought.',
    SUSPENDED: 'Temporarily off the rate card; can be published again.',
    WITHDRAWN: 'Permanently off the rate card; kept for history.',
  },
);
register(PriceUnit, 'PriceUnit', 'What one unit of the price buys.', {
  PER_REFERRAL: 'The whole intervention for one person.',
  PER_SESSION: 'One session.',
  PER_HOUR: 'One hour of delivery.',
  PER_DAY: 'One day (for example a residential night).',
});
