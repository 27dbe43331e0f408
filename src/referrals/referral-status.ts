import { registerDescribedEnum } from '../common/graphql-enums';

export enum ReferralStatus {
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  STARTED = 'STARTED',
  COMPLETED = 'COMPLETED',
  ENDED_EARLY = 'ENDED_EARLY',
  CANCELLED = 'CANCELLED',
}

registerDescribedEnum(
  ReferralStatus,
  'ReferralStatus',
  'Where a referral (a bought place) is in its life.',
  {
    SUBMITTED:
      'Bought by the purchaser; waiting for the provider. Holds a place and commits budget.',
    ACCEPTED: 'The provider has accepted the person. Holds a place and commits budget.',
    DECLINED: 'The provider declined (with a reason); place and budget given back.',
    STARTED: 'The person has started. Holds a place and commits budget.',
    COMPLETED: 'Finished as planned; the cost is spent.',
    ENDED_EARLY: 'Ended before completion (with a reason); the cost is spent.',
    CANCELLED:
      'Cancelled by the purchaser before it started (with a reason); place and budget given back.',
  },
);
