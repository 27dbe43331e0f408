import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OrganisationKind } from '../catalogue/catalogue.enums';
import { TEXT_LIMITS } from '../catalogue/catalogue.inputs';
import { PagingArgs } from '../common/paging';
import { DateScalar } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';
import { ApplicationStatus } from './framework.enums';
import { CHARITY_NUMBER, COMPANY_NUMBER, normaliseCompanyNumber } from './application-rules';

/** Kinds that may join through the framework: CRCs hold contracts and are added by an admin. */
export const APPLICANT_KINDS = [
  OrganisationKind.VOLUNTARY_SECTOR,
  OrganisationKind.PRIVATE,
  OrganisationKind.PUBLIC_SECTOR,
];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType({ description: 'The organisation an applicant wants to bring onto the framework.' })
export class ApplicantOrganisationInput {
  @Field({ description: 'Name as buyers will know it (must not match an existing organisation).' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(TEXT_LIMITS.name)
  name!: string;

  @Field(() => OrganisationKind, {
    description: 'Voluntary sector, private or public sector (CRCs are added by an admin).',
  })
  @IsEnum(OrganisationKind)
  @IsIn(APPLICANT_KINDS, { message: 'kind must be VOLUNTARY_SECTOR, PRIVATE or PUBLIC_SECTOR' })
  kind!: OrganisationKind;

  @Field({
    nullable: true,
    description: 'Registered charity number, England and Wales: 6 to 8 digits.',
  })
  @IsOptional()
  @Transform(trim)
  @Matches(CHARITY_NUMBER, { message: 'charityNumber must be 6 to 8 digits' })
  charityNumber?: string;

  @Field({
    nullable: true,
    description:
      'Companies House number: 8 characters, 8 digits or a 2-letter prefix and 6 digits (SC123456).',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normaliseCompanyNumber(value) : value,
  )
  @Matches(COMPANY_NUMBER, {
    message: 'companyNumber must be 8 characters: 8 digits, or 2 letters and 6 digits',
  })
  companyNumber?: string;

  @Field({ nullable: true, description: 'Website, https://...' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string;

  @Field({ nullable: true, description: 'What the organisation does, in a few sentences.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(TEXT_LIMITS.description)
  description?: string;
}

@InputType({ description: 'One declaration: whether it is held and until when.' })
export class DeclarationInput {
  @Field({ description: 'Whether the organisation holds it now.' })
  @IsBoolean()
  held!: boolean;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day it is good for (a policy review date, a renewal date); omit if none.',
  })
  @IsOptional()
  @IsString()
  expiresOn?: string;
}

@InputType({ description: 'The four declarations every supplier makes to join.' })
export class DeclarationsInput {
  @Field(() => DeclarationInput, { description: 'A safeguarding policy is in place.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => DeclarationInput)
  safeguardingPolicy!: DeclarationInput;

  @Field(() => DeclarationInput, { description: 'Liability insurance is held.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => DeclarationInput)
  insurance!: DeclarationInput;

  @Field(() => DeclarationInput, { description: 'Data protection registration and compliance.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => DeclarationInput)
  dataProtection!: DeclarationInput;

  @Field(() => DeclarationInput, { description: 'Staff are vetted (DBS checked).' })
  @IsDefined()
  @ValidateNested()
  @Type(() => DeclarationInput)
  vettedStaff!: DeclarationInput;
}

@InputType({ description: 'An application to join the framework as a supplier.' })
export class ApplyToJoinInput {
  @Field(() => ApplicantOrganisationInput, { description: 'The organisation applying.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ApplicantOrganisationInput)
  organisation!: ApplicantOrganisationInput;

  @Field({ description: 'Where commissioners write about the application.' })
  @IsEmail()
  @MaxLength(320)
  contactEmail!: string;

  @Field(() => [String], { description: 'PCC area codes the organisation means to serve.' })
  @ArrayUnique()
  @ArrayMaxSize(42)
  @IsString({ each: true })
  pccAreaCodes!: string[];

  @Field(() => [FactorCode], { description: 'Factors its interventions will address.' })
  @ArrayUnique()
  @ArrayMaxSize(12)
  @IsEnum(FactorCode, { each: true })
  factors!: FactorCode[];

  @Field(() => DeclarationsInput, { description: 'The four declarations.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => DeclarationsInput)
  declarations!: DeclarationsInput;
}

@ArgsType()
export class FrameworkApplicationsArgs extends PagingArgs({ size: 20, max: 100 }) {
  @Field(() => ApplicationStatus, {
    nullable: true,
    description: 'Only this status (SUBMITTED: the queue to decide).',
  })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus;
}

@ArgsType()
export class ExpiringDeclarationsArgs extends PagingArgs({ size: 100, max: 500 }) {
  @Field(() => Int, { description: 'Days from today (0-366).' })
  @IsInt()
  withinDays!: number;
}
