import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { registerDescribedEnum } from '../common/graphql-enums';
import { Role } from '../auth/role';
import { Connection } from '../common/paging';
import { DateTimeScalar } from '../common/scalars';
import { Node } from '../common/node';

export enum ReadChannel {
  API = 'API',
  SUBJECT_ACCESS_EXPORT = 'SUBJECT_ACCESS_EXPORT',
}

registerDescribedEnum(ReadChannel, 'ReadChannel', 'Through what personal data was read.', {
  API: 'A query of the API, the web pages included (they call it).',
  SUBJECT_ACCESS_EXPORT: 'A subject access export.',
});

@ObjectType('PersonalDataAccessEvent', {
  implements: () => [Node],
  description:
    "One read of a referral's personal data: who, when, which referral and which fields; never the data itself.",
})
export class PersonalDataAccessEvent {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When it was read.' })
  at!: Date;

  @Field({ description: "The reader's token subject." })
  userId!: string;

  @Field(() => [Role], { description: "The reader's roles at the time." })
  roles!: Role[];

  @Field(() => ID, { description: 'The referral read.' })
  referralId!: string;

  @Field(() => [String], {
    description:
      'Which of its personal fields: crn, person, notes, caseNotes, sessionFeedback, or those of an export.',
  })
  fields!: string[];

  @Field(() => ReadChannel, { description: 'Through what.' })
  via!: ReadChannel;
}

export const PersonalDataAccessConnection = Connection(PersonalDataAccessEvent, {
  name: 'PersonalDataAccessEvent',
  description: 'A page of reads of personal data, newest first.',
  edge: 'One read in a page.',
  node: 'The read.',
  edges: 'The reads on this page.',
});
export type PersonalDataAccessConnection = InstanceType<typeof PersonalDataAccessConnection>;

@ObjectType('ErasureResult', { description: 'What a lawful erasure did.' })
export class ErasureResult {
  @Field(() => Int, { description: "The person's referrals anonymised." })
  referralsAnonymised!: number;
}
