import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { RegisterWebhookInput, WebhookDeliveriesArgs, WebhooksArgs } from './notifications.inputs';
import {
  RegisteredWebhook,
  Webhook,
  WebhookConnection,
  WebhookDeliveryConnection,
} from './notifications.models';
import { WebhooksService } from './webhooks.service';

const OWNERS = [Role.SUPPLIER, Role.PURCHASER, Role.COMMISSIONER, Role.ADMIN];

@Resolver(() => Webhook)
export class NotificationsResolver {
  constructor(private readonly webhooksService: WebhooksService) {}

  @Mutation(() => RegisteredWebhook, {
    description:
      'Registers a receiver for domain events: a supplier for its organisation, a purchaser or division commissioner for their division, an admin for either. Returns the signing secret once.',
  })
  @Roles(...OWNERS)
  registerWebhook(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'Where, and which events.' }) input: RegisterWebhookInput,
  ): Promise<RegisteredWebhook> {
    return this.webhooksService.register(caller, input);
  }

  @Mutation(() => Webhook, {
    description:
      'Stops a webhook: nothing more is sent to it, and deliveries it was still owed are CANCELLED.',
  })
  @Roles(...OWNERS)
  deactivateWebhook(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID, description: 'The webhook.' }) id: string,
  ): Promise<Webhook> {
    return this.webhooksService.deactivate(caller, id);
  }

  @Query(() => WebhookConnection, {
    description:
      'Webhooks you manage, oldest first: your organisation’s (suppliers) or your division’s (purchasers, division commissioners); admins see all.',
  })
  @Roles(...OWNERS)
  webhooks(
    @CurrentCaller() caller: Caller,
    @Args() args: WebhooksArgs,
  ): Promise<WebhookConnection> {
    return this.webhooksService.webhooks(caller, args);
  }

  @Query(() => WebhookDeliveryConnection, {
    description:
      'What a webhook you manage was sent, newest event first, with every attempt and the receiver’s answers.',
  })
  @Roles(...OWNERS)
  webhookDeliveries(
    @CurrentCaller() caller: Caller,
    @Args() args: WebhookDeliveriesArgs,
  ): Promise<WebhookDeliveryConnection> {
    return this.webhooksService.deliveries(caller, args);
  }
}
