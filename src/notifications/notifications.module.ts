import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
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
import { EmailDispatcher } from './email-dispatcher';
import { EmailJobs } from './email-jobs';
import { EmailSender, MailboxEmailSender, NotifyEmailSender } from './email-sender';
import { EmailsResolver } from './emails.resolver';
import { EmailsService } from './emails.service';

/**
 * Domain events, webhooks and emails: other modules call {@link OutboxService.enqueue} in their
 * transactions; the dispatcher delivers to the webhooks organisations and divisions register, and
 * the email dispatcher sends the emails each event owes (GOV.UK Notify, or the local mailbox).
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
    AuthModule,
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
    EmailsService,
    EmailsResolver,
    EmailDispatcher,
    EmailJobs,
    {
      provide: EmailSender,
      useFactory: (config: AppConfig, dataSource: DataSource): EmailSender =>
        config.emails.notifyApiKey
          ? new NotifyEmailSender(config)
          : new MailboxEmailSender(dataSource, config),
      inject: [AppConfig, getDataSourceToken()],
    },
  ],
  exports: [OutboxService, WebhooksService, EmailsService],
})
export class NotificationsModule {}
