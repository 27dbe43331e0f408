import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessLogModule } from './access-log.module';
import { AnonymiserService } from './anonymiser.service';
import { PrivacyController } from './privacy.controller';
import { PrivacyResolver } from './privacy.resolver';
import { RetentionService } from './retention.service';
import { SubjectAccessService } from './subject-access.service';

/**
 * Personal data as the law expects (see docs/data-protection.md): retention (anonymising closed
 * referrals, on a schedule), subject access exports, lawful erasure, and the record of who read
 * what (`AccessLogModule`, which the reading modules use).
 */
@Module({
  imports: [AuditModule, AccessLogModule],
  controllers: [PrivacyController],
  providers: [AnonymiserService, RetentionService, SubjectAccessService, PrivacyResolver],
  exports: [RetentionService],
})
export class PrivacyModule {}
