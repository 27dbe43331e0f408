import { Node } from '../common/node';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '../catalogue/catalogue.enums';
import { Organisation } from '../catalogue/catalogue.models';
import { DateScalar, DateTimeScalar } from '../common/scalars';
import { Connection } from '../common/paging';
import { FactorCode } from '../reference/factor-code';
import { ApplicationStatus, DeclarationKind } from './framework.enums';

@ObjectType('Declaration', { description: 'One declaration an organisation has made.' })
export class Declaration {
  @Field(() => DeclarationKind, { description: 'What is declared.' })
  kind!: DeclarationKind;

  @Field({ description: 'Whether it is held.' })
  held!: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'Last day it is good for, if any.' })
  expiresOn!: string | null;

  @Field({ description: 'True once expiresOn has passed: it needs renewing.' })
  expired!: boolean;
}

@ObjectType('ExpiringDeclaration', {
  description: "A provider's declaration that has expired or expires soon.",
})
export class ExpiringDeclaration extends Declaration {
  /** Resolved from organisationId. */
  organisationId!: string;

  @Field(() => Organisation, { description: 'Whose declaration it is.' })
  organisation!: Organisation;
}

export const ExpiringDeclarationConnection = Connection(ExpiringDeclaration, {
  name: 'ExpiringDeclaration',
  description: 'A page of expiring declarations, soonest first.',
  edge: 'One declaration in a page.',
  node: 'The declaration.',
  edges: 'The declarations on this page.',
});
export type ExpiringDeclarationConnection = InstanceType<typeof ExpiringDeclarationConnection>;

@ObjectType('ApplicantOrganisation', {
  description: 'The organisation as the applicant described it.',
})
export class ApplicantOrganisation {
  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => OrganisationKind, { description: 'What sort of body it is.' })
  kind!: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'Registered charity number.' })
  charityNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Companies House number.' })
  companyNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Website.' })
  website!: string | null;

  @Field(() => String, { nullable: true, description: 'What it does.' })
  description!: string | null;
}

@ObjectType('ApplicationStep', { description: 'One step in an application: who did what, when.' })
export class ApplicationStep {
  @Field(() => ApplicationStatus, { description: 'The status the step led to.' })
  status!: ApplicationStatus;

  @Field(() => DateTimeScalar, { description: 'When.' })
  at!: Date;

  @Field({ description: 'Who (their name as their token gave it).' })
  by!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The changes asked for, or the reason for rejection.',
  })
  note!: string | null;
}

@ObjectType('FrameworkApplication', {
  implements: () => [Node],
  description: 'A request to join the dynamic framework as a supplier, and where it stands.',
})
export class FrameworkApplication implements Node {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => ApplicationStatus, { description: 'Where it stands.' })
  status!: ApplicationStatus;

  @Field(() => ID, { description: "The applicant's identity (their token's sub)." })
  applicantId!: string;

  @Field({ description: "The applicant's name." })
  applicantName!: string;

  @Field(() => ApplicantOrganisation, { description: 'The organisation applying.' })
  organisation!: ApplicantOrganisation;

  @Field({ description: 'Where commissioners write about the application.' })
  contactEmail!: string;

  @Field(() => [String], { description: 'PCC area codes the organisation means to serve.' })
  pccAreaCodes!: string[];

  @Field(() => [FactorCode], { description: 'Factors its interventions will address.' })
  factors!: FactorCode[];

  @Field(() => [Declaration], { description: 'The declarations as made in the application.' })
  declarations!: Declaration[];

  @Field(() => String, {
    nullable: true,
    description: 'The latest note from a commissioner: changes asked for, or why it was rejected.',
  })
  decisionNote!: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The organisation created on approval: the identity provider puts this id in the applicant's organisationId claim (with the SUPPLIER role).",
  })
  organisationId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was last submitted.' })
  submittedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was approved or rejected.' })
  decidedAt!: Date | null;

  @Field(() => [ApplicationStep], { description: 'Every step so far, oldest first.' })
  history!: ApplicationStep[];
}

export const FrameworkApplicationConnection = Connection(FrameworkApplication, {
  name: 'FrameworkApplication',
  description: 'A page of applications, oldest (re)submission first: the queue to work through.',
  edge: 'One application in a page.',
  node: 'The application.',
  edges: 'The applications on this page.',
  totalCount: 'How many applications match, over all pages.',
});
export type FrameworkApplicationConnection = InstanceType<typeof FrameworkApplicationConnection>;
