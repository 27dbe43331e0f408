import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReferenceModule } from '../reference/reference.module';
import {
  OutboxEventEntity,
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
} from './notifications.entities';
import { NotificationsResolver } from './notifications.resolver';
import { OutboxService } from './outbox.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { HostResolver } from './host-resolver';
import { WebhookAddressGuard } from './webhook-address';
import { WebhooksService } from './webhooks.service';

/**
 * Domain events and webhooks: other modules call {@link OutboxService.enqueue} in their
 * transactions; the dispatcher delivers to the webhooks organisations and divisions register.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      OutboxEventEntity,
      WebhookEntity,
      WebhookDeliveryEntity,
      WebhookDeliveryAttemptEntity,
    ]),
    AuditModule,
    CatalogueModule,
    ReferenceModule,
  ],
  providers: [
    OutboxService,
    WebhooksService,
    WebhookDispatcher,
    NotificationsResolver,
    HostResolver,
    WebhookAddressGuard,
  ],
  exports: [OutboxService],
})
export class NotificationsModule {}
