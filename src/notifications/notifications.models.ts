import { Node } from '../common/node';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { registerDescribedEnum } from '../common/graphql-enums';
import { DateTimeScalar } from '../common/scalars';
import { Connection } from '../common/paging';
import { DomainEventType } from './domain-event';
import { DeliveryStatus } from './notifications.entities';

registerDescribedEnum(
  DeliveryStatus,
  'WebhookDeliveryStatus',
  'Where one event owed to one webhook stands.',
  {
    PENDING: 'Not delivered yet: waiting for its first attempt, a retry, or an earlier event.',
    DELIVERED: 'The receiver answered 2xx.',
    FAILED: 'Given up after the maximum number of attempts.',
    CANCELLED: 'The webhook was deactivated before it was delivered.',
  },
);

@ObjectType('Webhook', {
  implements: () => [Node],
  description:
    'A receiver of domain events, registered by a provider organisation or by a division. Deliveries are signed (see the README).',
})
export class Webhook {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field({ description: 'Where events are POSTed.' })
  url!: string;

  @Field(() => [DomainEventType], { description: 'The event types it receives.' })
  events!: DomainEventType[];

  @Field(() => ID, {
    nullable: true,
    description: 'The provider organisation it belongs to (null for a division webhook).',
  })
  organisationId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The division it belongs to (null for an organisation webhook).',
  })
  divisionCode!: string | null;

  @Field(() => String, { nullable: true, description: 'What it is for, in the owner’s words.' })
  description!: string | null;

  @Field({ description: 'False once deactivated: it receives nothing more.' })
  active!: boolean;

  @Field(() => DateTimeScalar, { description: 'When it was registered.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was deactivated.' })
  deactivatedAt!: Date | null;
}

@ObjectType('RegisteredWebhook', {
  description: 'A new webhook and its signing secret, which is shown this once only.',
})
export class RegisteredWebhook {
  @Field(() => Webhook, { description: 'The webhook.' })
  webhook!: Webhook;

  @Field({
    description:
      'The HMAC-SHA256 key every delivery is signed with. Store it now: it is never shown again.',
  })
  secret!: string;
}

@ObjectType('WebhookDeliveryAttempt', { description: 'One try at delivering an event.' })
export class WebhookDeliveryAttempt {
  @Field(() => Int, { description: 'The attempt number, from 1.' })
  number!: number;

  @Field(() => DateTimeScalar, { description: 'When it was made.' })
  at!: Date;

  @Field(() => Int, {
    nullable: true,
    description: 'The receiver’s HTTP status (null when it could not be reached).',
  })
  httpStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed, when it did.' })
  error!: string | null;

  @Field(() => Int, { description: 'How long the receiver took, in milliseconds.' })
  durationMs!: number;
}

@ObjectType('WebhookDelivery', {
  implements: () => [Node],
  description: 'One event owed to one webhook, and its attempts.',
})
export class WebhookDelivery {
  @Field(() => ID, {
    description: 'Stable identifier, sent as X-Marketplace-Delivery on every attempt.',
  })
  id!: string;

  @Field(() => ID, { description: 'The webhook.' })
  webhookId!: string;

  @Field(() => ID, { description: 'The event (the `id` in the delivered body).' })
  eventId!: string;

  @Field(() => DomainEventType, { description: 'The event type.' })
  eventType!: DomainEventType;

  @Field(() => ID, { nullable: true, description: 'The referral the event is about.' })
  referralId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the event happened.' })
  occurredAt!: Date;

  @Field(() => DeliveryStatus, { description: 'Where it stands.' })
  status!: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attemptCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it will next be tried (null once delivered, failed or cancelled).',
  })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the receiver took it.' })
  deliveredAt!: Date | null;

  @Field(() => [WebhookDeliveryAttempt], { description: 'Every attempt, oldest first.' })
  attempts!: WebhookDeliveryAttempt[];
}

export const WebhookDeliveryConnection = Connection(WebhookDelivery, {
  name: 'WebhookDelivery',
  description: 'A page of a webhook’s deliveries, newest event first.',
  edge: 'One delivery in a page.',
  node: 'The delivery.',
  edges: 'The deliveries on this page.',
  totalCount: 'How many deliveries match, over all pages.',
});
export type WebhookDeliveryConnection = InstanceType<typeof WebhookDeliveryConnection>;

export const WebhookConnection = Connection(Webhook, {
  name: 'Webhook',
  description: 'A page of the webhooks you manage, oldest first.',
  edge: 'One webhook in a page.',
  node: 'The webhook.',
  edges: 'The webhooks on this page.',
});
export type WebhookConnection = InstanceType<typeof WebhookConnection>;
