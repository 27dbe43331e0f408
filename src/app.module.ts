import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CommissioningModule } from './commissioning/commissioning.module';
import { CommonModule } from './common/common.module';
import { ReportAnswersModule } from './commissioning/report-answers';
import { GraphqlApiModule } from './common/graphql.module';
import { InputValidationPipe } from './common/input-validation.pipe';
import { LoggingModule } from './common/logging.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DemoModule } from './demo/demo.module';
import { FrameworkModule } from './framework/framework.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { NodeModule } from './node/node.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrukModule } from './oruk/oruk.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReferenceModule } from './reference/reference.module';
import { ReferralsModule } from './referrals/referrals.module';
import { SearchModule } from './search/search.module';
import { SupplyChainsModule } from './supply-chains/supply-chains.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule,
    CommonModule,
    LoggingModule,
    DatabaseModule,
    MetricsModule,
    ReportAnswersModule,
    GraphqlApiModule,
    AuthModule,
    HealthModule,
    ReferenceModule,
    AuditModule,
    CatalogueModule,
    SupplyChainsModule,
    NotificationsModule,
    ReferralsModule,
    DeliveryModule,
    SearchModule,
    OutcomesModule,
    CommissioningModule,
    FrameworkModule,
    PrivacyModule,
    NodeModule,
    OrukModule,
    DemoModule,
    WebModule,
  ],
  providers: [{ provide: APP_PIPE, useClass: InputValidationPipe }],
})
export class AppModule {}
