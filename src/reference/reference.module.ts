import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ContractPackageAreaEntity,
  DesiredOutcomeEntity,
  DivisionEntity,
  FactorEntity,
  PccAreaEntity,
} from './reference.entities';
import { ReferenceResolver } from './reference.resolver';
import { ReferenceService } from './reference.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      FactorEntity,
      DivisionEntity,
      ContractPackageAreaEntity,
      PccAreaEntity,
      DesiredOutcomeEntity,
    ]),
  ],
  providers: [ReferenceService, ReferenceResolver],
  exports: [ReferenceService],
})
export class ReferenceModule {}
