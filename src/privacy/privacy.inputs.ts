import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PagingArgs } from '../common/paging';

const CRN = /^[A-Z][0-9]{6}$/;
const CRN_MESSAGE = 'crn must be one capital letter and six digits, e.g. X123456';

@ArgsType()
export class CrnArgs {
  @Field({ description: 'Case reference number: one capital letter and six digits, e.g. X123456.' })
  @Matches(CRN, { message: CRN_MESSAGE })
  crn!: string;
}

@ArgsType()
export class ErasePersonArgs extends CrnArgs {
  @Field({
    description:
      'The lawful ground and the request it answers (kept in the audit trail), at least 10 characters.',
  })
  @IsString()
  @MinLength(10, { message: 'reason must say the lawful ground, at least 10 characters' })
  @MaxLength(1000)
  reason!: string;
}

@ArgsType()
export class PersonalDataAccessArgs extends PagingArgs({ size: 50, max: 200 }) {
  @Field({
    nullable: true,
    description: "Reads of this person's referrals (give crn, userId or both).",
  })
  @IsOptional()
  @Matches(CRN, { message: CRN_MESSAGE })
  crn?: string;

  @Field({ nullable: true, description: "Reads by this user (the reader's token subject)." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  userId?: string;
}
