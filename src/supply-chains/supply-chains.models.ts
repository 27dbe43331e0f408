import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Intervention, Organisation } from '../catalogue/catalogue.models';
import { registerDescribedEnum } from '../common/graphql-enums';
import { DateScalar, DateTimeScalar, SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { SubcontractStatus } from './supply-chain-rules';
import { Node } from '../common/node';

registerDescribedEnum(
  SubcontractStatus,
  'SubcontractStatus',
  "A subcontract's status today, from its dates.",
  {
    NOT_STARTED: 'Its first day is still to come.',
    ACTIVE: 'In force, with more than 90 days to run.',
    ENDING: 'In force, with its last day within 90 days.',
    ENDED: 'Past its last day, or ended by the prime: no new purchases of the listings it carried.',
  },
);

@ObjectType('Subcontract', {
  implements: () => [Node],
  description:
    "A prime provider's subcontract with another organisation to deliver some of its listings, for the needs and PCC areas it covers.",
})
export class Subcontract {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  /** Resolved into `prime`. */
  primeId!: string;

  /** Resolved into `subcontractor`. */
  subcontractorId!: string;

  @Field({ description: "The prime's own reference for the contract." })
  reference!: string;

  @Field(() => DateScalar, { description: 'First day it runs.' })
  startsOn!: string;

  @Field(() => DateScalar, { description: 'Last day it runs, as agreed.' })
  endsOn!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'The day the prime ended it early (ENDED from this day); null otherwise.',
  })
  endedOn!: string | null;

  @Field(() => DateScalar, {
    description: 'The last day it runs: endsOn, or the day before endedOn.',
  })
  lastDay!: string;

  @Field(() => SubcontractStatus, { description: 'Its status today.' })
  status!: SubcontractStatus;

  @Field(() => [FactorCode], { description: 'The needs it covers.' })
  factors!: FactorCode[];

  @Field(() => [String], { description: 'The codes of the PCC areas it covers.' })
  pccAreaCodes!: string[];

  @Field(() => SafeInt, { description: 'The value committed each year, in pence.' })
  annualValuePence!: number;

  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it last changed.' })
  updatedAt!: Date;
}

@ObjectType('SupplyChainMember', {
  description:
    "One organisation of a prime's supply chain (the prime itself, delivering its own listings, or a subcontractor) with what it delivers for the prime.",
})
export class SupplyChainMember {
  /** Resolved into `organisation`. */
  organisationId!: string;

  @Field({ description: 'Whether this member is the prime itself.' })
  isPrime!: boolean;

  @Field(() => [Subcontract], {
    description: "Its subcontracts with the prime, newest first (none for the prime's own row).",
  })
  subcontracts!: Subcontract[];

  @Field(() => [Intervention], {
    description: "The prime's listings it delivers (any status), by title.",
  })
  listings!: Intervention[];

  @Field(() => Int, { description: 'Referrals of those listings, in the period.' })
  referrals!: number;

  @Field(() => Int, { description: 'Of those, the live ones (submitted, accepted, started).' })
  liveReferrals!: number;

  @Field(() => SafeInt, {
    description:
      'Income passed through, in pence: the fees of those referrals bought and not cancelled or declined, plus outcome payments earned.',
  })
  incomePence!: number;

  @Field(() => Int, { description: 'Outcomes recorded on those referrals.' })
  outcomes!: number;

  @Field(() => Int, { description: 'Factor judgements in those outcomes.' })
  judged!: number;

  @Field(() => Int, { description: 'Of those, the ones judged sufficient.' })
  sufficient!: number;
}

@ObjectType('SupplyChain', {
  description:
    "A prime's supply chain: each member with the prime's listings it delivers, their referrals, income passed through and outcomes, and the subcontracts ending soon.",
})
export class SupplyChain {
  /** Resolved into `prime`. */
  primeId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The financial year the referral figures count (null: all time).',
  })
  financialYear!: number | null;

  @Field(() => [SupplyChainMember], {
    description: 'The prime first, then its subcontractors by name.',
  })
  members!: SupplyChainMember[];

  @Field(() => [Subcontract], {
    description: 'Subcontracts in force whose last day is within 90 days, soonest first.',
  })
  endingSoon!: Subcontract[];
}

export { Organisation };
