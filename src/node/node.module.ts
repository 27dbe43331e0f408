import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { FrameworkModule } from '../framework/framework.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { AccessLogModule } from '../privacy/access-log.module';
import { ReferenceModule } from '../reference/reference.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { SupplyChainsModule } from '../supply-chains/supply-chains.module';
import { NodeResolver } from './node.resolver';
import { NodeService } from './node.service';

/** `node(id:)`: Relay Global Object Identification over the other modules' own lookups. */
@Module({
  imports: [
    CatalogueModule,
    ReferralsModule,
    DeliveryModule,
    FrameworkModule,
    ReferenceModule,
    OutcomesModule,
    AuditModule,
    NotificationsModule,
    SupplyChainsModule,
    AccessLogModule,
  ],
  providers: [NodeService, NodeResolver],
})
export class NodeModule {}
