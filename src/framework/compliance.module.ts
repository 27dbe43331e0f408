import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ComplianceService } from './compliance.service';
import { OrganisationDeclarationEntity } from './framework.entities';

/** Declarations as live compliance, for the catalogue and referrals to consult. */
@Module({
  imports: [TypeOrmModule.forFeature([OrganisationDeclarationEntity])],
  providers: [ComplianceService],
  exports: [ComplianceService],
})
export class ComplianceModule {}
