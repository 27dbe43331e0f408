import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { DeliveryMode } from '../catalogue/catalogue.enums';
import { DateTimeScalar } from '../common/scalars';
import { Attendance, NoSessionReason, RescheduleRequester } from './delivery.enums';

@InputType({
  description: 'A version of the action plan: what will be done, in how many sessions.',
})
export class ActionPlanInput {
  @Field(() => [String], { description: 'The planned activities, in plain words (1-30).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(3, { each: true })
  @MaxLength(500, { each: true })
  activities!: string[];

  @Field(() => Int, {
    description: 'Sessions planned in all (1-500): not fewer than already attended.',
  })
  @IsInt()
  @Min(1)
  @Max(500)
  plannedSessions!: number;
}

@InputType({ description: 'A session to schedule.' })
export class ScheduleSessionInput {
  @Field(() => DateTimeScalar, {
    description: 'When it starts (not before the referral was bought).',
  })
  @Type(() => Date)
  @IsDate()
  startsAt!: Date;

  @Field(() => Int, { description: 'How long, in minutes (5-720).' })
  @IsInt()
  @Min(5)
  @Max(720)
  durationMinutes!: number;

  @Field(() => DeliveryMode, { description: 'How it is delivered.' })
  @IsEnum(DeliveryMode)
  deliveryMode!: DeliveryMode;

  @Field({ nullable: true, description: 'Where, for sessions in person (no personal address).' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  venue?: string;
}

@InputType({ description: 'A new time for a session, and why.' })
export class RescheduleSessionInput {
  @Field(() => DateTimeScalar, {
    description: 'The new start (not before the referral was bought).',
  })
  @Type(() => Date)
  @IsDate()
  startsAt!: Date;

  @Field({ description: 'Why it moves (3-1000 characters).' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;

  @Field(() => RescheduleRequester, { description: 'Who asked for the move.' })
  @IsEnum(RescheduleRequester)
  requestedBy!: RescheduleRequester;
}

@InputType({
  description:
    'What happened at a session. A session that did not happen needs noSessionReason; a person who did not attend means the session did not happen.',
})
export class SessionFeedbackInput {
  @Field(() => Attendance, { description: 'Did the person attend?' })
  @IsEnum(Attendance)
  attended!: Attendance;

  @Field({ description: 'Did the session take place?' })
  @IsBoolean()
  sessionHappened!: boolean;

  @Field(() => NoSessionReason, {
    nullable: true,
    description:
      'Why it did not happen: required when sessionHappened is false, refused otherwise.',
  })
  @IsOptional()
  @IsEnum(NoSessionReason)
  noSessionReason?: NoSessionReason;

  @Field({ nullable: true, description: 'What was covered.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;

  @Field({ nullable: true, description: 'How the person responded.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  response?: string;

  @Field({
    nullable: true,
    description: 'Any concerns (risk, wellbeing, behaviour); left out or blank when none.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  concerns?: string;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Ask for the purchaser to be told about this feedback.',
  })
  @IsOptional()
  @IsBoolean()
  notifyPurchaser?: boolean;
}

@InputType({ description: 'A case note on a referral.' })
export class CaseNoteInput {
  @Field({ description: 'Subject (3-200 characters).' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  subject!: string;

  @Field({ description: 'The note (1-5000 characters; no personal details beyond the CRN).' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  body!: string;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Ask for the other side of the referral to be told.',
  })
  @IsOptional()
  @IsBoolean()
  notifyOtherSide?: boolean;
}
