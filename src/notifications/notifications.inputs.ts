import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PagingArgs } from '../common/paging';
import { DomainEventType } from './domain-event';
import { DeliveryStatus } from './notifications.entities';

@InputType({
  description:
    'A receiver to register. Suppliers register for their organisation, purchasers and division commissioners for their division; admins name one of the two.',
})
export class RegisterWebhookInput {
  @Field({
    description:
      'Where to POST events: https to a public address. Its host is looked up at registration and before every delivery; a host that is or resolves to a loopback, private, link-local or other internal address is refused (reason WEBHOOK_ADDRESS_NOT_ALLOWED).',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @Field(() => [DomainEventType], { description: 'The event types to receive (at least one).' })
  @ArrayMinSize(1, { message: 'events must name at least one event type' })
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEnum(DomainEventType, { each: true })
  events!: DomainEventType[];

  @Field(() => ID, {
    nullable: true,
    description: 'The provider organisation that will own it (defaults to your own).',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The division that will own it (defaults to your own).',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'divisionCode must be a division code, e.g. LDN' })
  divisionCode?: string;

  @Field(() => String, { nullable: true, description: 'What it is for (up to 200 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

@ArgsType()
export class WebhooksArgs extends PagingArgs({ size: 50, max: 100 }) {
  @Field(() => ID, {
    nullable: true,
    description: 'Only this organisation’s webhooks (within your scope).',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => String, { nullable: true, description: 'Only this division’s webhooks.' })
  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'divisionCode must be a division code, e.g. LDN' })
  divisionCode?: string;

  @Field({ nullable: true, description: 'Include deactivated webhooks (default false).' })
  @IsOptional()
  @IsBoolean()
  includeInactive?: boolean;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PagingArgs({ size: 20, max: 100 }) {
  @Field(() => ID, { description: 'The webhook.' })
  @IsUUID()
  webhookId!: string;

  @Field(() => DeliveryStatus, { nullable: true, description: 'Only deliveries in this state.' })
  @IsOptional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;

  @Field(() => ID, { nullable: true, description: 'Only deliveries about this referral.' })
  @IsOptional()
  @IsUUID()
  referralId?: string;
}
