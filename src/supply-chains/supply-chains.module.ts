import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReferenceModule } from '../reference/reference.module';
import { SubcontractEntity } from './subcontract.entity';
import {
  SubcontractResolver,
  SupplyChainMemberResolver,
  SupplyChainResolver,
} from './supply-chains.resolver';
import { SupplyChainsService } from './supply-chains.service';

/** Supply chains: subcontracts, a listing's deliverer, the supply-chain manager's view. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SubcontractEntity]),
    CatalogueModule,
    ReferenceModule,
    AuditModule,
  ],
  providers: [
    SupplyChainsService,
    SubcontractResolver,
    SupplyChainResolver,
    SupplyChainMemberResolver,
  ],
  exports: [SupplyChainsService],
})
export class SupplyChainsModule {}
