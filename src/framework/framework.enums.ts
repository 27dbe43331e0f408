import { registerDescribedEnum } from '../common/graphql-enums';

export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

export enum DeclarationKind {
  SAFEGUARDING_POLICY = 'SAFEGUARDING_POLICY',
  INSURANCE = 'INSURANCE',
  DATA_PROTECTION = 'DATA_PROTECTION',
  VETTED_STAFF = 'VETTED_STAFF',
}

/** How each declaration kind is named to people (in errors and the README). */
export const DECLARATION_NAMES: Record<DeclarationKind, string> = {
  SAFEGUARDING_POLICY: 'safeguarding policy',
  INSURANCE: 'insurance',
  DATA_PROTECTION: 'data protection',
  VETTED_STAFF: 'vetted staff',
};

registerDescribedEnum(
  ApplicationStatus,
  'ApplicationStatus',
  'Where an application to join the framework stands.',
  {
    SUBMITTED: 'Waiting for a commissioner to decide.',
    CHANGES_REQUESTED: 'A commissioner asked for changes; the applicant may amend and resubmit.',
    APPROVED: 'Approved: the organisation exists and the applicant is its first member.',
    REJECTED: 'Rejected, with a reason. Final.',
  },
);

registerDescribedEnum(
  DeclarationKind,
  'DeclarationKind',
  'What a supplier declares to join the framework and keeps up to date.',
  {
    SAFEGUARDING_POLICY:
      'A safeguarding policy is in place. Once expired, the organisation cannot publish or accept referrals.',
    INSURANCE: 'Public and employer liability insurance is held.',
    DATA_PROTECTION: 'Registered with the ICO and compliant with data protection law.',
    VETTED_STAFF: 'Staff working with people on probation are vetted (DBS checked).',
  },
);
