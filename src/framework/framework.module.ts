import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { ComplianceModule } from './compliance.module';
import { FrameworkEvents } from './framework-events';
import { FrameworkApplicationEntity, OrganisationMemberEntity } from './framework.entities';
import { FrameworkResolver, OrganisationDeclarationsResolver } from './framework.resolver';
import { FrameworkService } from './framework.service';

/** Joining the dynamic framework: applications, members and declarations. */
@Module({
  imports: [
    TypeOrmModule.forFeature([FrameworkApplicationEntity, OrganisationMemberEntity]),
    CatalogueModule,
    ComplianceModule,
    ReferenceModule,
    AuditModule,
    NotificationsModule,
  ],
  providers: [
    FrameworkService,
    FrameworkEvents,
    FrameworkResolver,
    OrganisationDeclarationsResolver,
  ],
  exports: [FrameworkService],
})
export class FrameworkModule {}
