import { AuditRecordsService } from './audit-records.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditService, AuditResolver, AuditRecordsService],
  exports: [AuditService, AuditRecordsService],
})
export class AuditModule {}
