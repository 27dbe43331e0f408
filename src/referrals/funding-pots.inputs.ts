import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SafeInt } from '../common/scalars';
import { FactorCode } from '../reference/factor-code';

@InputType({ description: 'One co-funder of a pot and what it puts in.' })
export class FundingPotFunderInput {
  @Field(() => ID, {
    description:
      'An organisation of kind PCC, LOCAL_AUTHORITY or HEALTH (see organisations(kind)).',
  })
  @IsUUID()
  organisationId!: string;

  @Field(() => SafeInt, { description: 'What it puts in, in pence (>= 0).' })
  @IsInt()
  @Min(0)
  amountPence!: number;
}

@InputType({ description: 'A new funding pot.' })
export class CreateFundingPotInput {
  @Field({ description: 'The division whose purchases it pays for, e.g. WAL.' })
  @IsString()
  divisionCode!: string;

  @Field(() => Int, { description: 'Financial year, named by its start year.' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  financialYear!: number;

  @Field({ description: 'A name for people (1-200 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @Field(() => [FactorCode], {
    nullable: true,
    description:
      'The needs it may pay for (every target factor must be one); empty or left out: any.',
  })
  @IsOptional()
  @IsEnum(FactorCode, { each: true })
  @ArrayUnique()
  needs?: FactorCode[];

  @Field(() => [String], {
    nullable: true,
    description: "The division's PCC areas it may pay for; empty or left out: any.",
  })
  @IsOptional()
  @IsString({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(42)
  pccAreaCodes?: string[];

  @Field(() => [FundingPotFunderInput], {
    description: 'Its co-funders (at least one, each once) and what each puts in.',
  })
  @ArrayMinSize(1, { message: 'a funding pot needs at least one co-funder' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FundingPotFunderInput)
  funders!: FundingPotFunderInput[];
}

@InputType({ description: 'Changes to a funding pot: what is left out stays as it is.' })
export class UpdateFundingPotInput {
  @Field(() => ID, { description: 'The pot.' })
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'A new name (1-200 characters).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Field(() => [FactorCode], {
    nullable: true,
    description: 'The needs it may pay for from now on (empty: any); referrals it paid stay paid.',
  })
  @IsOptional()
  @IsEnum(FactorCode, { each: true })
  @ArrayUnique()
  needs?: FactorCode[];

  @Field(() => [String], {
    nullable: true,
    description: 'The PCC areas it may pay for from now on (empty: any).',
  })
  @IsOptional()
  @IsString({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(42)
  pccAreaCodes?: string[];

  @Field(() => [FundingPotFunderInput], {
    nullable: true,
    description:
      'All its co-funders from now on, with their amounts (at least one): the total cannot go below what is committed and spent.',
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'a funding pot needs at least one co-funder' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FundingPotFunderInput)
  funders?: FundingPotFunderInput[];
}

@ArgsType()
export class FundingPotsArgs {
  @Field(() => Int, { description: 'Financial year, named by its start year.' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  financialYear!: number;

  @Field({ nullable: true, description: "Only this division's pots." })
  @IsOptional()
  @IsString()
  divisionCode?: string;
}
