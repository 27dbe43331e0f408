import { ArgsType, Field, ID } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PagingArgs } from '../common/paging';
import { EmailKind } from './email-kinds';
import { EmailStatus } from './emails.models';

@ArgsType()
export class EmailsArgs extends PagingArgs({ size: 50, max: 100 }) {
  @Field(() => EmailStatus, { nullable: true, description: 'Only emails in this state.' })
  @IsOptional()
  @IsEnum(EmailStatus)
  status?: EmailStatus;

  @Field(() => EmailKind, { nullable: true, description: 'Only emails of this kind.' })
  @IsOptional()
  @IsEnum(EmailKind)
  kind?: EmailKind;
}

@ArgsType()
export class SetEmailPreferenceArgs {
  @Field(() => EmailKind, { description: 'The kind of email (only optional kinds can be off).' })
  @IsEnum(EmailKind)
  kind!: EmailKind;

  @Field({ description: 'True to receive it, false to stop receiving it.' })
  @IsBoolean()
  enabled!: boolean;
}

@ArgsType()
export class OrganisationEmailArgs {
  @Field(() => ID, { description: 'The provider organisation.' })
  @IsUUID()
  organisationId!: string;
}

@ArgsType()
export class SetOrganisationEmailArgs extends OrganisationEmailArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'The address its emails go to (a shared mailbox is best); null stops emails to the organisation’s address.',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string | null;
}
