import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
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
} from 'class-validator';
import { DateScalar, SafeInt } from '../common/scalars';
import { IsNotLessThan } from '../common/validators';
import { FactorCode } from '../reference/factor-code';

@InputType({ description: 'A new subcontract, from the prime (the caller’s organisation).' })
export class CreateSubcontractInput {
  @Field(() => ID, { description: 'The subcontractor: another organisation.' })
  @IsUUID()
  subcontractorId!: string;

  @Field({ description: "The prime's own reference for the contract (1-100 characters)." })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reference!: string;

  @Field(() => DateScalar, { description: 'First day it runs.' })
  @IsString()
  startsOn!: string;

  @Field(() => DateScalar, { description: 'Last day it runs (not before startsOn).' })
  @IsString()
  @IsNotLessThan('startsOn')
  endsOn!: string;

  @Field(() => [FactorCode], { description: 'The needs it covers: at least one.' })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(FactorCode, { each: true })
  factors!: FactorCode[];

  @Field(() => [String], { description: 'The codes of the PCC areas it covers: at least one.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(42)
  @ArrayUnique()
  @IsString({ each: true })
  pccAreaCodes!: string[];

  @Field(() => SafeInt, { description: 'The value committed each year, in pence (>= 0).' })
  @IsInt()
  @Min(0)
  annualValuePence!: number;
}

@InputType({ description: 'Changes to a subcontract; only the fields given change.' })
export class UpdateSubcontractInput {
  @Field({ nullable: true, description: "The prime's own reference (1-100 characters)." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reference?: string;

  @Field(() => DateScalar, { nullable: true, description: 'First day it runs.' })
  @IsOptional()
  @IsString()
  startsOn?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day it runs.' })
  @IsOptional()
  @IsString()
  endsOn?: string;

  @Field(() => [FactorCode], { nullable: true, description: 'The needs it covers.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(FactorCode, { each: true })
  factors?: FactorCode[];

  @Field(() => [String], { nullable: true, description: 'The PCC areas it covers.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(42)
  @ArrayUnique()
  @IsString({ each: true })
  pccAreaCodes?: string[];

  @Field(() => SafeInt, { nullable: true, description: 'The value committed each year, in pence.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  annualValuePence?: number;
}

@ArgsType()
export class SupplyChainArgs {
  @Field(() => ID, {
    nullable: true,
    description: "The prime. Default: the supplier's own organisation.",
  })
  @IsOptional()
  @IsUUID()
  primeId?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Count referrals of this financial year only (2026 = April 2026 to March 2027).',
  })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  financialYear?: number;
}
